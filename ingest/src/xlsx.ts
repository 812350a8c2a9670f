import type * as XLSX from '@e965/xlsx';

/**
 * Cell values of the sheets of an .xlsx workbook (Office Open XML), such as Eurostat's NUTS2021-NUTS2024.xlsx,
 * read with SheetJS. The package is `@e965/xlsx`, SheetJS Community Edition 0.20.3 republished on npm: the
 * `xlsx` name on npm stopped at 0.18.5 and SheetJS now publishes only on its own server, which this project
 * cannot install from. It reads synchronously, as the connectors parse (exceljs and read-excel-file only
 * load asynchronously), and has no dependencies. Values are the cells' stored values as text (numbers as
 * written, formulas by their cached value); formatting, styles and dates as dates are not used.
 */

type SheetJs = typeof import('@e965/xlsx');
let sheetjs: SheetJs | null = null;

/**
 * SheetJS's "mini" build (xlsx and a few text formats, without the codepage tables of old binary formats),
 * loaded on first use: the full build costs about 180 ms at start-up and the mini one about 30 ms, which
 * every ingest command would otherwise pay, workbook or not.
 */
function library(): SheetJs {
  sheetjs ??= require('@e965/xlsx/dist/xlsx.mini.min.js') as SheetJs;
  return sheetjs;
}

/** Thrown for a file that is not a readable zip/xlsx; the connector turns it into an IngestError. */
export class XlsxError extends Error {
  override name = 'XlsxError';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether the bytes start like a zip file (an .xlsx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
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

/**
 * Whether a zip archive ends with its end-of-central-directory record (signature PK\x05\x06, in the last
 * 22 + 65,535 bytes), as every complete archive does. Checked before SheetJS sees the bytes: without that
 * record SheetJS falls back to walking the local entries and its inflate then runs for minutes on a
 * truncated download (xlsx.test.ts cuts the real workbook to show it is refused at once).
 */
export function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

function open(bytes: Uint8Array, options: XLSX.ParsingOptions): XLSX.WorkBook {
  if (!isZip(bytes)) throw new XlsxError('not a zip archive (an .xlsx file starts with PK\\x03\\x04)');
  if (!hasEndOfCentralDirectory(bytes)) {
    throw new XlsxError('a truncated zip archive: the end-of-central-directory record is missing (download the file again)');
  }
  try {
    return library().read(bytes, { type: 'buffer', cellHTML: false, cellText: false, cellFormula: false, ...options });
  } catch (e) {
    throw new XlsxError(`not a readable xlsx workbook: ${(e as Error).message}`);
  }
}

/** The sheet names of a workbook, without reading any sheet (what detection needs). */
export function xlsxSheetNames(bytes: Uint8Array): string[] {
  return open(bytes, { bookSheets: true }).SheetNames;
}

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'e') return cell.w ?? '';
  if (cell.v instanceof Date) return cell.v.toISOString();
  return String(cell.v);
}

/**
 * Opens a workbook and reads the given sheets (all when none are named). Throws XlsxError when the bytes are
 * not an xlsx file, and from `sheet()` for a sheet the workbook does not have.
 */
export function readXlsx(bytes: Uint8Array, sheets?: string[]): Workbook {
  const wb = open(bytes, { dense: true, ...(sheets ? { sheets } : {}) });
  return {
    sheetNames: wb.SheetNames,
    sheet(name: string): SheetRow[] {
      const ws = wb.Sheets[name];
      if (!ws) throw new XlsxError(`the workbook has no sheet "${name}" (it has: ${wb.SheetNames.join(', ')})`);
      const data = (ws as XLSX.DenseWorkSheet)['!data'] ?? [];
      const rows: SheetRow[] = [];
      data.forEach((row, r) => {
        if (!row) return;
        const cells: string[] = [];
        row.forEach((cell, c) => {
          while (cells.length < c) cells.push('');
          cells[c] = cellText(cell);
        });
        if (cells.some((c) => c.trim() !== '')) rows.push({ row: r + 1, cells });
      });
      return rows;
    },
  };
}
