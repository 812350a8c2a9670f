import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import JSON5 from 'json5';
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

/**
 * Offset of the first byte that is not valid UTF-8, or -1. node:buffer's isUtf8 (and a fatal TextDecoder)
 * says whether a file is UTF-8 but not where it stops being so, which the error must name; it answers the
 * common case, and only a file that fails is scanned here.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
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

/** What csv-parse attaches to its errors (CsvError). */
interface CsvErrorInfo {
  code?: string;
}

/**
 * Reads delimited text with csv-parse (RFC 4180: quotes, doubled quotes, newlines inside quotes) for any
 * one-character delimiter. Blank lines are skipped, rows may be shorter than the header, cells and header
 * names are trimmed. A quote inside an unquoted cell is an ordinary character (`relax_quotes`). With
 * `quotes: false` no quote is special (tab-separated exports that never quote, such as Kohesio's, where
 * `"Зора-ЕС" ЕООД` is a name as written). Throws IngestError naming the line where a broken row starts.
 */
export function parseDelimited(file: FileInput, delimiter = ',', options: { quotes?: boolean } = {}): Delimited {
  const quotes = options.quotes ?? true;
  const rows: Array<{ line: number; values: string[] }> = [];
  // A row is cited by the line it starts on. csv-parse's own line count is where a record ends, and counts
  // a CRLF inside quotes as two lines, so the start is found from the byte offset csv-parse reports after
  // each record: skip the line breaks of blank lines, count the LFs before it.
  const buf = Buffer.from(file.text, 'utf8');
  let counted = 0;
  let line = 1;
  const lineAt = (offset: number): number => {
    for (let i = buf.indexOf(10, counted); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let end = 0;
  const nextStart = (): number => {
    let at = end;
    while (at < buf.length && (buf[at] === 10 || buf[at] === 13)) at++;
    return at;
  };
  try {
    parseCsv(buf, {
      delimiter,
      quote: quotes ? '"' : false,
      record_delimiter: ['\r\n', '\n'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record, info) => {
        rows.push({ line: lineAt(nextStart()), values: record });
        end = info.bytes;
        return null;
      },
    });
  } catch (e) {
    if ((e as CsvErrorInfo).code === undefined) throw e;
    const start = lineAt(nextStart());
    if ((e as CsvErrorInfo).code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new IngestError(
        file.path,
        String(start),
        `unterminated quoted field: a quote opened in the row of line ${start} is still open at the end of the file`,
      );
    }
    throw new IngestError(file.path, String(start), `unreadable ${delimiter === '\t' ? 'TSV' : 'CSV'} row: ${(e as Error).message}`);
  }
  const first = rows.shift();
  if (!first) return { header: [], rows: [] };
  const header = first.values.map((h) => h.trim());
  return {
    header,
    rows: rows.map(({ line: at, values }) => {
      const record: Record<string, string> = {};
      header.forEach((h, k) => {
        if (h !== '' || !(h in record)) record[h] = (values[k] ?? '').trim();
      });
      return { line: at, values, record };
    }),
  };
}

/** True when the first line of the file holds every one of the given column names. */
export function headerHas(file: FileInput, delimiter: string, names: string[]): boolean {
  const end = file.text.indexOf('\n');
  const firstLine = end < 0 ? file.text : file.text.slice(0, end);
  let cells: string[];
  try {
    cells =
      (
        parseCsv(firstLine, { delimiter, relax_quotes: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][]
      )[0] ?? [];
  } catch {
    // A header line that is not delimited text (an open quote, a JSON file) holds no column names.
    return false;
  }
  const trimmed = cells.map((c) => c.trim());
  return names.every((n) => trimmed.includes(n));
}

/**
 * Where a JSON syntax error is, as a character offset, or -1. V8's JSON.parse names a position for most
 * errors ("... in JSON at position 8") and that is the exact character, so it is kept; for "Unexpected
 * token" it names none (formats.test.ts shows both), and jsonc-parser's strict scan gives the offset of the
 * first bad token instead.
 */
export function jsonErrorOffset(text: string, message = ''): number {
  const v8 = /at position (\d+)/.exec(message);
  if (v8) return Number(v8[1]);
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset ?? -1;
}

/** JSON.parse with the line and column of a syntax error in the message. */
export function parseJson(file: FileInput): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    const message = (e as Error).message
      .replace(/, "[\s\S]*" is not valid JSON$/, '')
      .replace(/ in JSON at position \d+( \(line \d+ column \d+\))?/, '');
    const offset = jsonErrorOffset(file.text, (e as Error).message);
    const where = offset >= 0 ? lineCol(file.text, offset) : null;
    throw new IngestError(file.path, where ? `${where.line}:${where.col}` : null, `broken JSON: ${message}`);
  }
}

/** JSON5 (comments, unquoted keys, single quotes, trailing commas) with the json5 package; errors carry line:column. */
export function parseJson5(file: FileInput): unknown {
  try {
    return JSON5.parse(file.text);
  } catch (e) {
    const { lineNumber, columnNumber } = e as { lineNumber?: number; columnNumber?: number };
    const where = lineNumber !== undefined && columnNumber !== undefined ? `${lineNumber}:${columnNumber}` : null;
    throw new IngestError(file.path, where, `broken JSON5: ${(e as Error).message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}`);
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
