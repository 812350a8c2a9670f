import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { nutsConnector } from './connectors/nuts.js';
import { IngestError } from './errors.js';
import { readInput } from './formats.js';
import { XlsxError, readXlsx, xlsxSheetNames } from './xlsx.js';

const sources = sourcesDir();
const workbookPath = join(sources, 'nuts-2021-2024', 'NUTS2021-NUTS2024.xlsx');

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Builds a zip archive (deflated entries) in memory, to test the reader on a workbook we control. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(text, 'utf8'));
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(Buffer.from(text, 'utf8'));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(text), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Buffer.byteLength(text), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('xlsx reader', () => {
  it('reads shared, inline and numeric cells of a small workbook, keeping empty cells in place', () => {
    const bytes = zip({
      '[Content_Types].xml':
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/sharedStrings.xml': `<sst xmlns="${MAIN}"><si><t>Code</t></si><si><r><t>Ti</t></r><r><t xml:space="preserve">mi&#537;</t></r><rPh><t>x</t></rPh></si></sst>`,
      'xl/worksheets/sheet1.xml':
        `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>&lt;in&gt;</t></is></c></row>` +
        '<row r="2"><c r="A2"/></row><row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3"><v>42</v></c></row></sheetData></worksheet>',
    });
    const wb = readXlsx(bytes);
    expect(wb.sheetNames).toEqual(['A & B']);
    expect(wb.sheet('A & B')).toEqual([
      { row: 1, cells: ['Code', '', '<in>'] },
      { row: 3, cells: ['', 'Timiș', '42'] },
    ]);
    expect(() => wb.sheet('missing')).toThrow(/no sheet "missing"/);
  });

  it('refuses what is not a zip', () => {
    expect(() => readXlsx(Buffer.from('country_code,nuts_code\n'))).toThrow(XlsxError);
  });

  it('refuses a truncated or damaged copy of the real workbook at once, by what is wrong with it', () => {
    const real = readFileSync(workbookPath);
    const started = performance.now();
    expect(() => readXlsx(real.subarray(0, 1000))).toThrow(/truncated zip archive/);
    expect(() => xlsxSheetNames(real.subarray(0, real.length - 100))).toThrow(/truncated zip archive/);
    // The head and the central directory, without the entries' data: the directory points past the end.
    const hollow = Buffer.concat([real.subarray(0, 1000), real.subarray(real.length - 2000)]);
    expect(() => readXlsx(hollow)).toThrow(/not a readable xlsx workbook/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses a zip archive that is not a workbook', () => {
    expect(() => readXlsx(zip({ 'notes.txt': 'not a spreadsheet' }))).toThrow(/not a readable xlsx workbook/);
  });

  it("reads Eurostat's NUTS2021-NUTS2024 workbook", () => {
    const wb = readXlsx(readFileSync(workbookPath));
    expect(wb.sheetNames).toEqual([
      'NUTS2024',
      'Statistical Regions',
      'NUTS2021- NUTS2024',
      'SR2021- SR2024',
      'Changes overview',
      'Changes NUTS-1',
      'Changes NUTS-2',
      'Changes NUTS-3',
      'Cyrillic & Greek to Latin',
    ]);
    const nuts = wb.sheet('NUTS2024');
    expect(nuts).toHaveLength(1583);
    expect(nuts[0]?.cells.slice(0, 6)).toEqual(['Country code', 'NUTS Code', 'NUTS label', 'NUTS level', 'Country order', '#']);
    expect(nuts.find((r) => r.cells[1] === 'PL81')?.cells.slice(0, 4)).toEqual(['PL', 'PL81', 'Lubelskie', '2']);
    expect(wb.sheet('Statistical Regions')).toHaveLength(285);
  });

  it('names the file of a damaged workbook given to the ingest, and what is wrong with it', () => {
    const real = readFileSync(workbookPath);
    const dir = mkdtempSync(join(tmpdir(), 'rg-xlsx-'));
    const cut = join(dir, 'NUTS2021-NUTS2024.xlsx');
    writeFileSync(cut, real.subarray(0, Math.floor(real.length / 2)));
    const input = readInput(cut);
    expect(input.binary).toBe(true);
    const detected = nutsConnector.detect(input);
    expect(detected).toEqual({ format: null, why: expect.stringMatching(/not a readable xlsx workbook \(a truncated zip archive/) });
    const ctx = { sourceId: 'src:test', reject: () => undefined };
    expect(() => nutsConnector.parse(input, 'NUTS2021-NUTS2024.xlsx', ctx)).toThrow(IngestError);
    expect(() => nutsConnector.parse(input, 'NUTS2021-NUTS2024.xlsx', ctx)).toThrow(`${cut}: a truncated zip archive`);
  });
});
