import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { IngestError, UsageError } from './errors.js';
import type { FileInput } from './types.js';

/** Line and column (1-based) of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Reads a file as UTF-8, refusing anything else with the line and byte where decoding fails. */
export function readInput(path: string): FileInput {
  const abs = resolve(path);
  let bytes: Buffer;
  try {
    if (!statSync(abs).isFile()) throw new UsageError(`${path}: not a file`);
    bytes = readFileSync(abs);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new IngestError(
      abs,
      '1:1',
      'not UTF-8: the file starts with a UTF-16 byte-order mark (convert it, e.g. iconv -f UTF-16 -t UTF-8)',
    );
  }
  const head = bytes.subarray(0, 8192);
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) || head.includes(0)) {
    return { path: abs, name: basename(abs), text: '', bytes, binary: true };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad).toString('utf8');
    const { line, col } = lineCol(before + ' ', before.length);
    throw new IngestError(
      abs,
      `${line}:${col}`,
      `not UTF-8: byte 0x${(bytes[bad] as number).toString(16).padStart(2, '0')} at byte offset ${bad} cannot start or continue a UTF-8 character (convert the file to UTF-8, e.g. iconv -f WINDOWS-1250 -t UTF-8)`,
    );
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path: abs, name: basename(abs), text, bytes, binary: false };
}

export interface DelimitedRow {
  /** 1-based line of the row's first character in the file. */
  line: number;
  values: string[];
  /** Header name -> value (missing trailing cells are ''). */
  record: Record<string, string>;
}

export interface Delimited {
  header: string[];
  rows: DelimitedRow[];
}

/**
 * RFC 4180 reader (quotes, doubled quotes, newlines inside quotes) for any one-character delimiter.
 * Blank lines are skipped. Throws IngestError naming the line of an unterminated quote. With
 * `quotes: false` a quote is an ordinary character (tab-separated exports that never quote, such as
 * Kohesio's, where `"Зора-ЕС" ЕООД` is a name as written).
 */
export function parseDelimited(file: FileInput, delimiter = ',', options: { quotes?: boolean } = {}): Delimited {
  const quotes = options.quotes ?? true;
  const text = file.text;
  const out: Array<{ line: number; values: string[] }> = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const values: string[] = [];
    let field = '';
    let quoted = false;
    let atStart = true;
    for (;;) {
      if (i >= text.length) {
        if (quoted) throw new IngestError(file.path, `${startLine}`, 'unterminated quoted field');
        values.push(field);
        break;
      }
      const c = text[i] as string;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && atStart && quotes) {
        quoted = true;
        atStart = false;
        i++;
        continue;
      }
      if (c === delimiter) {
        values.push(field);
        field = '';
        atStart = true;
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === '\n') {
        values.push(field);
        i++;
        line++;
        break;
      }
      field += c;
      atStart = false;
      i++;
    }
    if (values.length === 1 && values[0] === '') continue;
    out.push({ line: startLine, values });
  }
  const first = out.shift();
  if (!first) return { header: [], rows: [] };
  const header = first.values.map((h) => h.trim());
  return {
    header,
    rows: out.map(({ line: l, values }) => {
      const record: Record<string, string> = {};
      header.forEach((h, k) => {
        if (h !== '' || !(h in record)) record[h] = (values[k] ?? '').trim();
      });
      return { line: l, values, record };
    }),
  };
}

/** True when the first line of the file holds every one of the given column names. */
export function headerHas(file: FileInput, delimiter: string, names: string[]): boolean {
  const end = file.text.indexOf('\n');
  const firstLine = (end < 0 ? file.text : file.text.slice(0, end)).replace(/\r$/, '');
  const cells = firstLine.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
  return names.every((n) => cells.includes(n));
}

/**
 * Offset of the first JSON syntax error in `text` (a small recursive-descent scan), or -1. Used only after
 * JSON.parse has failed, because V8's messages do not always carry a position ("Unexpected token '}'").
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++)
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          i += 5;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
        i++;
        continue;
      }
      if (c < ' ') fail();
      i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

/** JSON.parse with the line and column of a syntax error in the message. */
export function parseJson(file: FileInput): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    const message = (e as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '');
    const at = jsonErrorOffset(file.text);
    const m = /position (\d+)/.exec(message);
    const offset = at >= 0 ? at : m ? Number(m[1]) : -1;
    const where = offset >= 0 ? lineCol(file.text, offset) : null;
    throw new IngestError(
      file.path,
      where ? `${where.line}:${where.col}` : null,
      `broken JSON: ${message.replace(/ in JSON at position \d+/, '')}`,
    );
  }
}

/** Whether the text looks like JSON (first non-space character), without parsing it. */
export function looksLikeJson(file: FileInput): boolean {
  return /^\s*[[{]/.test(file.text.slice(0, 64));
}

/** Numbers as sources write them ("8648648.65", 78600000, "0.00"); '' and null are null. */
export function toNumber(value: unknown): number | null | typeof NaN {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}
