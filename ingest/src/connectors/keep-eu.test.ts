import { sourcesDir } from '@regiograph/lib';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { keepEuConnector as connector, parseNuts3Aggregates, registryIds } from './keep-eu.js';

const SOURCES = sourcesDir();
const SAMPLES = join(SOURCES, 'keep-eu-api-samples');
const AGGREGATES = join(SOURCES, 'keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv');

function context() {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  return { rejections, ctx: { sourceId: 'src:keep', reject: (r: Omit<Rejection, 'file'>) => rejections.push(r) } };
}

function load(path: string) {
  const file = readInput(path);
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const { ctx, rejections } = context();
  return { format: detected.format, parsed: connector.parse(file, detected.format, ctx), rejections };
}

function tempFile(name: string, text: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'keep-')), name);
  writeFileSync(path, text);
  return path;
}

describe('keep-eu connector: project records', () => {
  it('loads the 2014-2020 record 17853: programme, project, two partnerships with the lead Община Никопол', () => {
    const { format, parsed, rejections } = load(join(SAMPLES, 'keep-project-17853.json'));
    expect(format).toBe('project.json');
    expect(rejections).toEqual([]);
    expect(parsed.records).toBe(1);
    expect(parsed.rows.funding?.programmes).toEqual([
      expect.objectContaining({
        id: 'programme:keep-eu:35',
        name: '2014 - 2020 INTERREG V-A Romania - Bulgaria',
        period: '2014-2020',
        startYear: 2014,
        endYear: 2020,
        identifiers: [{ scheme: 'keep.eu/programme', value: '35' }],
      }),
    ]);
    expect(parsed.rows.funding?.programmes?.[0]?.fundIds).toBeUndefined();
    const [project] = parsed.rows.projects?.projects ?? [];
    expect(project).toMatchObject({
      id: 'project:keep-eu:17853',
      code: null,
      status: 'COMPLETED',
      startDate: '2017-03-31',
      endDate: '2023-12-30',
      totalBudget: '5816165.49',
      euFunding: '4943740.67',
      coFinancingRate: null,
      currency: 'EUR',
      programmeId: 'programme:keep-eu:35',
      countryIds: ['place:country:BG', 'place:country:RO'],
      identifiers: [{ scheme: 'keep.eu/project', value: '17853' }],
      sourceIds: ['src:keep#project/17853'],
    });
    expect(project?.title).toMatch(/^An Integrated Approach for Improving/);
    const partnerships = parsed.rows.projects?.partnerships ?? [];
    expect(partnerships).toHaveLength(2);
    const lead = partnerships.filter((p) => p.role === 'LEAD_PARTNER');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({
      id: 'partnership:keep-eu:80590',
      organisationRecordId: 'keep.eu/organisation:27950',
      countryId: 'place:country:BG',
      town: 'Nikopol',
      postcode: '5940',
      budget: '3376920.46',
      coFinancing: null,
      lat: 43.700859,
      lng: 24.8946628,
      legalStatus: 'public',
    });
    const orgs = parsed.rows.organisations?.organisationRecords ?? [];
    expect(orgs.find((o) => o.id === 'keep.eu/organisation:27950')).toMatchObject({
      name: 'Община Никопол',
      nameEn: 'Nikopol Municipality',
      countryCode: 'BG',
      identifiers: [],
    });
    expect(parsed.rows.funding?.grants).toEqual([
      expect.objectContaining({ id: 'grant:keep-eu:17853', programmeId: 'programme:keep-eu:35', amount: '4943740.67' }),
    ]);
  });

  it('loads the 2021-2027 record 33607 with PICs and registry IDs stated in beneficiary_id', () => {
    const { parsed, rejections } = load(join(SAMPLES, 'keep-project-33607.json'));
    expect(rejections).toEqual([]);
    const [project] = parsed.rows.projects?.projects ?? [];
    expect(project).toMatchObject({
      code: 'BSB00963',
      status: 'ONGOING',
      coFinancingRate: 90,
      identifiers: [
        { scheme: 'keep.eu/project', value: '33607' },
        { scheme: 'interreg/project-code', value: 'BSB00963' },
      ],
    });
    expect(project?.countryIds).toEqual(expect.arrayContaining(['place:country:RO', 'place:country:MD', 'place:country:TR']));
    const orgs = parsed.rows.organisations?.organisationRecords ?? [];
    const delta = orgs.find((o) => o.id === 'keep.eu/organisation:27415');
    expect(delta).toMatchObject({
      name: 'Administrația Rezervației Biosferei Delta Dunării',
      nameEn: 'Danube Delta Biosphere Reserve Authority',
      countryCode: 'RO',
      identifiers: [
        { scheme: 'pic', value: '997786233' },
        { scheme: 'ro-cui', value: '3722040' },
      ],
      attributes: expect.objectContaining({ beneficiaryId: 'N/A | CUI 3722040 | Unique Registration Code (EN)' }),
    });
    const partnerships = parsed.rows.projects?.partnerships ?? [];
    expect(partnerships.filter((p) => p.role === 'LEAD_PARTNER')).toHaveLength(1);
    expect(partnerships.find((p) => p.id === 'partnership:keep-eu:161333')).toMatchObject({
      coFinancing: '211347.68',
      budget: '234830.76',
    });
  });

  it('reads registry IDs only where the text names the register', () => {
    expect(registryIds('N/A | CUI 3722040 | Unique Registration Code (EN)', 'RO')).toEqual([{ scheme: 'ro-cui', value: '3722040' }]);
    expect(registryIds('BG000057086 | 000057086 | Registry number (EN)', 'BG')).toEqual([{ scheme: 'bg-eik', value: '000057086' }]);
    expect(registryIds('1012620008477 | na | na (EN)', 'MD')).toEqual([]);
    expect(registryIds('3021413892 | NA | NA (EN)', 'TR')).toEqual([]);
    expect(registryIds(null, 'RO')).toEqual([]);
  });

  it('loads records with missing and unknown fields, null and "0.00" budgets, given as an array', () => {
    const original = JSON.parse(readFileSync(join(SAMPLES, 'keep-project-17853.json'), 'utf8'));
    const sparse = {
      id: 99001,
      status: 'approved',
      programme: { id: 394, title: '2021 - 2027 Interreg VI-C Interreg Europe' },
      new_field_2027: { anything: [1, 2] },
      partnerships: [
        { id: 5, type: 'lead', total_budget: '0.00', partner: { id: 77, name: 'Gmina X', country: { title: 'Poland' } }, extra: true },
        { id: 6, type: 'partner', total_budget: null, partner: { id: 78, name: 'Y' } },
        { id: 7 },
      ],
    };
    const path = tempFile('many.json', JSON.stringify([original, sparse]));
    const { parsed, rejections } = load(path);
    expect(rejections).toEqual([]);
    expect(parsed.records).toBe(2);
    const project = parsed.rows.projects?.projects?.find((p) => p.id === 'project:keep-eu:99001');
    expect(project).toMatchObject({
      title: 'keep.eu project 99001',
      status: 'PLANNED',
      totalBudget: null,
      euFunding: null,
      currency: null,
      countryIds: ['place:country:PL'],
      programmeId: 'programme:keep-eu:394',
    });
    const ps = (parsed.rows.projects?.partnerships ?? []).filter((p) => p.projectId === 'project:keep-eu:99001');
    expect(ps.map((p) => [p.id, p.role, p.budget, p.organisationRecordId])).toEqual([
      // "0.00" is how keep.eu writes a budget it does not publish: unknown, with a note.
      ['partnership:keep-eu:5', 'LEAD_PARTNER', null, 'keep.eu/organisation:77'],
      ['partnership:keep-eu:6', 'PARTNER', null, 'keep.eu/organisation:78'],
      ['partnership:keep-eu:7', 'PARTNER', null, null],
    ]);
    expect(parsed.notes).toEqual([
      expect.stringMatching(/^1 partnership\(s\) with partnerships.total_budget "0.00".*unknown \(null\)$/),
      // the places the graph cannot give are notes too, never guessed
      expect.stringMatching(/^keep\.eu\/organisation:27950 .*'Nikopol' \(BG\) matches no municipality.*kept at place:country:BG$/),
      expect.stringMatching(/^keep\.eu\/organisation:77 "Gmina X": no PL municipality named 'x'.*kept at place:country:PL$/),
    ]);
    expect(parsed.rows.funding?.programmes?.find((p) => p.id === 'programme:keep-eu:394')).toMatchObject({
      period: '2021-2027',
      startYear: 2021,
      endYear: 2027,
    });
    expect(parsed.rows.organisations?.organisationRecords).toHaveLength(4);
  });

  it('rejects a record with a bad amount by its JSON path, and loads the others', () => {
    const original = JSON.parse(readFileSync(join(SAMPLES, 'keep-project-17853.json'), 'utf8'));
    const bad = structuredClone(original);
    bad.id = 17854;
    bad.partnerships[1].total_budget = 'lots';
    const path = tempFile('bad.json', JSON.stringify([original, bad]));
    const { parsed, rejections } = load(path);
    expect(rejections).toEqual([
      {
        path: '$[1].partnerships[1].total_budget',
        field: 'partnerships.total_budget',
        recordId: 'project/17854',
        reason: 'not an amount: "lots"',
      },
    ]);
    expect(parsed.rows.projects?.projects?.map((p) => p.id)).toEqual(['project:keep-eu:17853']);
    expect(parsed.rows.projects?.partnerships).toHaveLength(2);
  });

  it('refuses files of other sources and reports broken JSON with its position', () => {
    for (const other of [
      join(SOURCES, 'eea-grants-2009-2014', 'overview.json'),
      join(SOURCES, 'eea-grants-2009-2014', 'donor-partnership-organisations.csv'),
    ]) {
      const refused = connector.detect(readInput(other));
      expect(refused.format).toBeNull();
    }
    const broken = readInput(tempFile('broken.json', '{"id": 1,\n "programme": {'));
    const { ctx } = context();
    expect(() => connector.parse(broken, connector.detect(broken).format as string, ctx)).toThrow(IngestError);
    expect(() => connector.parse(broken, 'project.json', ctx)).toThrow(/broken\.json:2:\d+: broken JSON/);
  });
});

describe('keep-eu connector: CSVs', () => {
  it('loads the 22 programmes with their keep.eu IDs and CCI codes', () => {
    const { format, parsed, rejections } = load(join(SAMPLES, 'interreg-programmes-keep-cci-bg-subset.csv'));
    expect(format).toBe('programmes.csv');
    expect(rejections).toEqual([]);
    expect(parsed.records).toBe(22);
    const programmes = parsed.rows.funding?.programmes ?? [];
    expect(programmes).toHaveLength(22);
    expect(programmes.find((p) => p.id === 'programme:keep-eu:394')).toMatchObject({
      name: 'Interreg VI-C Interreg Europe',
      period: '2021-2027',
      startYear: 2021,
      endYear: 2027,
      identifiers: [
        { scheme: 'keep.eu/programme', value: '394' },
        { scheme: 'cci', value: '2021TC16RFIR001' },
      ],
    });
    expect(programmes.find((p) => p.id === 'programme:keep-eu:35')?.identifiers).toEqual([{ scheme: 'keep.eu/programme', value: '35' }]);
  });

  it('turns the NUTS 3 aggregates into place statistics, counting (not rejecting) the rows the source could not place', () => {
    const file = readInput(AGGREGATES);
    expect(connector.detect(file)).toEqual({ format: 'nuts3-aggregates.csv' });
    const { ctx, rejections } = context();
    const { parsed, unplaced, unresolved } = parseNuts3Aggregates(file, ctx);
    expect(rejections).toEqual([]);
    expect(parsed.records).toBe(1514);
    expect(unplaced).toBe(193 + 46);
    const stats = parsed.rows.organisations?.placeStatistics ?? [];
    const placed = stats.length / 4;
    expect(placed + unplaced).toBe(1514);
    // Three matched codes name regions that NUTS 2024 dissolved (DEG0N Eisenach, LV007 Pierīga, PT170 Lisboa):
    // the correspondence table gives their current regions (DEG0R, LV00, PT1), so none is left out.
    expect(unresolved.size).toBe(0);
    expect(placed).toBe(1275);
    expect(stats.filter((s) => s.placeId === 'place:nuts:LV00' && s.indicator === 'keep.eu/projects')).toHaveLength(1);
    expect(stats.some((s) => s.placeId === 'place:nuts:CH011')).toBe(true);
    expect(new Set(stats.map((s) => `${s.placeId}\t${s.indicator}`)).size).toBe(stats.length);
    const timis = stats.filter((s) => s.placeId === 'place:nuts:RO424');
    expect(timis.map((s) => [s.indicator, s.value, s.unit, s.period])).toEqual([
      ['keep.eu/projects', 93, 'count', '2014-2020'],
      ['keep.eu/partners', 111, 'count', '2014-2020'],
      ['keep.eu/total-budget', 54.27, 'MEUR', '2014-2020'],
      ['keep.eu/erdf', 22.14, 'MEUR', '2014-2020'],
    ]);
    expect(timis[0]?.sourceIds).toEqual(['src:keep#RO424']);
  });

  it('adds up the figures of older codes that meet in one current region, and names a code in no table in a note', () => {
    const path = tempFile(
      'agg.csv',
      'cntr_code,name_latn,nuts3_code_matched,match,keep_no_of_projects,keep_no_of_partners,keep_total_budgets_meur,keep_erdf_meur\n' +
        'DE,Ilm-Kreis,DEG0F,exact_name,2.0,3.0,1.10,0.55\nDE,Wartburgkreis,DEG0P,exact_name,1.0,1.0,0.20,0.10\n' +
        'PL,Nowhere,PL999,exact_name,5.0,5.0,9.99,9.99\n',
    );
    const { ctx, rejections } = context();
    const { parsed, unresolved } = parseNuts3Aggregates(readInput(path), ctx);
    expect(rejections).toEqual([]);
    const stats = parsed.rows.organisations?.placeStatistics ?? [];
    // Both districts lie in Thüringen (DEG0) since the 2024 boundary changes: one figure each, added.
    expect(stats.map((s) => [s.placeId, s.indicator, s.value])).toEqual([
      ['place:nuts:DEG0', 'keep.eu/projects', 3],
      ['place:nuts:DEG0', 'keep.eu/partners', 4],
      ['place:nuts:DEG0', 'keep.eu/total-budget', 1.3],
      ['place:nuts:DEG0', 'keep.eu/erdf', 0.65],
    ]);
    expect(stats[0]?.sourceIds).toEqual(['src:keep#DEG0F', 'src:keep#DEG0P']);
    expect(stats[0]?.note).toMatch(/Ilm-Kreis.*DEG0F.*split.*; .*Wartburgkreis/);
    // PL999 is in no table: counted in a note, never given to Poland.
    expect([...unresolved]).toEqual([['PL999', 1]]);
    expect(connector.parse(readInput(path), 'nuts3-aggregates.csv', ctx).notes).toEqual([
      expect.stringMatching(/^1 region\(s\) \(counted, not loaded\) with a NUTS code in neither .*: PL999$/),
    ]);
  });

  it('rejects a row with a bad figure by its line', () => {
    const path = tempFile(
      'agg.csv',
      'cntr_code,name_latn,nuts3_code_matched,match,keep_no_of_projects,keep_no_of_partners,keep_total_budgets_meur,keep_erdf_meur\n' +
        'RO,Timiş,RO424,exact_name,93.0,111.0,54.27,22.14\nPL,Lubelski,PL814,exact_name,x,39.0,11.86,2.09\n',
    );
    const { ctx, rejections } = context();
    const { parsed } = parseNuts3Aggregates(readInput(path), ctx);
    expect(rejections).toEqual([expect.objectContaining({ line: 3, field: 'keep_no_of_projects', recordId: 'PL814' })]);
    expect(parsed.rows.organisations?.placeStatistics).toHaveLength(4);
  });
});
