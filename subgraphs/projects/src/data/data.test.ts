import { clientSql, queryLog, seedsDir, type Sql } from '@regiograph/lib';
import { createTestDatabase, resetTestSubgraph, startTestSubgraph, type TestDatabase } from '@regiograph/lib/testing';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projects } from '../subgraph.js';
import { data } from './index.js';
import type { ProjectsRows } from './rows.js';

let db: TestDatabase;
let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
let client: pg.Client;

/** The ingest command's shape: every write of one file in one transaction on one connection, rows staged by COPY. */
let sql: Sql;
async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

beforeAll(async () => {
  db = await createTestDatabase('projects_data');
  sg = await startTestSubgraph(projects, { databaseUrl: db.url });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  sql = clientSql(client, true);
});
afterAll(async () => {
  await client?.end();
  await sg?.stop();
  await db?.drop();
});

const KEEP = 'src:keep-eu:test-17853.json';
const EEA = 'src:eea-grants:test-projects.json';
const PROGRAMME = 'programme:keep-eu:35';

/** A keep.eu-style project with two partners, and an EEA Grants-style project, as connectors would hand them over. */
function rows(overrides: { budget?: number; partnerBudget?: number } = {}): ProjectsRows {
  return {
    sources: [
      {
        id: KEEP,
        kind: 'DATASET',
        title: 'keep.eu project 17853',
        dataset: 'keep.eu',
        file: 'keep-project-17853.json',
        publisher: 'Interact',
        licence: 'test licence',
        retrievedOn: '2026-11-01',
      },
      { id: EEA, kind: 'DATASET', title: 'EEA Grants projects', dataset: 'eea-grants', file: 'projects.json', retrievedOn: '2026-10-15' },
    ],
    projects: [
      {
        id: 'project:keep-eu:17853',
        title: 'Danube Cross-Border Test Project',
        acronym: 'DCBT',
        code: 'ROBG-999',
        status: 'COMPLETED',
        startDate: '2016-09-01',
        endDate: '2019-02-28',
        programmeId: PROGRAMME,
        totalBudget: overrides.budget ?? 1234567.89,
        euFunding: 1049382.71,
        coFinancingRate: 85,
        currency: 'EUR',
        countryIds: ['place:country:RO', 'place:country:BG'],
        placeIds: ['place:nuts:RO423', 'place:nuts:BG311'],
        identifiers: [
          { scheme: 'keep.eu/project', value: '17853' },
          { scheme: 'cci', value: '2014TC16RFCB049' },
        ],
        attributes: { is_dpp: false, has_ended: true, nuts: ['RO423', 'BG311'] },
        sourceIds: [`${KEEP}#17853`],
      },
      {
        id: 'project:eea-grants:PL03-0009',
        title: 'Renewable energy in public buildings',
        code: 'PL03-0009',
        status: 'COMPLETED',
        currency: 'EUR',
        countryIds: ['place:country:PL'],
        identifiers: [{ scheme: 'eea-grants/project', value: 'PL03-0009' }],
        sourceIds: [`${EEA}#PL03-0009`],
      },
    ],
    partnerships: [
      {
        id: 'partnership:keep-eu:80594',
        projectId: 'project:keep-eu:17853',
        organisationRecordId: 'keep.eu/organisation:27415',
        placeId: 'place:nuts:RO423',
        countryId: 'place:country:RO',
        role: 'LEAD_PARTNER',
        budget: overrides.partnerBudget ?? 600000.5,
        coFinancing: 510000.43,
        currency: 'EUR',
        town: 'Timișoara',
        postcode: '300030',
        address: 'Bd. C.D. Loga 1',
        lat: 45.7537,
        lng: 21.2257,
        legalStatus: 'public',
        organisationType: 'Local public authority',
        sourceIds: [`${KEEP}#80594`],
      },
      {
        id: 'partnership:keep-eu:80595',
        projectId: 'project:keep-eu:17853',
        organisationRecordId: 'keep.eu/organisation:27416',
        countryId: 'place:country:BG',
        role: 'PARTNER',
        budget: 0,
        sourceIds: [`${KEEP}#80595`],
      },
    ],
  };
}

/** What identity resolution would hand over: two of the file's partner records, and one record no partnership has. */
const LINKS = [
  { recordId: 'keep.eu/organisation:27415', organisationId: 'org:municipality:RO:155243' },
  { recordId: 'keep.eu/organisation:27416', organisationId: 'org:BG:test-partner' },
  { recordId: 'keep.eu/organisation:99999', organisationId: 'org:nobody' },
];

/** The file loaded once into the seeded schema, as the ingest command loads it. */
const loadFile = () => inTransaction(() => data.write(sql, rows()));

async function updatedAt(table: string, id: string): Promise<string> {
  const [row] = await sql<{ updated_at: Date }>(`select updated_at from "projects"."${table}" where id = $1`, [id]);
  if (!row) throw new Error(`no ${table} ${id}`);
  return row.updated_at.toISOString();
}

// Each test that writes starts from the seeds alone and loads what it needs itself.
describe('projects data module', () => {
  beforeEach(() => resetTestSubgraph(sg, projects));

  it('creates every row on the first write and changes nothing on the second, updated_at included', async () => {
    const first = await inTransaction(() => data.write(sql, rows()));
    expect(first).toEqual({
      'projects.source': { created: 2, updated: 0, unchanged: 0 },
      'projects.project': { created: 2, updated: 0, unchanged: 0 },
      'projects.partnership': { created: 2, updated: 0, unchanged: 0 },
    });
    const before = [await updatedAt('project', 'project:keep-eu:17853'), await updatedAt('partnership', 'partnership:keep-eu:80594')];
    const second = await inTransaction(() => data.write(sql, rows()));
    expect(second).toEqual({
      'projects.source': { created: 0, updated: 0, unchanged: 2 },
      'projects.project': { created: 0, updated: 0, unchanged: 2 },
      'projects.partnership': { created: 0, updated: 0, unchanged: 2 },
    });
    expect([await updatedAt('project', 'project:keep-eu:17853'), await updatedAt('partnership', 'partnership:keep-eu:80594')]).toEqual(
      before,
    );
  });

  it('updates a changed budget in place, keeping the ID, and moves updated_at only there', async () => {
    await loadFile();
    const projectBefore = await updatedAt('project', 'project:keep-eu:17853');
    const otherBefore = await updatedAt('project', 'project:eea-grants:PL03-0009');
    const counts = await inTransaction(() => data.write(sql, rows({ budget: 1300000, partnerBudget: 650000 })));
    expect(counts['projects.project']).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(counts['projects.partnership']).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await updatedAt('project', 'project:keep-eu:17853')).not.toBe(projectBefore);
    expect(await updatedAt('project', 'project:eea-grants:PL03-0009')).toBe(otherBefore);
    const res = await sg.query<{ project: { id: string; totalBudget: number; partnerships: Array<{ budget: number | null }> } }>(
      '{ project(id: "project:keep-eu:17853") { id totalBudget partnerships { budget } } }',
    );
    expect(res.data?.project).toEqual({
      id: 'project:keep-eu:17853',
      totalBudget: 1300000,
      partnerships: [{ budget: 650000 }, { budget: 0 }],
    });
    const [{ count }] = (await sql<{ count: string }>(`select count(*) from "projects"."project" where id like 'project:keep-eu:%'`)) as [
      { count: string },
    ];
    expect(count).toBe('1');
  });

  it('rolls a failed file back: nothing of it stays', async () => {
    await loadFile();
    const broken = rows({ budget: 1 });
    broken.partnerships?.push({
      id: 'partnership:keep-eu:bad',
      projectId: 'project:keep-eu:17853',
      role: 'PARTNER',
      sourceIds: [],
      lat: 'north' as unknown as number,
    });
    await expect(inTransaction(() => data.write(sql, broken))).rejects.toThrow();
    const [row] = await sql<{ total_budget: string }>(`select total_budget from "projects"."project" where id = 'project:keep-eu:17853'`);
    expect(Number(row?.total_budget)).toBe(1234567.89);
    expect(await sql(`select id from "projects"."partnership" where id = 'partnership:keep-eu:bad'`)).toEqual([]);
  });

  it('links partnerships to canonical organisations by source record, and a repeated link changes nothing', async () => {
    await loadFile();
    const links = LINKS;
    const before = await updatedAt('partnership', 'partnership:keep-eu:80594');
    expect(await inTransaction(() => data.relinkOrganisations(sql, links))).toBe(2);
    expect(await updatedAt('partnership', 'partnership:keep-eu:80594')).not.toBe(before);
    const after = await updatedAt('partnership', 'partnership:keep-eu:80594');
    expect(await inTransaction(() => data.relinkOrganisations(sql, links))).toBe(0);
    expect(await updatedAt('partnership', 'partnership:keep-eu:80594')).toBe(after);
    // A later resolution that moves one record to another organisation changes exactly that partnership.
    expect(await data.relinkOrganisations(sql, [{ recordId: 'keep.eu/organisation:27416', organisationId: 'org:BG:merged' }])).toBe(1);

    const res = await sg.query<{ _entities: Array<{ partnerships: Array<{ id: string; organisationRecordId: string; role: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { partnerships { id organisationRecordId role } } } }`,
      {
        r: [
          { __typename: 'Organisation', id: 'org:municipality:RO:155243' },
          { __typename: 'Organisation', id: 'org:BG:merged' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [timisoara, merged] = res.data?._entities ?? [];
    expect(timisoara?.partnerships).toContainEqual({
      id: 'partnership:keep-eu:80594',
      organisationRecordId: 'keep.eu/organisation:27415',
      role: 'LEAD_PARTNER',
    });
    expect(merged?.partnerships.map((p) => p.id)).toEqual(['partnership:keep-eu:80595']);
  });

  it('a rewrite of the file keeps the organisation links', async () => {
    await loadFile();
    expect(await inTransaction(() => data.relinkOrganisations(sql, LINKS))).toBe(2);
    const counts = await inTransaction(() => data.write(sql, rows({ budget: 1300000, partnerBudget: 650000 })));
    expect(counts['projects.partnership']).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const [row] = await sql<{ organisation_id: string }>(
      `select organisation_id from "projects"."partnership" where id = 'partnership:keep-eu:80594'`,
    );
    expect(row?.organisation_id).toBe('org:municipality:RO:155243');
  });

  it('lists the projects of several programmes in one SELECT, paged', async () => {
    await loadFile();
    await inTransaction(() =>
      data.write(sql, {
        projects: ['B', 'A', 'C'].map((letter) => ({
          id: `project:test:${letter}`,
          title: `Programme project ${letter}`,
          status: 'ONGOING',
          programmeId: 'programme:test:2',
          identifiers: [],
          sourceIds: [`${KEEP}#${letter}`],
        })),
      }),
    );
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; projects: Array<{ title: string }>; second: Array<{ title: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme {
        id projects { title } second: projects(limit: 1, offset: 1) { title } } } }`,
      { r: [PROGRAMME, 'programme:test:2', 'programme:none'].map((id) => ({ __typename: 'Programme', id })) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: PROGRAMME, projects: [{ title: 'Danube Cross-Border Test Project' }], second: [] },
      {
        id: 'programme:test:2',
        projects: [{ title: 'Programme project A' }, { title: 'Programme project B' }, { title: 'Programme project C' }],
        second: [{ title: 'Programme project B' }],
      },
      { id: 'programme:none', projects: [], second: [] },
    ]);
    // One statement per page asked for (two here), not one per programme.
    expect(queryLog.statements.filter((s) => s.includes('"project"'))).toHaveLength(2);
  });

  it('keeps seed citations when data adds to a seed project, and reloading the seeds then changes nothing', async () => {
    await loadFile();
    const seeded = 'project:interreg-europe:PGI06047';
    const [seedRow] = await sql<{ title: string; status: string; source_ids: string[] }>(
      `select title, status, source_ids from "projects"."project" where id = $1`,
      [seeded],
    );
    const counts = await inTransaction(() =>
      data.write(sql, {
        projects: [
          {
            id: seeded,
            title: seedRow?.title as string,
            status: seedRow?.status as string,
            countryIds: ['place:country:RO'],
            identifiers: [{ scheme: 'interreg-europe/project', value: 'PGI06047' }],
            totalBudget: 1500000,
            currency: 'EUR',
            sourceIds: [`${KEEP}#PGI06047`],
          },
        ],
      }),
    );
    expect(counts['projects.project']).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await projects.seed(sg.orm, seedsDir())).toMatchObject({ created: 0, updated: 0 });

    const res = await sg.query<{
      projectByIdentifier: { acronym: string; code: string; totalBudget: number; themes: string[]; sources: Array<{ id: string }> };
    }>('{ projectByIdentifier(scheme: "interreg-europe/project", value: "PGI06047") { acronym code totalBudget themes sources { id } } }');
    const project = res.data?.projectByIdentifier;
    expect(project).toMatchObject({ acronym: 'ECoC-SME', code: 'PGI06047', totalBudget: 1500000 });
    expect(project?.themes.length).toBeGreaterThan(0);
    expect(project?.sources.map((s) => s.id).sort()).toEqual([...(seedRow?.source_ids ?? []), `${KEEP}#PGI06047`].sort());
  });
});

// Reading tests share one load: the file, then its partners linked to organisations. None of them writes.
describe('projects served from a loaded file', () => {
  beforeAll(async () => {
    await resetTestSubgraph(sg, projects);
    await loadFile();
    await inTransaction(() => data.relinkOrganisations(sql, LINKS));
  });

  it.each([
    ['keep.eu/project', '17853', 'project:keep-eu:17853'],
    ['cci', '2014TC16RFCB049', 'project:keep-eu:17853'],
    ['eea-grants/project', 'PL03-0009', 'project:eea-grants:PL03-0009'],
    ['code', 'PL03-0009', 'project:eea-grants:PL03-0009'],
    ['code', 'PGI06047', 'project:interreg-europe:PGI06047'],
  ])('finds the project identified by (%j, %j)', async (scheme, value, id) => {
    queryLog.reset();
    const res = await sg.query<{ projectByIdentifier: { id: string } | null }>(
      'query ProjectByIdentifier($scheme: String!, $value: String!) { projectByIdentifier(scheme: $scheme, value: $value) { id } }',
      { scheme, value },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.projectByIdentifier?.id).toBe(id);
    // Array containment, which the GIN index on identifier_keys serves.
    expect(queryLog.statements.filter((s) => s.includes('"identifier_keys" @>'))).toHaveLength(1);
  });

  it.each([
    ['keep.eu/project', '1785'],
    ['eea-grants/project', '17853'],
    ['keep.eu/project', 'PL03-0009'],
  ])('returns null for (%j, %j): the value must match in that scheme', async (scheme, value) => {
    const res = await sg.query('query($s: String!, $v: String!) { projectByIdentifier(scheme: $s, value: $v) { id } }', {
      s: scheme,
      v: value,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ projectByIdentifier: null });
  });

  it('serves budget, EU funding, co-financing rate, programme, places, identifiers and attributes of a project', async () => {
    const res = await sg.query<{ projectByIdentifier: Record<string, unknown> }>(
      `{ projectByIdentifier(scheme: "keep.eu/project", value: "17853") {
        title totalBudget euFunding coFinancingRate currency programme { id } places { id } countries { id }
        identifiers { scheme value } attributes sources { id recordId dataset file retrievedOn } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.projectByIdentifier).toEqual({
      title: 'Danube Cross-Border Test Project',
      totalBudget: 1234567.89,
      euFunding: 1049382.71,
      coFinancingRate: 85,
      currency: 'EUR',
      programme: { id: PROGRAMME },
      places: [{ id: 'place:nuts:BG311' }, { id: 'place:nuts:RO423' }],
      countries: [{ id: 'place:country:BG' }, { id: 'place:country:RO' }],
      identifiers: [
        { scheme: 'cci', value: '2014TC16RFCB049' },
        { scheme: 'keep.eu/project', value: '17853' },
      ],
      attributes: { is_dpp: false, has_ended: true, nuts: ['RO423', 'BG311'] },
      sources: [{ id: `${KEEP}#17853`, recordId: '17853', dataset: 'keep.eu', file: 'keep-project-17853.json', retrievedOn: '2026-11-01' }],
    });
  });

  it('serves null money, no programme and empty lists where the source says nothing', async () => {
    const res = await sg.query<{ project: Record<string, unknown> }>(
      '{ project(id: "project:eea-grants:PL03-0009") { totalBudget euFunding coFinancingRate programme { id } places { id } attributes } }',
    );
    expect(res.data?.project).toEqual({
      totalBudget: null,
      euFunding: null,
      coFinancingRate: null,
      programme: null,
      places: [],
      attributes: {},
    });
  });

  it('serves the partner’s money, address, coordinates and kind as the source gives them', async () => {
    const res = await sg.query<{ _entities: Array<Record<string, unknown>> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership {
        role budget coFinancing currency town postcode address lat lng legalStatus organisationType organisationRecordId
        organisation { id } place { id } country { id } } } }`,
      {
        r: [
          { __typename: 'Partnership', id: 'partnership:keep-eu:80594' },
          { __typename: 'Partnership', id: 'partnership:keep-eu:80595' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        role: 'LEAD_PARTNER',
        budget: 600000.5,
        coFinancing: 510000.43,
        currency: 'EUR',
        town: 'Timișoara',
        postcode: '300030',
        address: 'Bd. C.D. Loga 1',
        lat: 45.7537,
        lng: 21.2257,
        legalStatus: 'public',
        organisationType: 'Local public authority',
        organisationRecordId: 'keep.eu/organisation:27415',
        organisation: { id: 'org:municipality:RO:155243' },
        place: { id: 'place:nuts:RO423' },
        country: { id: 'place:country:RO' },
      },
      {
        role: 'PARTNER',
        budget: 0,
        coFinancing: null,
        currency: null,
        town: null,
        postcode: null,
        address: null,
        lat: null,
        lng: null,
        legalStatus: null,
        organisationType: null,
        organisationRecordId: 'keep.eu/organisation:27416',
        organisation: { id: 'org:BG:test-partner' },
        place: null,
        country: { id: 'place:country:BG' },
      },
    ]);
  });

  it('finds ingested projects by name, acronym and identifier value, and filters them by programme', async () => {
    const byValue = await sg.query<{ projects: Array<{ id: string; totalBudget: number }> }>(
      '{ projects(name: "17853") { id totalBudget } }',
    );
    expect(byValue.data?.projects).toEqual([{ id: 'project:keep-eu:17853', totalBudget: 1234567.89 }]);
    const inProgramme = await sg.query<{ projects: Array<{ id: string }> }>(
      'query($p: ID) { all: projects(programmeId: $p) { id } named: projects(programmeId: $p, name: "dcbt") { id } none: projects(programmeId: $p, name: "ECoC") { id } }',
      { p: PROGRAMME },
    );
    expect(inProgramme.errors).toBeUndefined();
    expect(inProgramme.data).toEqual({ all: [{ id: 'project:keep-eu:17853' }], named: [{ id: 'project:keep-eu:17853' }], none: [] });
  });

  it('rejects a page size beyond the limit on Programme.projects, naming the argument', async () => {
    const res = await sg.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { projects(limit: 100000) { id } } } }',
      {
        r: [{ __typename: 'Programme', id: PROGRAMME }],
      },
    );
    expect(res.errors?.[0]?.message).toMatch(/limit/);
  });

  it('shows projects in the places they work in', async () => {
    const res = await sg.query<{ _entities: Array<{ projects: Array<{ id: string }> }> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { projects { id } } } }',
      { r: [{ __typename: 'Place', id: 'place:nuts:BG311' }] },
    );
    expect(res.data?._entities[0]?.projects).toEqual([{ id: 'project:keep-eu:17853' }]);
  });
});
