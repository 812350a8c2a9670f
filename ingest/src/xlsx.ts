import { inflateRawSync } from 'node:zlib';

/**
 * A minimal reader for .xlsx workbooks (Office Open XML spreadsheets), enough to read cell values of the
 * sheets of a workbook such as Eurostat's NUTS2021-NUTS2024.xlsx without a dependency: the zip central
 * directory, stored or deflated entries (node:zlib), the workbook's sheet list, shared strings and the
 * cells of a sheet. Formatting, formulas (their cached values are read), dates and styles are ignored.
 */

/** Thrown for a file that is not a readable zip/xlsx; the connector turns it into an IngestError. */
export class XlsxError extends Error {
  override name = 'XlsxError';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether the bytes start like a zip file (an .xlsx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads every entry name -> uncompressed bytes (lazily) from a zip archive's central directory. */
export function readZip(bytes: Uint8Array): Map<string, () => Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory record: signature 0x06054b50, at most 65,535 + 22 bytes from the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 0xffff; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not a zip archive (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) {
      throw new XlsxError(`broken zip central directory at byte ${at}`);
    }
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.set(name, () => {
      if (buf.readUInt32LE(localOffset) !== 0x04034b50) throw new XlsxError(`broken zip entry ${name}`);
      const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
      const data = buf.subarray(start, start + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new XlsxError(`zip entry ${name} uses compression method ${method}, which this reader does not support`);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character and entity references. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlText(m[1] as string) : null;
}

/** Text of the <t> runs of a string item, without phonetic (<rPh>) runs. */
function runText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += xmlText(m[1] as string);
  return out;
}

/** Column letters of a cell reference ("AB12" -> 27, 0-based). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const c of ref) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

export interface SheetRow {
  /** 1-based row number in the sheet. */
  row: number;
  /** Cell values by 0-based column; empty cells are ''. */
  cells: string[];
}

export interface Workbook {
  sheetNames: string[];
  /** Rows of a sheet that have at least one non-empty cell. */
  sheet(name: string): SheetRow[];
}

/** Opens a workbook. Throws XlsxError when the bytes are not an xlsx file. */
export function readXlsx(bytes: Uint8Array): Workbook {
  if (!isZip(bytes)) throw new XlsxError('not a zip archive (an .xlsx file starts with PK\\x03\\x04)');
  const zip = readZip(bytes);
  const read = (name: string): string => {
    const entry = zip.get(name);
    if (!entry) throw new XlsxError(`not an xlsx workbook: ${name} is missing`);
    return entry().toString('utf8');
  };
  const workbook = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], 'r:id');
    const target = rid ? targets.get(rid) : undefined;
    if (name !== null && target) sheets.set(name, target);
  }
  let shared: string[] | null = null;
  const sharedStrings = (): string[] => {
    if (shared) return shared;
    shared = zip.has('xl/sharedStrings.xml')
      ? [...read('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runText(m[1] ?? ''))
      : [];
    return shared;
  };
  return {
    sheetNames: [...sheets.keys()],
    sheet(name: string): SheetRow[] {
      const path = sheets.get(name);
      if (!path) throw new XlsxError(`the workbook has no sheet "${name}" (it has: ${[...sheets.keys()].join(', ')})`);
      const xml = read(path);
      const rows: SheetRow[] = [];
      for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
        const body = rm[2];
        if (!body) continue;
        const cells: string[] = [];
        for (const cm of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
          const tag = cm[1] as string;
          const inner = cm[2] ?? '';
          const ref = attr(` ${tag}`, 'r');
          const type = attr(` ${tag}`, 't');
          let value: string;
          if (type === 'inlineStr') value = runText(inner);
          else {
            const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
            const raw = v ? xmlText(v[1] as string) : '';
            if (type === 's') {
              const s = sharedStrings()[Number(raw)];
              if (raw !== '' && s === undefined) throw new XlsxError(`${name}!${ref}: shared string ${raw} does not exist`);
              value = s ?? '';
            } else value = raw;
          }
          const col = ref ? columnIndex(ref) : cells.length;
          while (cells.length < col) cells.push('');
          cells[col] = value;
        }
        if (cells.some((c) => c.trim() !== '')) {
          const r = attr(` ${rm[1] as string}`, 'r');
          rows.push({ row: r ? Number(r) : rows.length + 1, cells });
        }
      }
      return rows;
    },
  };
}
