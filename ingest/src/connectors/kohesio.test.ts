import { sourcesDir } from '@regiograph/lib';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { kohesioBeneficiariesConnector as connector, kohesioKey, kohesioRegions, parseKohesio } from './kohesio.js';

const SOURCES = sourcesDir();
const TSV = join(SOURCES, 'kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv');

function context() {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  return { rejections, ctx: { sourceId: 'src:test', reject: (r: Omit<Rejection, 'file'>) => rejections.push(r) } };
}

function tempFile(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kohesio-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return readInput(path);
}

describe('kohesio-beneficiaries connector', () => {
  const file = readInput(TSV);

  it('detects the TSV by its header and refuses other files', () => {
    expect(connector.detect(file)).toEqual({ format: 'beneficiaries.tsv' });
    const csv = readInput(join(SOURCES, 'keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv'));
    const refused = connector.detect(csv);
    expect(refused.format).toBeNull();
    expect((refused as { why: string }).why).toMatch(/Kohesio beneficiaries TSV/);
  });

  it('reads all 27,222 lines into 27,147 records (75 repeated lines kept once), every region mapped', () => {
    const { ctx, rejections } = context();
    const { parsed, duplicates, unmappedRegions } = parseKohesio(file, ctx);
    expect(rejections).toEqual([]);
    expect(parsed.records).toBe(27222);
    expect(duplicates).toBe(75);
    const records = parsed.rows.organisations?.organisationRecords ?? [];
    expect(records).toHaveLength(27147);
    expect(new Set(records.map((r) => r.id)).size).toBe(27147);
    expect(unmappedRegions).toEqual([]);
    // Every record has a region; Pierīga (LV007, divided in NUTS 2024) is LV00 through the correspondence table.
    expect(records.filter((r) => !r.placeId)).toEqual([]);
    const countryOnly = new Set(records.filter((r) => r.placeId?.startsWith('place:country:')).map((r) => r.placeText));
    expect([...countryOnly]).toEqual([]);
    expect(records.find((r) => r.placeText === 'Pierīga')?.placeId).toBe('place:nuts:LV00');
    const byCountry: Record<string, number> = {};
    for (const r of records) byCountry[r.countryCode as string] = (byCountry[r.countryCode as string] ?? 0) + 1;
    expect(Object.keys(byCountry).sort()).toEqual(['BG', 'CZ', 'EE', 'HR', 'HU', 'LT', 'LV', 'PL', 'RO', 'SI', 'SK']);
  });

  it('maps every (country, region) pair of the file in kohesio-regions.csv, each to a distinct code', () => {
    const regions = kohesioRegions();
    expect(regions.size).toBe(149);
    const codes = [...regions.values()].map((r) => r.nutsCode).filter((c) => c.length > 2);
    expect(new Set(codes).size).toBe(codes.length);
    expect(regions.get('Poland\tGreater Poland Voivodeship')?.nutsCode).toBe('PL41');
    expect(regions.get('Poland\tWarszawski stołeczny')?.nutsCode).toBe('PL91');
    expect(regions.get('Hungary\tPest')?.nutsCode).toBe('HU120');
  });

  it('keys a record by country and a hash of region and name, and keeps the budgets', () => {
    const { ctx } = context();
    const records = parseKohesio(file, ctx).parsed.rows.organisations?.organisationRecords ?? [];
    const hash = createHash('sha1').update('Greater Poland Voivodeship\tGMINA PNIEWY').digest('hex').slice(0, 12);
    const pniewy = records.find((r) => r.name === 'GMINA PNIEWY');
    expect(pniewy).toMatchObject({
      id: `kohesio/beneficiary:PL:${hash}`,
      scheme: 'kohesio/beneficiary',
      key: `PL:${hash}`,
      dataset: 'kohesio-beneficiaries',
      countryCode: 'PL',
      placeId: 'place:lau:PL:3024063',
      placeText: 'Greater Poland Voivodeship',
      nameLatin: null,
      attributes: {
        budget: 5572621.2,
        euContribution: 4457155.59,
        projectCount: 4,
        region: 'Greater Poland Voivodeship',
        regionPlaceId: 'place:nuts:PL41',
        placedBy: "name 'gmina pniewy' = municipality Pniewy (place:lau:PL:3024063) in PL41",
      },
      sourceIds: [`src:test#PL:${hash}`],
    });
    // Cells are trimmed before hashing.
    expect(kohesioKey('PL', ' Greater Poland Voivodeship', 'GMINA PNIEWY ')).toBe(`PL:${hash}`);
    // A quote that opens a cell is part of the name (the file is not RFC 4180), and the Latin form is kept.
    const zora = records.find((r) => r.nameLatin === '"Zora-ES" EOOD');
    expect(zora?.name).toBe('"Зора-ЕС" ЕООД');
    expect(zora?.placeId).toBe('place:nuts:BG413');
    // Exponent notation is a number.
    const blagoevgrad = records.find((r) => r.name === 'Община Благоевград');
    expect(blagoevgrad?.attributes?.budget).toBe(47293750.62);
  });

  it('rejects a bad number with its line and field, and keeps the first of repeated lines', () => {
    const header = 'Country\tRegion\tBeneficiary Name\tTotal Budget\tEU Contribution\tNumber of Projects\tTransliterated Name\t\n';
    const f = tempFile(
      'small.tsv',
      `${header}Poland\tLublin Voivodeship\tGmina A\t100\t80\t1\t\t\nPoland\tLublin Voivodeship\tGmina B\t1OO\t80\t1\t\t\n` +
        `Poland\tLublin Voivodeship\tGmina A \t999\t1\t2\t\t\nPoland\tLublin Voivodeship\tGmina C\t10\t8\t1.5\t\t\nAtlantis\tX\tY\t1\t1\t1\t\t\n`,
    );
    const { ctx, rejections } = context();
    const { parsed, duplicates } = parseKohesio(f, ctx);
    expect(parsed.records).toBe(5);
    expect(duplicates).toBe(1);
    const records = parsed.rows.organisations?.organisationRecords ?? [];
    expect(records.map((r) => [r.name, r.attributes?.budget])).toEqual([['Gmina A', 100]]);
    expect(records[0]?.placeId).toBe('place:nuts:PL81');
    expect(rejections).toEqual([
      expect.objectContaining({ line: 3, field: 'Total Budget', reason: 'not a number: "1OO"' }),
      expect.objectContaining({ line: 5, field: 'Number of Projects' }),
      expect.objectContaining({ line: 6, field: 'Country' }),
    ]);
  });

  it('keeps figures Kohesio repeats under another region on the first record only, and other figures on each', () => {
    const header = 'Country\tRegion\tBeneficiary Name\tTotal Budget\tEU Contribution\tNumber of Projects\tTransliterated Name\t\n';
    const f = tempFile(
      'repeats.tsv',
      `${header}Romania\tNord-Est\tOFICIUL X\t1.5E7\t1.2E7\t3\t\t\nRomania\tVest\tOFICIUL X\t1.5E7\t1.2E7\t3\t\t\n` +
        `Romania\tCentru\tOFICIUL X\t500\t400\t1\t\t\nRomania\tVest\tPRIMARIA Y\t\t\t\t\t\nRomania\tCentru\tPRIMARIA Y\t\t\t\t\t\n`,
    );
    const { ctx, rejections } = context();
    const { parsed } = parseKohesio(f, ctx);
    expect(rejections).toEqual([]);
    const records = parsed.rows.organisations?.organisationRecords ?? [];
    const first = records[0]?.id;
    expect(records.map((r) => [r.placeText, r.name, r.attributes?.budget, r.attributes?.figuresOn ?? null])).toEqual([
      ['Nord-Est', 'OFICIUL X', 15000000, null],
      // The same three figures in another region: the same money, so it is not repeated here.
      ['Vest', 'OFICIUL X', null, first],
      // Other figures are this region's own.
      ['Centru', 'OFICIUL X', 500, null],
      // No figures at all: nothing to attribute, nothing to point to.
      ['Vest', 'PRIMARIA Y', null, null],
      ['Centru', 'PRIMARIA Y', null, null],
    ]);
    const budgets = records.map((r) => (r.attributes?.budget as number | null) ?? 0);
    expect(budgets.reduce((a, b) => a + b, 0)).toBe(15000500);
    expect(parsed.notes).toEqual([
      expect.stringMatching(/^1 record\(s\) repeat the budget, EU contribution and project count/),
      // "PRIMARIA Y" names a municipality the graph does not have: it stays at its region, with a note
      expect.stringMatching(/"PRIMARIA Y": no RO municipality named 'y' in RO42; kept at place:nuts:RO42$/),
      expect.stringMatching(/"PRIMARIA Y": no RO municipality named 'y' in RO12; kept at place:nuts:RO12$/),
    ]);
  });

  it('throws a file-level error when a column is missing', () => {
    const f = tempFile('broken.tsv', 'Country\tRegion\tBeneficiary Name\nPoland\tX\tY\n');
    const { ctx } = context();
    expect(() => parseKohesio(f, ctx)).toThrow(IngestError);
  });
});
