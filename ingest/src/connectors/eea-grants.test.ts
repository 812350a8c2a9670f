import { sourcesDir } from '@regiograph/lib';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { readInput } from '../formats.js';
import type { ParsedFile, Rejection } from '../types.js';
import { eeaGrantsConnector as connector, parseEea } from './eea-grants.js';

const SOURCES = sourcesDir();
const DIR = join(SOURCES, 'eea-grants-2009-2014');
const COUNTRYLESS = 1;

function context() {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  return { rejections, ctx: { sourceId: 'src:eea', reject: (r: Omit<Rejection, 'file'>) => rejections.push(r) } };
}

function load(path: string) {
  const file = readInput(path);
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(`${path}: ${detected.why}`);
  const { ctx, rejections } = context();
  const result = parseEea(file, detected.format, ctx);
  return { format: detected.format, parsed: result.parsed, skipped: result.skipped, rejections };
}

function tempFile(name: string, text: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'eea-')), name);
  writeFileSync(path, text);
  return path;
}

/** Rows keyed by ID with their citations dropped, for comparing two files' rows. */
function withoutSources<T extends { id: string; sourceIds: string[] }>(rows: T[] | undefined): Map<string, Omit<T, 'sourceIds'>> {
  return new Map((rows ?? []).map(({ sourceIds: _s, ...rest }) => [rest.id, rest]));
}

const count = (parsed: ParsedFile) => ({
  funds: parsed.rows.funding?.funds?.length ?? 0,
  programmes: parsed.rows.funding?.programmes?.length ?? 0,
  allocations: parsed.rows.funding?.allocations?.length ?? 0,
  participants: parsed.rows.funding?.participants?.length ?? 0,
  grants: parsed.rows.funding?.grants?.length ?? 0,
  projects: parsed.rows.projects?.projects?.length ?? 0,
  organisationRecords: parsed.rows.organisations?.organisationRecords?.length ?? 0,
  placeStatistics: parsed.rows.organisations?.placeStatistics?.length ?? 0,
  outcomes: parsed.rows.outcomes?.outcomes?.length ?? 0,
  outcomeLinks: parsed.rows.outcomes?.links?.length ?? 0,
});

/**
 * What each file holds, counted from the raw file without the connector (a naive split of the CSVs on the
 * fields that hold no comma, JSON.parse for the rest): the row counts the connector must arrive at.
 */
function rawCounts(name: string) {
  const zero = {
    funds: 0,
    programmes: 0,
    allocations: 0,
    participants: 0,
    grants: 0,
    projects: 0,
    organisationRecords: 0,
    placeStatistics: 0,
    outcomes: 0,
    outcomeLinks: 0,
  };
  const distinct = (values: Iterable<unknown>) => new Set(values).size;
  const text = readFileSync(join(DIR, name), 'utf8');
  if (name.endsWith('.csv')) {
    const lines = text
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/\r$/, ''))
      .filter(Boolean);
    const f = lines.map((l) => l.split(','));
    const funds = distinct(f.map((x) => x[0]));
    if (name === 'donor-partnership-organisations.csv') {
      return {
        records: lines.length,
        ...zero,
        funds,
        organisationRecords: distinct(f.map((x) => x[4])),
        participants: distinct(f.map((x) => `${x[2]} ${x[3]} ${x[4]}`)),
        skipped: {},
      };
    }
    const projects = distinct(f.map((x) => x.at(-7)));
    return { records: lines.length, ...zero, funds, projects, grants: projects, programmes: distinct(f.map((x) => x[3])), skipped: {} };
  }
  if (name.endsWith('.json5')) {
    // One entry per `name:` at the entries' indentation (grep -cE '^ {4}"?name"?\s*:' -> 38 areas, 21 sectors).
    const entries = text.match(/^ {4}"?name"?\s*:/gm)?.length ?? 0;
    return { records: entries, ...zero, skipped: {} };
  }
  type Raw = Record<string, unknown> & { fm: string; programme: string; programmes: Record<string, unknown> | string[] };
  const list = JSON.parse(text) as Raw[];
  const funds = distinct(list.map((r) => r.fm));
  const codes = (r: Raw) => (Array.isArray(r.programmes) ? r.programmes : Object.keys(r.programmes).sort());
  if (name === 'overview.json') return { records: list.length, ...zero, funds, placeStatistics: 2 * list.length, skipped: {} };
  if (name === 'partners.json') {
    const keys = list.flatMap((r) => ['PO', 'PJDPP', 'PJPT'].flatMap((g) => Object.keys((r[g] ?? {}) as object).map((k) => [g, k])));
    const roles = list.flatMap((r) =>
      ['PO', 'PJDPP', 'PJPT'].flatMap((g) => Object.keys((r[g] ?? {}) as object).map((k) => `${r.programme} ${g} ${k}`)),
    );
    const dpp = list.filter((r) => typeof r.DPP === 'string');
    const projects = distinct(list.flatMap((r) => Object.keys(r.projects as object)));
    return {
      records: list.length,
      ...zero,
      funds,
      programmes: distinct(list.map((r) => r.programme)),
      projects,
      grants: projects,
      organisationRecords: distinct(keys.map(([, k]) => k)) + distinct(dpp.map((r) => r.DPP)),
      participants: distinct(roles) + distinct(dpp.map((r) => `${r.programme} ${r.DPP}`)),
      skipped: {},
    };
  }
  const withProgramme = list.filter((r) => codes(r).length > 0);
  const shared = list.filter((r) => codes(r).length > 1).length;
  if (name === 'projects.json' || name === 'grants.json') {
    const results = withProgramme.flatMap((r) => Object.keys((r.results ?? {}) as object).map((t) => [codes(r), t] as const));
    return {
      records: list.length,
      ...zero,
      funds,
      programmes: distinct(withProgramme.flatMap(codes)),
      allocations: withProgramme.length,
      ...(name === 'grants.json'
        ? {
            outcomes: distinct(results.map(([c, t]) => `${c.join('+')}\t${t}`)),
            outcomeLinks: distinct(results.flatMap(([c, t]) => c.map((one) => `${c.join('+')}\t${t}\t${one}`))),
          }
        : {}),
      skipped: {
        ...(shared ? { 'area allocation shared by two programmes (given to the first)': shared } : {}),
        ...(list.length - withProgramme.length ? { 'no programme (technical assistance)': list.length - withProgramme.length } : {}),
      },
    };
  }
  // Per-country files: one allocation per record with a programme.
  return {
    records: list.length,
    ...zero,
    funds,
    allocations: withProgramme.length,
    skipped: shared ? { 'allocation shared by two programmes (given to the first)': shared } : {},
  };
}

describe('eea-grants connector', () => {
  it('detects every file of the folder by content, and refuses a CSV of another source', () => {
    const formats = Object.fromEntries(
      [
        'overview.json',
        'projects.json',
        'partners.json',
        'grants.json',
        'projects-PL.json',
        'projects-RO.json',
        'grants-PL.json',
        'grants-RO.json',
        'priority-sectors.json5',
        'programme-areas.json5',
        'donor-partnership-projects.csv',
        'donor-partnership-organisations.csv',
      ].map((name) => [name, connector.detect(readInput(join(DIR, name))).format]),
    );
    expect(formats).toEqual({
      'overview.json': 'overview.json',
      'projects.json': 'projects.json',
      'partners.json': 'partners.json',
      'grants.json': 'grants.json',
      'projects-PL.json': 'projects-nuts.json',
      'projects-RO.json': 'projects-nuts.json',
      'grants-PL.json': 'grants-nuts.json',
      'grants-RO.json': 'grants-nuts.json',
      'priority-sectors.json5': 'priority-sectors.json5',
      'programme-areas.json5': 'programme-areas.json5',
      'donor-partnership-projects.csv': 'donor-partnership-projects.csv',
      'donor-partnership-organisations.csv': 'donor-partnership-organisations.csv',
    });
    const teryt = readInput(join(SOURCES, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'));
    const refused = connector.detect(teryt);
    expect(refused.format).toBeNull();
    expect((refused as { why: string }).why).toMatch(/not an EEA Grants file/);
    const keep = connector.detect(readInput(join(SOURCES, 'keep-eu-api-samples', 'keep-project-17853.json')));
    expect(keep.format).toBeNull();
  });

  it('loads every file without rejections, with these counts', () => {
    const counts: Record<string, unknown> = {};
    for (const name of [
      'overview.json',
      'projects.json',
      'partners.json',
      'grants.json',
      'projects-PL.json',
      'projects-RO.json',
      'grants-PL.json',
      'grants-RO.json',
      'priority-sectors.json5',
      'programme-areas.json5',
      'donor-partnership-projects.csv',
      'donor-partnership-organisations.csv',
    ]) {
      const { parsed, rejections, skipped } = load(join(DIR, name));
      expect(rejections, name).toEqual([]);
      for (const [kind, rows] of Object.entries({
        ...parsed.rows.funding,
        ...parsed.rows.projects,
        ...parsed.rows.organisations,
        ...parsed.rows.outcomes,
      })) {
        const ids = (rows as Array<{ id?: string }>).map((r) => r.id).filter(Boolean);
        expect(new Set(ids).size, `${name} ${kind} IDs unique`).toBe(ids.length);
      }
      counts[name] = { records: parsed.records, ...count(parsed), skipped };
    }
    expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((name) => [name, rawCounts(name)])));
    // The same figures by shell, for a reader (run in $SOURCES_DIR/eea-grants-2009-2014):
    //   tail -n +2 donor-partnership-organisations.csv | wc -l                      -> 4211 lines
    //   tail -n +2 donor-partnership-organisations.csv | cut -d, -f5 | sort -u | wc -l   -> 2557 organisations
    //   tail -n +2 donor-partnership-organisations.csv | cut -d, -f3-5 | sort -u | wc -l -> 3451 participants
    //   tail -n +2 donor-partnership-projects.csv | grep -oE ',[A-Z]{2}[0-9]{2}-[0-9]{4},' | sort -u | wc -l -> 2448 projects
    //   tail -n +2 donor-partnership-projects.csv | cut -d, -f4 | sort -u | wc -l   -> 132 programmes
    //   jq -r '.[].projects|keys[]' partners.json | sort -u | wc -l                -> 2448 projects
    //   jq -r '.[]|(.PO,.PJDPP,.PJPT)|select(.)|keys[]' partners.json | sort -u | wc -l -> 2557, + 24 DPP names
    //   jq '[.[]|select((.programmes|length)==0)]|length' projects.json           -> 62 technical assistance
    //   grep -cE '^ {4}"?name"?\s*:' programme-areas.json5 priority-sectors.json5 -> 38, 21
    expect(rawCounts('donor-partnership-organisations.csv')).toMatchObject({
      records: 4211,
      organisationRecords: 2557,
      participants: 3451,
    });
    expect(rawCounts('programme-areas.json5').records).toBe(38);
    expect(rawCounts('partners.json')).toMatchObject({
      records: 297,
      projects: 2448,
      organisationRecords: 2557 + 24,
      participants: 3451 + 125,
    });
  });

  it('partners.json: organisation 507 is the Association of Polish Cities in PL, the PO of PL03 is key 35', () => {
    const { parsed } = load(join(DIR, 'partners.json'));
    const orgs = parsed.rows.organisations?.organisationRecords ?? [];
    expect(orgs.find((o) => o.id === 'eea-grants/organisation:507')).toMatchObject({
      scheme: 'eea-grants/organisation',
      key: '507',
      dataset: 'eea-grants',
      name: 'THE ASSOCIATION OF POLISH CITIES',
      countryCode: 'PL',
      placeText: 'PL415',
      placeId: 'place:nuts:PL415',
      attributes: { roles: ['PJPT'] },
      sourceIds: ['src:eea#organisation/507'],
    });
    const participants = parsed.rows.funding?.participants ?? [];
    const pl03 = participants.filter((p) => p.programmeId === 'programme:eea-grants:2009-2014:PL03');
    expect(pl03.filter((p) => p.role === 'PROGRAMME_OPERATOR')).toEqual([
      expect.objectContaining({ organisationRecordId: 'eea-grants/organisation:35', placeCode: 'PL127' }),
    ]);
    expect(orgs.find((o) => o.id === 'eea-grants/organisation:35')).toMatchObject({ name: 'Ministry of Environment', countryCode: 'PL' });
    // The donor programme partner has no key: a record keyed by its name.
    expect(pl03.filter((p) => p.role === 'DONOR_PROGRAMME_PARTNER')).toEqual([
      expect.objectContaining({ organisationRecordId: 'eea-grants/dpp:norwegian-environment-agency-nea' }),
    ]);
    expect(orgs.find((o) => o.id === 'eea-grants/dpp:norwegian-environment-agency-nea')).toMatchObject({
      scheme: 'eea-grants/dpp',
      countryCode: 'NO',
      name: 'Norwegian Environment Agency (NEA)',
    });
    expect(
      participants.find((p) => p.organisationRecordId === 'eea-grants/organisation:3043' && p.programmeId.endsWith(':PL03')),
    ).toMatchObject({
      role: 'DONOR_PROJECT_PARTNER',
      projectCount: 1,
      placeCode: 'NO061',
    });
    expect(orgs.find((o) => o.id === 'eea-grants/organisation:3043')?.countryCode).toBe('NO');
  });

  it('partners.json: project PL03-0009 and its programme', () => {
    const { parsed } = load(join(DIR, 'partners.json'));
    const project = parsed.rows.projects?.projects?.find((p) => p.id === 'project:eea-grants:PL03-0009');
    expect(project).toEqual({
      id: 'project:eea-grants:PL03-0009',
      title: 'EEA Grants project PL03-0009',
      code: 'PL03-0009',
      status: 'COMPLETED',
      statusAsOf: '2021-09-24',
      programmeId: 'programme:eea-grants:2009-2014:PL03',
      currency: null,
      countryIds: ['place:country:PL'],
      // dst_nuts PL127 (Miasto Warszawa, NUTS 2013) is PL911 in NUTS 2024.
      placeIds: ['place:nuts:PL911'],
      identifiers: [{ scheme: 'eea-grants/project', value: 'PL03-0009' }],
      attributes: {
        titleIsLabel: true,
        is_dpp: true,
        has_ended: true,
        continued_coop: true,
        improved_knowledge: false,
        src_nuts: ['NO061'],
        dst_nuts: ['PL127'],
        donors: ['NO'],
      },
      sourceIds: ['src:eea#project/PL03-0009'],
    });
    expect(parsed.rows.funding?.grants?.find((g) => g.id === 'grant:eea-grants:PL03-0009')).toMatchObject({
      programmeId: 'programme:eea-grants:2009-2014:PL03',
      projectId: 'project:eea-grants:PL03-0009',
      amount: null,
    });
    const programme = parsed.rows.funding?.programmes?.find((p) => p.code === 'PL03');
    expect(programme).toMatchObject({
      id: 'programme:eea-grants:2009-2014:PL03',
      name: 'Improving environmental monitoring and inspection',
      period: '2009-2014',
      startYear: 2009,
      endYear: 2014,
      countryId: 'place:country:PL',
      fundIds: ['fund:eea-grants'],
      website: 'http://eeagrants.org/programme/view/PL03/PA03',
      identifiers: [{ scheme: 'eea-grants/programme', value: 'PL03' }],
    });
    // partners.json lists only the areas with donor partnership projects, so it states no sector or area.
    expect(programme && 'area' in programme).toBe(false);
    expect(parsed.rows.funding?.funds?.map((f) => [f.id, f.name, f.kind])).toEqual([
      ['fund:eea-grants', 'EEA Grants', 'GRANT_MECHANISM'],
      ['fund:norway-grants', 'Norway Grants', 'GRANT_MECHANISM'],
    ]);
    // A project repeated in several entries (one per donor) keeps the union of donor regions.
    const ro = parsed.rows.projects?.projects?.find((p) => p.code === 'RO14-0008');
    expect(ro?.attributes).toMatchObject({ src_nuts: ['IS002', 'NO061'], donors: ['IS', 'NO'] });
  });

  it('the two CSVs derived from partners.json give the same rows and IDs (only the citations differ)', () => {
    const json = load(join(DIR, 'partners.json')).parsed;
    const projectsCsv = load(join(DIR, 'donor-partnership-projects.csv')).parsed;
    const orgsCsv = load(join(DIR, 'donor-partnership-organisations.csv')).parsed;

    const jsonProjects = withoutSources(json.rows.projects?.projects);
    const csvProjects = withoutSources(projectsCsv.rows.projects?.projects);
    expect(csvProjects.size).toBe(2448);
    expect([...csvProjects.keys()].sort()).toEqual([...jsonProjects.keys()].sort());
    for (const [id, row] of csvProjects) expect(row, id).toEqual(jsonProjects.get(id));
    expect(withoutSources(projectsCsv.rows.funding?.grants)).toEqual(withoutSources(json.rows.funding?.grants));

    const jsonProgrammes = withoutSources(json.rows.funding?.programmes);
    for (const [id, { fundIds, ...row }] of withoutSources(projectsCsv.rows.funding?.programmes)) {
      const { fundIds: all, ...expected } = jsonProgrammes.get(id) ?? { fundIds: [] };
      expect(row, id).toEqual(expected);
      // The CSV lists only programmes' project rows, so it may know fewer of a programme's funds.
      expect(all).toEqual(expect.arrayContaining(fundIds ?? []));
    }

    const jsonOrgs = withoutSources(json.rows.organisations?.organisationRecords);
    const csvOrgs = withoutSources(orgsCsv.rows.organisations?.organisationRecords);
    expect(csvOrgs.size).toBe(2557);
    // The organisations CSV has no donor column: a donor project partner without a NUTS code gets its country
    // (and country place) only from partners.json. Every other field is the same.
    const countryless: string[] = [];
    for (const [id, row] of csvOrgs) {
      const expected = jsonOrgs.get(id);
      if (row.countryCode === null && expected?.countryCode) {
        countryless.push(id);
        expect({ ...row, countryCode: expected.countryCode, placeId: expected.placeId }, id).toEqual(expected);
        expect(expected.attributes).toEqual({ roles: ['PJDPP'] });
      } else expect(row, id).toEqual(expected);
    }
    expect(countryless).toHaveLength(COUNTRYLESS);
    // partners.json adds only the keyless donor programme partners.
    expect([...jsonOrgs.keys()].filter((id) => !csvOrgs.has(id)).every((id) => id.startsWith('eea-grants/dpp:'))).toBe(true);

    const jsonParticipants = withoutSources(json.rows.funding?.participants);
    const csvParticipants = withoutSources(orgsCsv.rows.funding?.participants);
    for (const [id, row] of csvParticipants) expect(row, id).toEqual(jsonParticipants.get(id));
    expect(
      [...jsonParticipants.values()].filter((p) => !csvParticipants.has(p.id)).every((p) => p.role === 'DONOR_PROGRAMME_PARTNER'),
    ).toBe(true);
  });

  it('projects.json and grants.json: programmes with sector and area, country allocations, results as outcomes', () => {
    const projects = load(join(DIR, 'projects.json')).parsed;
    const grants = load(join(DIR, 'grants.json')).parsed;
    const pl03 = projects.rows.funding?.programmes?.find((p) => p.code === 'PL03');
    expect(pl03).toMatchObject({
      sector: 'Environmental Protection and Management',
      area: 'Environmental monitoring and integrated planning and control',
      fundIds: ['fund:eea-grants'],
    });
    // Both files describe the same programmes the same way.
    expect(withoutSources(grants.rows.funding?.programmes)).toEqual(withoutSources(projects.rows.funding?.programmes));
    // ... and the same allocations, each file adding its own figures.
    const a = projects.rows.funding?.allocations?.find((x) => x.programmeId.endsWith(':PL03'));
    const b = grants.rows.funding?.allocations?.find((x) => x.id === a?.id);
    expect(a).toMatchObject({ fundId: 'fund:eea-grants', placeId: 'place:country:PL', placeCode: 'PL', currency: 'EUR' });
    expect(b?.amount).toBe(a?.amount);
    expect(b?.netAmount).toBe(a?.netAmount);
    expect(typeof a?.projectCount).toBe('number');
    // Money is an exact decimal string, as the file writes it.
    expect(b?.bilateralAmount).toMatch(/^\d+(\.\d+)?$/);
    expect(a?.amount).toBe('16216216.22'); // projects.json writes "16216216.22"
    expect(a?.breakdown ?? null).toBeNull();

    const outcomes = grants.rows.outcomes?.outcomes ?? [];
    const links = grants.rows.outcomes?.links ?? [];
    const marine = outcomes.find((o) => o.id === 'outcome:eea-grants:2009-2014:BG02:improved-monitoring-of-marine-waters');
    expect(marine).toMatchObject({
      kind: 'RESULT',
      name: 'Improved monitoring of marine waters',
      indicators: [
        {
          name: 'Number of environmental and marine monitoring plans and programmes developed and/or implemented',
          achievement: 6,
          order: 2,
        },
      ],
    });
    expect(links.filter((l) => l.outcomeId === marine?.id)).toEqual([
      expect.objectContaining({ relation: 'PRODUCED_BY', targetType: 'Programme', targetId: 'programme:eea-grants:2009-2014:BG02' }),
    ]);
    expect(new Set(links.map((l) => l.outcomeId)).size).toBe(outcomes.length);
  });

  it('per-country files: allocations by NUTS code kept verbatim, resolved where the code still exists', () => {
    const grantsPl = load(join(DIR, 'grants-PL.json')).parsed;
    const projectsPl = load(join(DIR, 'projects-PL.json')).parsed;
    const allocations = grantsPl.rows.funding?.allocations ?? [];
    const pl127 = allocations.find((a) => a.placeCode === 'PL127' && a.programmeId.endsWith(':PL02'));
    // PL127 (Miasto Warszawa in NUTS 2010/2013) is PL911 in NUTS 2024, through the correspondence table.
    expect(pl127).toMatchObject({
      placeId: 'place:nuts:PL911',
      amount: '682235.03',
      projectCount: 26,
      fundId: 'fund:eea-grants',
      breakdown: 'GRANTS',
    });
    // No allocation of a breakdown falls back to its country: a NUTS code gives a region.
    expect(allocations.filter((a) => a.placeCode.length > 2 && !a.placeId?.startsWith('place:nuts:'))).toEqual([]);
    expect((projectsPl.rows.funding?.allocations ?? []).every((a) => a.breakdown === 'PROJECTS')).toBe(true);
    expect(allocations.find((a) => a.placeCode === 'PL213')?.placeId).toBe('place:nuts:PL213');
    // The two files measure differently, so their allocations have distinct IDs.
    const ids = new Set(allocations.map((a) => a.id));
    expect((projectsPl.rows.funding?.allocations ?? []).some((a) => ids.has(a.id))).toBe(false);
    expect(ids.size).toBe(allocations.length);
  });

  it('overview.json: allocation and project count per mechanism and beneficiary state as place figures', () => {
    const { parsed } = load(join(DIR, 'overview.json'));
    const stats = parsed.rows.organisations?.placeStatistics ?? [];
    expect(stats.filter((s) => s.placeId === 'place:country:BG' && s.indicator.endsWith('/eea-grants'))).toEqual([
      expect.objectContaining({ indicator: 'eea-grants/allocation/eea-grants', value: 78600000, unit: 'EUR', period: '2009-2014' }),
      expect.objectContaining({ indicator: 'eea-grants/projects/eea-grants', value: 774, unit: 'count' }),
    ]);
    // Every programme overview lists is described by projects.json.
    const listed = new Set(
      (JSON.parse(readFileSync(join(DIR, 'overview.json'), 'utf8')) as Array<{ programmes: string[] }>).flatMap((r) => r.programmes),
    );
    const described = new Set(load(join(DIR, 'projects.json')).parsed.rows.funding?.programmes?.map((p) => p.code));
    expect([...listed].filter((c) => !described.has(c))).toEqual([]);
  });

  it('rejects a bad record by its JSON path and line, and reports broken JSON5 with its position', () => {
    const partners = JSON.parse(readFileSync(join(DIR, 'partners.json'), 'utf8')) as Array<Record<string, unknown>>;
    const small = structuredClone(partners.slice(0, 13));
    (small[12] as { PO: Record<string, unknown> }).PO = { '507': { nuts: 'PL415' } };
    const path = tempFile('partners.json', JSON.stringify(small));
    const { parsed, rejections } = load(path);
    expect(rejections).toEqual([{ path: '$[12].PO["507"].name', field: 'name', recordId: '507', reason: 'missing organisation name' }]);
    expect(parsed.records).toBe(13);

    const csv = readFileSync(join(DIR, 'donor-partnership-organisations.csv'), 'utf8').split('\n').slice(0, 4);
    csv[2] = (csv[2] as string).replace(',PJDPP,380,', ',XX,380,');
    const csvPath = tempFile('orgs.csv', `${csv.join('\n')}\n`);
    const out = load(csvPath);
    expect(out.rejections).toEqual([expect.objectContaining({ line: 3, field: 'role', recordId: '380' })]);
    expect(out.parsed.rows.organisations?.organisationRecords).toHaveLength(2);

    const json5 = tempFile(
      'areas.json5',
      '{\n  // comment\n  a: { name: "A", short_name: "a", sort_order: 1, },\n  b: { name: "B" short_name: "b" },\n}\n',
    );
    const { ctx } = context();
    expect(() => connector.parse(readInput(json5), 'programme-areas.json5', ctx)).toThrow(IngestError);
    expect(() => connector.parse(readInput(json5), 'programme-areas.json5', ctx)).toThrow(/areas\.json5:4:\d+: broken JSON5/);
  });

  it('reports broken JSON with its line and column', () => {
    const broken = readInput(tempFile('overview.json', '[{"fm": "EEA Grants",\n  "beneficiary": }]'));
    const detected = connector.detect(broken);
    expect(detected.format).not.toBeNull();
    const { ctx } = context();
    expect(() => connector.parse(broken, detected.format as string, ctx)).toThrow(/overview\.json(:\d+:\d+)?: broken JSON/);
  });

  it('reads the JSON5 the portal uses (comments, single quotes, unquoted keys, trailing commas)', () => {
    const path = tempFile(
      'sectors.json5',
      "[\n // c\n { name: 'it\\'s \"x\"', icon: 'a', n: 1, /* c */ },\n { name: \"// not a comment\", icon: 'b', },\n]",
    );
    const input = readInput(path);
    expect(connector.detect(input)).toEqual({ format: 'priority-sectors.json5' });
    const { ctx, rejections } = context();
    expect(connector.parse(input, 'priority-sectors.json5', ctx).records).toBe(2);
    expect(rejections).toEqual([]);
  });

  it('keeps an allocation or a project whose NUTS code no table knows without a place, and names the code in a note', () => {
    const nuts = JSON.parse(readFileSync(join(DIR, 'grants-PL.json'), 'utf8')) as Array<Record<string, unknown>>;
    const path = tempFile('grants-PL.json', JSON.stringify([{ ...nuts[0], id: 'PL999' }, nuts[1]]));
    const { parsed, rejections } = load(path);
    expect(rejections).toEqual([]);
    const [unknown, known] = parsed.rows.funding?.allocations ?? [];
    // Loaded with its money and its code as the source writes it, but no place: never the country.
    expect(unknown).toMatchObject({ placeCode: 'PL999', placeId: null, breakdown: 'GRANTS' });
    expect(known?.placeId).toMatch(/^place:nuts:PL/);
    expect(parsed.notes).toEqual([expect.stringMatching(/^1 allocation\(s\) with a NUTS code in neither NUTS 2024 nor .*: PL999$/)]);

    const partners = JSON.parse(readFileSync(join(DIR, 'partners.json'), 'utf8')) as Array<Record<string, unknown>>;
    const entry = partners.find((e) => e.programme === 'PL03') as Record<string, unknown>;
    const projects = entry.projects as Record<string, Record<string, unknown>>;
    const [code] = Object.keys(projects);
    const one = { ...entry, projects: { [code as string]: { ...projects[code as string], dst_nuts: ['PL999', 'PL127'] } } };
    const loaded = load(tempFile('partners.json', JSON.stringify([one])));
    expect(loaded.parsed.rows.projects?.projects?.[0]?.placeIds).toEqual(['place:nuts:PL911']);
    expect(loaded.parsed.notes?.join('\n')).toMatch(
      /with a NUTS code in neither NUTS 2024 nor reference\/nuts-correspondence\.csv, left without a place: .*PL999/,
    );
  });
});
