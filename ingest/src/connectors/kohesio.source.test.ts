import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { parseKohesio } from './kohesio.js';

/**
 * Kohesio records checked against the raw TSV lines (split on tabs by hand), with the country names and the
 * English region names translated by tables written here, not by the connector's reference table:
 * - country name -> ISO 3166-1 alpha-2;
 * - Polish, Romanian, Czech and Slovak regions and four others (English names) -> their NUTS 2024 code, by hand;
 * - every other region -> the NUTS 2024 region of its country whose label (or Latin transliteration, for
 *   Bulgaria) is the region's name, "Province" dropped; Pierīga, merged away in NUTS 2024, -> its country.
 */

const SOURCES = sourcesDir();
const TSV = join(SOURCES, 'kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv');
const NUTS = join(SOURCES, 'nuts-2021-2024');

const COUNTRY: Record<string, string> = {
  Bulgaria: 'BG',
  Croatia: 'HR',
  Czechia: 'CZ',
  Estonia: 'EE',
  Hungary: 'HU',
  Latvia: 'LV',
  Lithuania: 'LT',
  Poland: 'PL',
  Romania: 'RO',
  Slovakia: 'SK',
  Slovenia: 'SI',
};

const REGION: Record<string, string> = {
  'Poland\tGreater Poland Voivodeship': 'PL41',
  'Poland\tKuyavian-Pomeranian Voivodeship': 'PL61',
  'Poland\tLower Silesian Voivodeship': 'PL51',
  'Poland\tLublin Voivodeship': 'PL81',
  'Poland\tLubusz Voivodeship': 'PL43',
  'Poland\tMazowiecki regionalny': 'PL92',
  'Poland\tMałopolska Province': 'PL21',
  'Poland\tOpole Voivodeship': 'PL52',
  'Poland\tPodlaskie Voivodeship': 'PL84',
  'Poland\tPomeranian Voivodeship': 'PL63',
  'Poland\tSilesian Voivodeship': 'PL22',
  'Poland\tSubcarpathian Voivodeship': 'PL82',
  'Poland\tWarmian-Masurian Voivodeship': 'PL62',
  'Poland\tWarszawski stołeczny': 'PL91',
  'Poland\tWest Pomeranian Voivodeship': 'PL42',
  'Poland\tŁódź Voivodeship': 'PL71',
  'Poland\tŚwiętokrzyskie Voivodeship': 'PL72',
  'Romania\tNord-Vest': 'RO11',
  'Romania\tCentru': 'RO12',
  'Romania\tNord-Est': 'RO21',
  'Romania\tSud-Est': 'RO22',
  'Romania\tSud - Muntenia': 'RO31',
  'Romania\tBucureşti - Ilfov': 'RO32',
  'Romania\tSud-Vest Oltenia': 'RO41',
  'Romania\tVest': 'RO42',
  'Czechia\tPrague': 'CZ010',
  'Czechia\tCentral Bohemian Region': 'CZ020',
  'Czechia\tSouth Bohemian Region': 'CZ031',
  'Czechia\tPlzeň Region': 'CZ032',
  'Czechia\tKarlovy Vary Region': 'CZ041',
  'Czechia\tÚstí nad Labem Region': 'CZ042',
  'Czechia\tLiberec Region': 'CZ051',
  'Czechia\tHradec Králové Region': 'CZ052',
  'Czechia\tPardubice Region': 'CZ053',
  'Czechia\tVysočina Region': 'CZ063',
  'Czechia\tSouth Moravian Region': 'CZ064',
  'Czechia\tOlomouc Region': 'CZ071',
  'Czechia\tZlín Region': 'CZ072',
  'Czechia\tMoravian-Silesian Region': 'CZ080',
  'Slovakia\tBratislava Region': 'SK010',
  'Slovakia\tTrnava Region': 'SK021',
  'Slovakia\tTrenčín Region': 'SK022',
  'Slovakia\tNitra Region': 'SK023',
  'Slovakia\tŽilina Region': 'SK031',
  'Slovakia\tBanská Bystrica Region': 'SK032',
  'Slovakia\tPrešov Region': 'SK041',
  'Slovakia\tKošice Region': 'SK042',
  // English names in countries whose other regions carry the NUTS label.
  'Croatia\tSplit-Dalmatia County': 'HR035',
  'Hungary\tCsongrád': 'HU333',
  'Latvia\tRiga': 'LV00A',
  'Lithuania\tVilnius County': 'LT011',
};

/** (country, label) -> NUTS 2024 code, from nuts2024.csv and the Latin transliterations (a label may be quoted). */
function nutsByLabel(): Map<string, string> {
  const out = new Map<string, string>();
  const field = (line: string, from: number) => {
    const rest = line.split(',').slice(from).join(',');
    return rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1)) : (rest.split(',')[0] ?? '');
  };
  for (const line of readFileSync(join(NUTS, 'nuts2024.csv'), 'utf8').split('\n').slice(1).filter(Boolean)) {
    const [country, code] = line.split(',') as [string, string];
    out.set(`${country}\t${field(line, 2)}`, code);
  }
  for (const line of readFileSync(join(NUTS, 'transliteration-cyrillic-greek.csv'), 'utf8').split('\n').slice(1).filter(Boolean)) {
    const [code, label, latin] = line.split(',') as [string, string, string];
    if (code.startsWith('BG')) {
      out.set(`BG\t${label}`, code);
      out.set(`BG\t${latin.trim()}`, code);
    }
  }
  return out;
}

/** Whole cents of a figure as written; an empty cell states none. */
const cents = (raw: string) => (raw === '' ? null : Math.round(Number(raw) * 100));
const centsOf = (value: unknown) => (typeof value === 'number' ? Math.round(value * 100) : value);

describe('kohesio rows against the raw TSV lines', () => {
  it('every first line of a (country, region, name) is a record with its country, region place, name and figures', () => {
    const rejections: Array<Omit<Rejection, 'file'>> = [];
    const { parsed } = parseKohesio(readInput(TSV), { sourceId: 'src:k', reject: (r) => rejections.push(r) });
    expect(rejections).toEqual([]);
    const records = new Map((parsed.rows.organisations?.organisationRecords ?? []).map((r) => [r.id, r]));
    const labels = nutsByLabel();
    const expectedNuts = (country: string, region: string): string | undefined => {
      const cc = COUNTRY[country] as string;
      if (REGION[`${country}\t${region}`]) return REGION[`${country}\t${region}`];
      // LV007 Pierīga (NUTS 2021) was divided in 2024: its smallest current region is LV00 (the correspondence table).
      if (country === 'Latvia' && region === 'Pierīga') return 'LV00';
      return labels.get(`${cc}\t${region.replace(/ (Province|region)$/, '')}`);
    };
    const seen = new Set<string>();
    const firstWithFigures = new Map<string, string>();
    let repeatedFigures = 0;
    const regionsChecked = new Set<string>();
    const unknown = new Set<string>();
    const countries = new Set<string>();
    const wrong: unknown[] = [];
    const all = readFileSync(TSV, 'utf8').split('\n');
    const lines = all.slice(1).filter(Boolean);
    expect(lines).toHaveLength(27222);
    // A repeated line with other figures is kept under attributes.alsoListed with its line number (1-based, header 1).
    const repeated: Array<{ key: string; figures: Record<string, unknown> }> = [];
    for (const [index, line] of all.entries()) {
      if (index === 0 || line === '') continue;
      const [country, region, name, budget, eu, projects, latin] = line.split('\t').map((c) => c.trim()) as string[];
      const cc = COUNTRY[country as string] as string;
      const key = `${cc}:${createHash('sha1').update(`${region}\t${name}`).digest('hex').slice(0, 12)}`;
      if (seen.has(key)) {
        const figures = {
          line: index + 1,
          budget: cents(budget as string),
          euContribution: cents(eu as string),
          projectCount: projects === '' ? null : Number(projects),
        };
        repeated.push({ key, figures });
        continue; // a repeated line: the first one is the record
      }
      seen.add(key);
      const r = records.get(`kohesio/beneficiary:${key}`);
      // The same name with the same three figures in another region is the same money, listed again:
      // only the first such line keeps the figures, the others name it.
      const figuresKey = [cc, name, budget, eu, projects].join('\t');
      const figuresOn = budget === '' && eu === '' ? undefined : firstWithFigures.get(figuresKey);
      if (!figuresOn) firstWithFigures.set(figuresKey, `kohesio/beneficiary:${key}`);
      else repeatedFigures++;
      const a = (r?.attributes ?? {}) as Record<string, unknown>;
      const nuts = expectedNuts(country as string, region as string);
      if (nuts) regionsChecked.add(`${country}\t${region}`);
      else unknown.add(`${country}\t${region}`);
      const got = {
        name: r?.name,
        countryCode: r?.countryCode,
        placeText: r?.placeText,
        nameLatin: r?.nameLatin ?? null,
        budget: centsOf(a.budget),
        euContribution: centsOf(a.euContribution),
        projectCount: a.projectCount,
        ...(a.figuresOn ? { figuresOn: a.figuresOn } : {}),
        // A record placed at its municipality keeps the region it is filed under (attributes.regionPlaceId).
        placeId: nuts ? ((r?.attributes?.regionPlaceId as string | undefined) ?? r?.placeId) : undefined,
      };
      const want = {
        name,
        countryCode: cc,
        placeText: region,
        nameLatin: latin && latin !== name ? latin : null,
        budget: figuresOn ? null : cents(budget as string),
        euContribution: figuresOn ? null : cents(eu as string),
        projectCount: figuresOn || projects === '' ? null : Number(projects),
        ...(figuresOn ? { figuresOn } : {}),
        placeId: nuts ? (nuts.length === 2 ? `place:country:${nuts}` : `place:nuts:${nuts}`) : undefined,
      };
      // Compared as JSON so that 27,000 lines cost one assertion; the first few differences are shown.
      if (JSON.stringify(got) !== JSON.stringify(want) && wrong.length < 5) wrong.push({ line, got, want });
      countries.add(country as string);
    }
    expect(wrong).toEqual([]);
    expect(repeatedFigures).toBeGreaterThan(800);
    expect(repeated).toHaveLength(75);
    let differing = 0;
    for (const { key, figures } of repeated) {
      const r = records.get(`kohesio/beneficiary:${key}`);
      const a = r?.attributes as {
        budget: number | null;
        euContribution: number | null;
        projectCount: number | null;
        alsoListed?: Array<Record<string, number | null>>;
      };
      const same =
        centsOf(a.budget) === figures.budget &&
        centsOf(a.euContribution) === figures.euContribution &&
        a.projectCount === figures.projectCount;
      const listed = (a.alsoListed ?? []).map((x) => ({
        line: x.line,
        budget: centsOf(x.budget),
        euContribution: centsOf(x.euContribution),
        projectCount: x.projectCount,
      }));
      if (same)
        expect(
          listed.map((x) => x.line),
          `line ${figures.line}`,
        ).not.toContain(figures.line);
      else {
        differing++;
        expect(listed, `line ${figures.line}`).toContainEqual(figures);
      }
    }
    expect(differing).toBeGreaterThan(0);
    expect([...countries].sort()).toEqual(Object.keys(COUNTRY).sort());
    expect(seen.size).toBe(27222 - 75);
    // Every region's place is checked: each name is in the hand table or is a NUTS label.
    expect([...unknown].sort()).toEqual([]);
    expect(regionsChecked.size).toBe(149);
  });

  it('SOURCE.md sample lines: GMINA PNIEWY in Greater Poland (PL41), 5,572,621.20 EUR, 4 projects', () => {
    const { parsed } = parseKohesio(readInput(TSV), { sourceId: 'src:k', reject: () => undefined });
    const line = readFileSync(TSV, 'utf8')
      .split('\n')
      .find((l) => l.includes('\tGMINA PNIEWY\t')) as string;
    expect(line.split('\t').slice(0, 6)).toEqual(['Poland', 'Greater Poland Voivodeship', 'GMINA PNIEWY', '5572621.2', '4457155.59', '4']);
    const pniewy = parsed.rows.organisations?.organisationRecords?.find((r) => r.name === 'GMINA PNIEWY');
    expect(pniewy).toMatchObject({ countryCode: 'PL', placeId: 'place:lau:PL:3024063', attributes: { regionPlaceId: 'place:nuts:PL41' } });
    expect(centsOf(pniewy?.attributes?.budget)).toBe(557262120);
    expect(centsOf(pniewy?.attributes?.euContribution)).toBe(445715559);
  });
});
