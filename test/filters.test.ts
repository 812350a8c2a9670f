import { join } from 'node:path';
import { createWiring } from '@regiograph/ingest';
import { clientSql, queryLog, readYaml, seedsDir } from '@regiograph/lib';
import { data as projectsData } from '@regiograph/projects';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';
import { loadEverySource } from './support/open-data.js';

// The connections' `filter` inputs through the gateway, on the seeds and every bundled source loaded by the
// real ingest. Each answer is checked against SQL written here that joins the subgraphs' schemas directly
// (as no subgraph may): places under a region by their parent links, partners' kinds from the organisations,
// programmes' funds from funding. So the columns the ingest copies are checked too, not only read.

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Obj = Record<string, any>;

let hub: TestHub;
let pg: Client;
let seededRoles: Map<string, string[]>;
let seededPartnerships: Array<{
  id: string;
  place_id: string | null;
  organisation_id: string | null;
  place_path: string[];
  organisation_kind: string | null;
}>;

const rows = async <T = Obj>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];
const ids = async (text: string, params: unknown[] = []) => (await rows<{ id: string }>(text, params)).map((r) => r.id).sort();

/** Every place under (and including) the given ones, by parent links. */
const UNDER = `with recursive down(id) as (select id from organisations.place where id = any($1::text[])
  union select p.id from organisations.place p join down on p.parent_id = down.id) select id from down`;

/** Project IDs with a place (own, country, partner's place or country) in the given set of place IDs (`$1` is UNDER's). */
const PROJECTS_IN = `select p.id from projects.project p where exists (
    select 1 from (select unnest(p.place_ids || p.country_ids) as x
      union select s.place_id from projects.partnership s where s.project_id = p.id
      union select s.country_id from projects.partnership s where s.project_id = p.id) x
    where x.x in (${UNDER}))`;

beforeAll(async () => {
  hub = await startTestHub('filters');
  pg = new Client({ connectionString: hub.hub.database.url });
  await pg.connect();
  // What the seed load alone left, before any ingest.
  seededPartnerships = await rows('select id, place_id, organisation_id, place_path, organisation_kind from projects.partnership');
  seededRoles = new Map(
    (await rows<{ id: string; partner_roles: string[] }>('select id, partner_roles from organisations.organisation')).map((o) => [
      o.id,
      o.partner_roles,
    ]),
  );
  await loadEverySource(hub.hub.database.url);
  await writeDatedProjects();
}, 300_000);

/**
 * The bundled files give few projects dates or partners, so a few more go in through the projects data
 * module, as ingest writes them: under a programme of the Norway Grants, over several periods, with partners
 * in Małopolska's municipalities and in Romania, linked to organisations of several kinds; then the same
 * copy step as after an ingest command.
 */
async function writeDatedProjects(): Promise<void> {
  const [programme] = await rows<{ id: string }>(
    `select id from funding.programme where 'fund:norway-grants' = any(fund_ids) order by id limit 1`,
  );
  const towns = (
    await rows<{ id: string }>(
      `select id from organisations.place where kind = 'MUNICIPALITY' and id like 'place:lau:PL:12%' order by id limit 3`,
    )
  ).map((r) => r.id);
  const [ro] = await rows<{ id: string }>(
    `select id from organisations.place where kind = 'MUNICIPALITY' and id like 'place:lau:RO:%' order by id limit 1`,
  );
  const orgs: string[] = [];
  for (const kind of ['MUNICIPALITY', 'UNIVERSITY', 'COMPANY']) {
    const [o] = await rows<{ id: string }>(`select id from organisations.organisation where kind = $1 order by id limit 1`, [kind]);
    orgs.push(o?.id as string);
  }
  const periods = [
    ['2010-01-01', '2012-06-30'],
    ['2013-01-01', '2014-12-31'],
    ['2015-03-01', '2016-02-28'],
    ['2016-01-01', '2018-12-31'],
    ['2019-01-01', null],
    [null, null],
  ];
  const source = 'src:test-filters:file.json';
  const projects = periods.map(([startDate, endDate], i) => ({
    id: `project:test-filters:${i}`,
    title: `Filter test project ${i}`,
    startDate,
    endDate,
    status: i % 2 ? 'ONGOING' : 'COMPLETED',
    programmeId: programme?.id,
    countryIds: i === 5 ? ['place:country:RO'] : ['place:country:PL'],
    identifiers: [],
    sourceIds: [`${source}#${i}`],
  }));
  const partnerships = periods.flatMap((_, i) => [
    {
      id: `partnership:test-filters:${i}:a`,
      projectId: `project:test-filters:${i}`,
      organisationRecordId: `test-filters:${i % 3}`,
      placeId: i === 5 ? ro?.id : towns[i % 3],
      role: 'LEAD_PARTNER',
      sourceIds: [source],
    },
    {
      id: `partnership:test-filters:${i}:b`,
      projectId: `project:test-filters:${i}`,
      organisationRecordId: `test-filters:${(i + 1) % 3}`,
      placeId: ro?.id,
      role: 'PARTNER',
      sourceIds: [source],
    },
  ]);
  await pg.query('begin');
  const sql = clientSql(pg, true);
  await projectsData.write(sql, { projects, partnerships });
  await projectsData.relinkOrganisations(
    sql,
    orgs.map((organisationId, i) => ({ recordId: `test-filters:${i}`, organisationId })),
  );
  await createWiring().derive?.(sql);
  await pg.query('commit');
}
afterAll(async () => {
  await pg?.end();
  await hub?.stop();
});

const CONNECTION = `query($filter: ProjectFilter, $first: Int, $after: String) {
  page: projectsConnection(filter: $filter, first: $first, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

/** Every project ID of a filtered projectsConnection, paged through 200 at a time, and its totalCount. */
async function allProjects(filter: Obj): Promise<{ ids: string[]; totalCount: number }> {
  const found: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let i = 0; i < 100; i++) {
    const res = await hub.query<{ page: Obj }>(CONNECTION, { filter, first: 200, after });
    expect(res.errors).toBeUndefined();
    const page = res.data?.page as Obj;
    totalCount = page.totalCount;
    found.push(...page.edges.map((e: Obj) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { ids: found.sort(), totalCount };
}

describe('the copies the filters read', () => {
  it('the seed load fills them: a seeded partner’s place with its seeded ancestors, its organisation’s seeded kind', () => {
    const data = readYaml<{ places: Array<{ id: string; parent?: string }>; organisations: Array<{ id: string; kind: string }> }>(
      join(seedsDir(), 'organisations.yaml'),
    );
    const parent = new Map(data.places.map((p) => [p.id, p.parent]));
    const kind = new Map(data.organisations.map((o) => [o.id, o.kind]));
    let withAncestor = 0;
    let withKind = 0;
    for (const s of seededPartnerships) {
      const up = s.place_id ? parent.get(s.place_id) : undefined;
      if (up) {
        expect(s.place_path, s.id).toContain(up);
        withAncestor++;
      }
      if (s.organisation_id && kind.has(s.organisation_id)) {
        expect(s.organisation_kind, s.id).toBe(kind.get(s.organisation_id));
        withKind++;
      }
    }
    // ... and a seeded partner organisation its seeded roles.
    const projects = readYaml<{ projects: Array<{ partnerships?: Array<{ organisation?: string; role: string }> }> }>(
      join(seedsDir(), 'projects.yaml'),
    );
    let roles = 0;
    for (const s of projects.projects.flatMap((p) => p.partnerships ?? [])) {
      if (!s.organisation || !seededRoles.has(s.organisation)) continue;
      expect(seededRoles.get(s.organisation), s.organisation).toContain(s.role);
      roles++;
    }
    expect(roles).toBeGreaterThan(3);
    expect(withAncestor).toBeGreaterThan(3);
    expect(withKind).toBeGreaterThan(3);
  });

  it('npm run ingest fills them for every partnership and project, as the other schemas say', async () => {
    const [wrongKind] = await rows<{ n: number; of: number }>(
      `select count(*) filter (where s.organisation_kind is distinct from o.kind)::int as n, count(*)::int as of
       from projects.partnership s join organisations.organisation o on o.id = s.organisation_id`,
    );
    expect(wrongKind?.n).toBe(0);
    expect(wrongKind?.of).toBeGreaterThan(20);
    // A partner in a municipality has the municipality's NUTS 3, NUTS 2 and country in its path.
    const [paths] = await rows<{ n: number; missing: number }>(
      `with recursive up(id, at) as (select id, parent_id from organisations.place
         union select up.id, p.parent_id from up join organisations.place p on p.id = up.at where up.at is not null)
       select count(*)::int as n, count(*) filter (where not up.at = any(s.place_path))::int as missing
       from projects.partnership s join up on up.id = s.place_id where up.at is not null`,
    );
    expect(paths?.missing).toBe(0);
    expect(paths?.n).toBeGreaterThan(20);
    const [funds] = await rows<{ n: number; wrong: number }>(
      `select count(*)::int as n, count(*) filter (where p.programme_fund_ids is distinct from g.fund_ids)::int as wrong
       from projects.project p join funding.programme g on g.id = p.programme_id where cardinality(g.fund_ids) > 0`,
    );
    expect(funds?.wrong).toBe(0);
    expect(funds?.n).toBeGreaterThan(100);
  });
});

describe('ProjectFilter', () => {
  it('country and partner kind together: Polish projects with a municipality among the partners, totalCount as the pages', async () => {
    const got = await allProjects({ country: ['PL'], organisationKind: ['MUNICIPALITY'] });
    const expected = await ids(
      `${PROJECTS_IN} and exists (select 1 from projects.partnership s join organisations.organisation o on o.id = s.organisation_id
         where s.project_id = p.id and o.kind = 'MUNICIPALITY')`,
      [['place:country:PL']],
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(got.ids).toEqual(expected);
    expect(got.totalCount).toBe(expected.length);
    // A place ID names the country as well as its code.
    expect((await allProjects({ country: ['place:country:PL'], organisationKind: ['MUNICIPALITY'] })).ids).toEqual(expected);
  });

  it('a region takes every place inside it, and a list is OR', async () => {
    const regions = ['place:nuts:PL21', 'place:nuts:PL81'];
    const got = await allProjects({ region: regions });
    const expected = await ids(PROJECTS_IN, [regions]);
    // Some of them name only a municipality or NUTS 3 region inside, never the region itself.
    const onlyInside = await ids(
      `${PROJECTS_IN} and not (p.place_ids && $1::text[]) and not exists (select 1 from projects.partnership s where s.project_id = p.id and s.place_id = any($1::text[]))`,
      [regions],
    );
    expect(onlyInside.length).toBeGreaterThan(0);
    expect(got.ids).toEqual(expected);
    const one = await allProjects({ region: regions.slice(0, 1) });
    const other = await allProjects({ region: regions.slice(1) });
    expect(got.ids).toEqual([...new Set([...one.ids, ...other.ids])].sort());
  });

  it('programme and year range: the programme’s projects whose period overlaps the years', async () => {
    const [dated] = await rows<{ programme_id: string }>(`select programme_id from projects.project where id = 'project:test-filters:0'`);
    const programme = dated?.programme_id as string;
    const got = await allProjects({ programme: [programme], yearFrom: 2014, yearTo: 2015 });
    const expected = await ids(
      `select id from projects.project where programme_id = $1
         and coalesce(end_date, start_date) >= '2014-01-01' and coalesce(start_date, end_date) <= '2015-12-31'`,
      [programme],
    );
    const all = await ids('select id from projects.project where programme_id = $1', [programme]);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(got.ids).toEqual(expected);
  });

  it('fund, status and role', async () => {
    const got = await allProjects({ fund: ['fund:norway-grants'], status: ['ONGOING'], role: ['LEAD_PARTNER'] });
    const expected = await ids(
      `select p.id from projects.project p join funding.programme g on g.id = p.programme_id
       where 'fund:norway-grants' = any(g.fund_ids) and p.status in ('ONGOING')
         and exists (select 1 from projects.partnership s where s.project_id = p.id and s.role = 'LEAD_PARTNER')`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(got.ids).toEqual(expected);
  });

  it('updatedSince keeps what changed since', async () => {
    const [one] = await rows<{ id: string }>(`select id from projects.project order by id limit 1`);
    await pg.query(`update projects.project set updated_at = now() + interval '2 days' where id = $1`, [one?.id]);
    const since = new Date(Date.now() + 86_400_000).toISOString();
    expect((await allProjects({ updatedSince: since })).ids).toEqual([one?.id]);
  });

  it('under a place: Place.projectsConnection with a filter', async () => {
    const res = await hub.query<Obj>(
      `{ place(id: "place:country:PL") { projectsConnection(first: 200, filter: { organisationKind: [MUNICIPALITY], role: [LEAD_PARTNER] }) {
          totalCount edges { node { id } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const got = res.data?.place.projectsConnection;
    const expected = await ids(
      `select p.id from projects.project p where exists (select 1 from projects.partnership s join organisations.organisation o on o.id = s.organisation_id
         where s.project_id = p.id and o.kind = 'MUNICIPALITY' and s.role = 'LEAD_PARTNER')
       and ('place:country:PL' = any(p.country_ids || p.place_ids) or exists (select 1 from projects.partnership s where s.project_id = p.id
         and 'place:country:PL' in (s.place_id, s.country_id)))`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(got.totalCount).toBe(expected.length);
    expect(got.edges.map((e: Obj) => e.node.id).sort()).toEqual(expected.slice(0, 200));
  });
});

async function allOrganisations(filter: Obj): Promise<string[]> {
  const found: string[] = [];
  let after: string | null = null;
  do {
    const res = await hub.query<Obj>(
      `query($filter: OrganisationFilter, $after: String) { page: organisationsConnection(first: 200, after: $after, filter: $filter) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { filter, after },
    );
    expect(res.errors).toBeUndefined();
    const page = res.data?.page as Obj;
    found.push(...page.edges.map((e: Obj) => e.node.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return found;
}

describe('OrganisationFilter', () => {
  it('country, region (every place inside) and kind; totalCount as the pages', async () => {
    const query = `query($after: String) { page: organisationsConnection(first: 200, after: $after,
      filter: { country: ["PL"], region: ["place:nuts:PL21"], kind: [MUNICIPALITY, SCHOOL] }) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const found: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const res = await hub.query<Obj>(query, { after });
      expect(res.errors).toBeUndefined();
      const page = res.data?.page as Obj;
      found.push(...page.edges.map((e: Obj) => e.node.id));
      total = page.totalCount;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const expected = await ids(
      `select id from organisations.organisation where country_code = 'PL' and kind in ('MUNICIPALITY', 'SCHOOL') and place_id in (${UNDER})`,
      [['place:nuts:PL21']],
    );
    const seatedInRegion = await ids(`select id from organisations.organisation where place_id = 'place:nuts:PL21'`);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeGreaterThan(seatedInRegion.length);
    expect(found.sort()).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('programme (takes part in) and role, as projects and funding say', async () => {
    const [dated] = await rows<{ programme_id: string }>(`select programme_id from projects.project where id = 'project:test-filters:0'`);
    const programme = dated?.programme_id as string;
    const expected = await ids(
      `select id from organisations.organisation where id in (
         select s.organisation_id from projects.partnership s join projects.project p on p.id = s.project_id where p.programme_id = $1
         union select organisation_id from funding.programme_participant where programme_id = $1
         union select operator_id from funding.programme where id = $1)`,
      [programme],
    );
    const partners = await ids(
      `select distinct s.organisation_id as id from projects.partnership s join projects.project p on p.id = s.project_id where p.programme_id = $1`,
      [programme],
    );
    expect(partners.length).toBeGreaterThan(1);
    expect(expected.length).toBeGreaterThan(partners.length);
    expect((await allOrganisations({ programme: [programme] })).sort()).toEqual(expected);
    const leads = await ids(
      `select distinct organisation_id as id from projects.partnership where role = 'LEAD_PARTNER' and organisation_id is not null`,
    );
    expect(leads.length).toBeGreaterThan(2);
    expect((await allOrganisations({ role: ['LEAD_PARTNER'] })).sort()).toEqual(leads);
  });

  it('source and name, at the root and under a place', async () => {
    const res = await hub.query<Obj>(
      `{ root: organisationsConnection(first: 200, filter: { source: ["eea-grants"], name: "gmina" }) { totalCount }
         place(id: "place:country:PL") { organisationsConnection(first: 5, filter: { kind: [MUNICIPALITY] }) { totalCount edges { node { kind } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const [eea] = await rows<{ n: number }>(
      `select count(*)::int as n from organisations.organisation o where exists (select 1 from unnest(o.source_ids) s where s like 'src:eea-grants:%')
         and (exists (select 1 from unnest(o.search_keys) k where k like '%gmina%')
           or exists (select 1 from organisations.organisation_record r, unnest(r.search_keys) k where r.organisation_id = o.id and k like '%gmina%'))`,
    );
    expect(eea?.n).toBeGreaterThan(0);
    expect(res.data?.root.totalCount).toBe(eea?.n);
    const [seated] = await rows<{ n: number }>(
      `select count(*)::int as n from organisations.organisation where place_id = 'place:country:PL' and kind = 'MUNICIPALITY'`,
    );
    expect(res.data?.place.organisationsConnection.totalCount).toBe(seated?.n);
    for (const e of res.data?.place.organisationsConnection.edges ?? []) expect(e.node.kind).toBe('MUNICIPALITY');
  });
});

describe('bad input', () => {
  it('a field the filter type does not have: 400 with GRAPHQL_VALIDATION_FAILED naming it', async () => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ projectsConnection(filter: { colour: ["red"] }) { totalCount } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Obj;
    expect(body.errors[0].message).toContain('"colour" is not defined by type "ProjectFilter"');
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('an unknown country or region gives an empty page, not an error', async () => {
    for (const filter of [{ country: ['XX'] }, { region: ['place:nuts:ZZ99'] }]) {
      const res = await hub.query<Obj>(CONNECTION, { filter, first: 5 });
      expect(res.errors).toBeUndefined();
      expect(res.data?.page).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    }
  });

  it('yearFrom after yearTo: BAD_USER_INPUT naming filter.yearFrom', async () => {
    for (const query of [
      '{ projectsConnection(filter: { yearFrom: 2020, yearTo: 2010 }) { totalCount } }',
      '{ place(id: "place:country:PL") { projectsConnection(filter: { yearFrom: 2020, yearTo: 2010 }) { totalCount } } }',
    ]) {
      const res = await hub.query<Obj>(query);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain('filter.yearFrom');
    }
  });
});

describe('statements', () => {
  async function statements(query: string): Promise<number> {
    await hub.query(query); // plans and pools warm
    queryLog.reset();
    const res = await hub.query(query);
    expect(res.errors).toBeUndefined();
    return queryLog.statements.length;
  }

  it('a filtered connection is one statement for its page (and one for totalCount), whatever the filter reaches', async () => {
    const every =
      'filter: { country: ["PL"], region: ["place:nuts:PL21"], organisationKind: [MUNICIPALITY], role: [LEAD_PARTNER, PARTNER], fund: ["fund:eea-grants"], yearFrom: 2010, yearTo: 2020, status: [COMPLETED], source: ["eea-grants"] }';
    expect(await statements(`{ projectsConnection(first: 50, ${every}) { edges { node { id title } } } }`)).toBe(1);
    expect(await statements(`{ projectsConnection(first: 50, ${every}) { totalCount edges { node { id } } } }`)).toBe(2);
    expect(
      await statements(
        '{ organisationsConnection(first: 50, filter: { region: ["place:nuts:PL21"], kind: [MUNICIPALITY], source: ["keep-eu"] }) { edges { node { id } } } }',
      ),
    ).toBe(1);
    // Under two places: one statement for the places (organisations), one for both pages (projects).
    expect(
      await statements(`{ a: place(id: "place:country:PL") { projectsConnection(first: 5, filter: { organisationKind: [MUNICIPALITY] }) { edges { node { id } } } }
        b: place(id: "place:country:RO") { projectsConnection(first: 5, filter: { organisationKind: [MUNICIPALITY] }) { edges { node { id } } } } }`),
    ).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------------
// The filter of every other entity type, at the root and under entities, each against SQL written here.

/** Every node ID of a connection (`path` to it in the answer), paged through 200 at a time, and its totalCount. */
async function walk(query: string, path: string[], variables: Obj = {}): Promise<{ ids: string[]; totalCount: number }> {
  const found: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let i = 0; i < 200; i++) {
    const res = await hub.query<Obj>(query, { ...variables, after });
    expect(res.errors).toBeUndefined();
    let page = res.data as Obj;
    for (const key of path) page = page[key];
    totalCount = page.totalCount;
    found.push(...page.edges.map((e: Obj) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { ids: found.sort(), totalCount };
}

const PAGE = 'totalCount edges { node { id } } pageInfo { hasNextPage endCursor }';

/** A root connection's IDs under a filter (`field(filter: $filter)`), as walk gives them. */
const root = (field: string, type: string, filter: Obj) =>
  walk(`query($filter: ${type}, $after: String) { page: ${field}(first: 200, after: $after, filter: $filter) { ${PAGE} } }`, ['page'], {
    filter,
  });

describe('PlaceFilter', () => {
  it('within a region (every place inside, at any depth) and of a level, as the parent links say', async () => {
    const got = await root('placesConnection', 'PlaceFilter', { within: ['place:nuts:PL21'], kind: ['MUNICIPALITY'] });
    const expected = await ids(`select id from organisations.place where kind = 'MUNICIPALITY' and id in (${UNDER})`, [
      ['place:nuts:PL21'],
    ]);
    const children = await ids(`select id from organisations.place where parent_id = 'place:nuts:PL21'`);
    expect(expected.length).toBeGreaterThan(10);
    // Municipalities lie under NUTS 3 regions, not directly in the NUTS 2 region: a walk down, not one step.
    expect(expected.filter((id) => children.includes(id)).length).toBeLessThan(expected.length);
    expect(got.ids).toEqual(expected);
    expect(got.totalCount).toBe(expected.length);
  });

  it('country and source together; under a place, its children narrowed', async () => {
    const got = await root('placesConnection', 'PlaceFilter', { country: ['RO'], kind: ['NUTS3', 'NUTS2'] });
    const expected = await ids(`select id from organisations.place where country_code = 'RO' and kind in ('NUTS3', 'NUTS2')`);
    expect(expected.length).toBeGreaterThan(5);
    expect(got.ids).toEqual(expected);
    const nested = await walk(
      `query($after: String) { place(id: "place:country:PL") { childrenConnection(first: 200, after: $after, filter: { kind: [NUTS1, NUTS2] }) { ${PAGE} } } }`,
      ['place', 'childrenConnection'],
    );
    const direct = await ids(`select id from organisations.place where parent_id = 'place:country:PL' and kind in ('NUTS1', 'NUTS2')`);
    expect(direct.length).toBeGreaterThan(0);
    expect(nested.ids).toEqual(direct);
  });
});

describe('NetworkFilter and the memberships', () => {
  it('networks with a member in a country or seated inside a region', async () => {
    const got = await root('networksConnection', 'NetworkFilter', { country: ['PL'] });
    const expected = await ids(
      `select n.id from organisations.network n where exists (select 1 from organisations.network_member m
         join organisations.organisation o on o.id = m.organisation_id where m.network_id = n.id and o.country_code = 'PL')`,
    );
    const all = await ids('select id from organisations.network');
    expect(expected.length).toBeGreaterThan(0);
    expect(got.ids).toEqual(expected);
    const [seat] = await rows<{ region: string }>(
      `select p.parent_id as region from organisations.network_member m join organisations.organisation o on o.id = m.organisation_id
       join organisations.place p on p.id = o.place_id where p.parent_id is not null order by m.network_id limit 1`,
    );
    const region = seat?.region as string;
    const inRegion = await ids(
      `select distinct m.network_id as id from organisations.network_member m join organisations.organisation o on o.id = m.organisation_id
       where o.place_id in (${UNDER})`,
      [[region]],
    );
    expect(inRegion.length).toBeGreaterThan(0);
    expect(inRegion.length).toBeLessThanOrEqual(all.length);
    expect((await root('networksConnection', 'NetworkFilter', { memberPlace: [region] })).ids).toEqual(inRegion);
  });
});

describe('ProgrammeFilter, AllocationFilter, GrantFilter', () => {
  it('programmes by fund, country and year range, at the root and under a fund', async () => {
    const filter = { fund: ['fund:eea-grants', 'fund:norway-grants'], country: ['PL'], yearFrom: 2015, yearTo: 2016 };
    const expected = await ids(
      `select id from funding.programme where fund_ids && array['fund:eea-grants', 'fund:norway-grants'] and country_id = 'place:country:PL'
         and coalesce(end_year, start_year) >= 2015 and coalesce(start_year, end_year) <= 2016`,
    );
    const polish = await ids(`select id from funding.programme where country_id = 'place:country:PL'`);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(polish.length);
    const got = await root('programmesConnection', 'ProgrammeFilter', filter);
    expect(got.ids).toEqual(expected);
    expect(got.totalCount).toBe(expected.length);
    const underFund = await walk(
      `query($after: String) { fund(id: "fund:norway-grants") { programmesConnection(first: 200, after: $after, filter: { country: ["PL"], yearFrom: 2015, yearTo: 2016 }) { ${PAGE} } } }`,
      ['fund', 'programmesConnection'],
    );
    const norway = await ids(
      `select id from funding.programme where 'fund:norway-grants' = any(fund_ids) and country_id = 'place:country:PL'
         and coalesce(end_year, start_year) >= 2015 and coalesce(start_year, end_year) <= 2016`,
    );
    expect(underFund.ids).toEqual(norway);
  });

  it('a programme’s allocations inside a region, as the places’ parent links say, and of a fund', async () => {
    const [programme] = await rows<{ id: string; region: string }>(
      `select a.programme_id as id, min(p.parent_id) as region from funding.allocation a join organisations.place p on p.id = a.place_id
       where p.kind = 'NUTS3' group by a.programme_id order by count(*) desc limit 1`,
    );
    const direct = await ids(
      `with recursive down(id) as (select id from organisations.place where id = $2
         union select p.id from organisations.place p join down on p.parent_id = down.id)
       select a.id from funding.allocation a where a.programme_id = $1 and a.place_id in (select id from down)`,
      [programme?.id, programme?.region],
    );
    const all = await ids('select id from funding.allocation where programme_id = $1', [programme?.id]);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.length).toBeLessThan(all.length);
    const got = await walk(
      `query($id: ID, $filter: AllocationFilter, $after: String) { programme(id: $id) { allocationsConnection(first: 200, after: $after, filter: $filter) { ${PAGE} } } }`,
      ['programme', 'allocationsConnection'],
      { id: programme?.id, filter: { region: [programme?.region] } },
    );
    expect(got.ids).toEqual(direct);
    expect(got.totalCount).toBe(direct.length);
    const [fund] = await rows<{ fund_id: string }>('select fund_id from funding.allocation where programme_id = $1 limit 1', [
      programme?.id,
    ]);
    const ofFund = await ids(
      `with recursive down(id) as (select id from organisations.place where id = $2
         union select p.id from organisations.place p join down on p.parent_id = down.id)
       select a.id from funding.allocation a where a.programme_id = $1 and a.place_id in (select id from down) and a.fund_id = $3`,
      [programme?.id, programme?.region, fund?.fund_id],
    );
    const both = await walk(
      `query($id: ID, $filter: AllocationFilter, $after: String) { programme(id: $id) { allocationsConnection(first: 200, after: $after, filter: $filter) { ${PAGE} } } }`,
      ['programme', 'allocationsConnection'],
      { id: programme?.id, filter: { region: [programme?.region], fund: [fund?.fund_id] } },
    );
    expect(both.ids).toEqual(ofFund);
  });

  it('grants of a programme by year range and source', async () => {
    const [programme] = await rows<{ id: string }>(
      'select programme_id as id from funding.grant group by programme_id order by count(*) desc, programme_id limit 1',
    );
    const expected = await ids(
      `select g.id from funding.grant g join funding.programme p on p.id = g.programme_id where g.programme_id = $1
         and coalesce(p.end_year, p.start_year) >= 2010 and exists (select 1 from unnest(g.source_ids) s where s like 'src:eea-grants:%')`,
      [programme?.id],
    );
    expect(expected.length).toBeGreaterThan(0);
    const got = await walk(
      `query($id: ID, $after: String) { programme(id: $id) { grantsConnection(first: 200, after: $after, filter: { yearFrom: 2010, source: ["eea-grants"] }) { ${PAGE} } } }`,
      ['programme', 'grantsConnection'],
      { id: programme?.id },
    );
    expect(got.ids).toEqual(expected);
  });
});

describe('EventFilter and OutcomeFilter', () => {
  it('events by country, by region (every place inside) and by kind', async () => {
    const polish = await ids(
      `select id from events.event where place_id like 'place:lau:PL:%' or place_id like 'place:nuts:PL%' or place_id = 'place:country:PL' or place_id like 'place:locality:PL:%'`,
    );
    expect(polish.length).toBeGreaterThan(0);
    expect((await root('eventsConnection', 'EventFilter', { country: ['PL'] })).ids).toEqual(polish);
    const [held] = await rows<{ region: string }>(
      `select p.parent_id as region from events.event e join organisations.place p on p.id = e.place_id where p.parent_id like 'place:nuts:%' order by e.id limit 1`,
    );
    const inside = await ids(`select id from events.event where place_id in (${UNDER})`, [[held?.region]]);
    expect(inside.length).toBeGreaterThan(0);
    expect((await root('eventsConnection', 'EventFilter', { region: [held?.region] })).ids).toEqual(inside);
    const [kind] = await rows<{ kind: string }>('select kind from events.event group by kind order by count(*) desc limit 1');
    const ofKind = await ids(
      `select id from events.event where kind = $1 and start_date <= '2030-12-31' and coalesce(end_date, start_date) >= '2000-01-01'`,
      [kind?.kind],
    );
    expect(ofKind.length).toBeGreaterThan(0);
    expect(
      (await root('eventsConnection', 'EventFilter', { kind: [kind?.kind], dateFrom: '2000-01-01', dateTo: '2030-12-31' })).ids,
    ).toEqual(ofKind);
  });

  it('outcomes tied to a place of a country, and of a kind', async () => {
    const expected = await ids(
      `select distinct o.id from outcomes.outcome o join outcomes.outcome_link l on l.outcome_id = o.id
       join organisations.place p on p.id = l.target_id where l.target_type = 'Place' and p.country_code = 'PL'`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect((await root('outcomesConnection', 'OutcomeFilter', { country: ['PL'] })).ids).toEqual(expected);
    const [kind] = await rows<{ kind: string }>('select kind from outcomes.outcome group by kind order by count(*) desc limit 1');
    const ofKind = await ids(
      `select distinct o.id from outcomes.outcome o join outcomes.outcome_link l on l.outcome_id = o.id
       join organisations.place p on p.id = l.target_id where l.target_type = 'Place' and p.country_code = 'PL' and o.kind = $1`,
      [kind?.kind],
    );
    expect((await root('outcomesConnection', 'OutcomeFilter', { country: ['PL'], kind: [kind?.kind] })).ids).toEqual(ofKind);
  });
});

describe('PartnershipFilter and the projects under an organisation or programme', () => {
  it('an organisation’s partnerships by role and its projects by status; a programme’s projects by year', async () => {
    const [org] = await rows<{ id: string }>(
      `select organisation_id as id from projects.partnership where organisation_id is not null
       group by organisation_id having count(distinct role) > 1 order by count(*) desc limit 1`,
    );
    const leads = await ids(`select id from projects.partnership where organisation_id = $1 and role = 'LEAD_PARTNER'`, [org?.id]);
    const all = await ids('select id from projects.partnership where organisation_id = $1', [org?.id]);
    expect(leads.length).toBeGreaterThan(0);
    expect(leads.length).toBeLessThan(all.length);
    const got = await walk(
      `query($id: ID, $after: String) { organisation(id: $id) { partnershipsConnection(first: 200, after: $after, filter: { role: [LEAD_PARTNER] }) { ${PAGE} } } }`,
      ['organisation', 'partnershipsConnection'],
      { id: org?.id },
    );
    expect(got.ids).toEqual(leads);
    const completed = await ids(
      `select distinct p.id from projects.project p join projects.partnership s on s.project_id = p.id where s.organisation_id = $1 and p.status = 'COMPLETED'`,
      [org?.id],
    );
    const projects = await walk(
      `query($id: ID, $after: String) { organisation(id: $id) { projectsConnection(first: 200, after: $after, filter: { status: [COMPLETED] }) { ${PAGE} } } }`,
      ['organisation', 'projectsConnection'],
      { id: org?.id },
    );
    expect(projects.ids).toEqual(completed);
    const [dated] = await rows<{ programme_id: string }>(`select programme_id from projects.project where id = 'project:test-filters:0'`);
    const inYears = await ids(
      `select id from projects.project where programme_id = $1 and coalesce(end_date, start_date) >= '2016-01-01' and coalesce(start_date, end_date) <= '2016-12-31'`,
      [dated?.programme_id],
    );
    expect(inYears.length).toBeGreaterThan(0);
    const underProgramme = await walk(
      `query($id: ID, $after: String) { programme(id: $id) { projectsConnection(first: 200, after: $after, filter: { yearFrom: 2016, yearTo: 2016 }) { ${PAGE} } } }`,
      ['programme', 'projectsConnection'],
      { id: dated?.programme_id },
    );
    expect(underProgramme.ids).toEqual(inYears);
  });
});

describe('updatedSince on every connection, after a second write', () => {
  it('each root connection returns exactly the rows changed since, as updated_at says', async () => {
    const [clock] = await rows<{ now: Date }>('select now() as now');
    const since = clock?.now as Date;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [before] = await rows<{ programme_id: string }>(`select programme_id from projects.project where id = 'project:test-filters:1'`);
    // A second write through the projects data module, as an ingest would: one project's title changes.
    await pg.query('begin');
    await projectsData.write(clientSql(pg, true), {
      projects: [
        {
          id: 'project:test-filters:1',
          title: 'Filter test project 1, renamed',
          startDate: '2013-01-01',
          endDate: '2014-12-31',
          status: 'ONGOING',
          programmeId: before?.programme_id,
          countryIds: ['place:country:PL'],
          identifiers: [],
          sourceIds: ['src:test-filters:file.json#1'],
        },
      ],
      partnerships: [],
    });
    await pg.query('commit');
    for (const table of [
      'organisations.place',
      'organisations.network',
      'funding.programme',
      'funding.fund',
      'events.event',
      'outcomes.outcome',
    ]) {
      await pg.query(`update ${table} set updated_at = now() where id = (select id from ${table} order by id limit 1)`);
    }
    const cases: Array<[string, string, string]> = [
      ['projectsConnection', 'ProjectFilter', 'projects.project'],
      ['placesConnection', 'PlaceFilter', 'organisations.place'],
      ['networksConnection', 'NetworkFilter', 'organisations.network'],
      ['programmesConnection', 'ProgrammeFilter', 'funding.programme'],
      ['fundsConnection', 'FundFilter', 'funding.fund'],
      ['eventsConnection', 'EventFilter', 'events.event'],
      ['outcomesConnection', 'OutcomeFilter', 'outcomes.outcome'],
    ];
    for (const [field, type, table] of cases) {
      const expected = await ids(`select id from ${table} where updated_at >= $1`, [since]);
      expect(expected.length, table).toBeGreaterThan(0);
      const got = await root(field, type, { updatedSince: since.toISOString() });
      expect(got.ids, field).toEqual(expected);
      expect(got.totalCount, field).toBe(expected.length);
    }
    expect(await ids('select id from projects.project where updated_at >= $1', [since])).toContain('project:test-filters:1');
  });

  it('nested connections take it too: a project’s partnerships, a programme’s allocations', async () => {
    const [s] = await rows<{ id: string; project_id: string }>('select id, project_id from projects.partnership order by id limit 1');
    const since = new Date(Date.now() + 3 * 86_400_000);
    await pg.query(`update projects.partnership set updated_at = $1::timestamptz + interval '1 minute' where id = $2`, [since, s?.id]);
    const res = await hub.query<Obj>(
      `query($id: ID, $since: DateTime) { project(id: $id) { all: partnershipsConnection { totalCount }
         changed: partnershipsConnection(filter: { updatedSince: $since }) { totalCount edges { node { id } } } } }`,
      { id: s?.project_id, since: since.toISOString() },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.project.changed.edges.map((e: Obj) => e.node.id)).toEqual([s?.id]);
    expect(res.data?.project.all.totalCount).toBeGreaterThanOrEqual(1);
    const [a] = await rows<{ id: string; programme_id: string }>('select id, programme_id from funding.allocation order by id limit 1');
    await pg.query(`update funding.allocation set updated_at = $1::timestamptz + interval '1 minute' where id = $2`, [since, a?.id]);
    const allocations = await hub.query<Obj>(
      `query($id: ID, $since: DateTime) { programme(id: $id) {
         allocationsConnection(filter: { updatedSince: $since }) { totalCount edges { node { id } } } } }`,
      { id: a?.programme_id, since: since.toISOString() },
    );
    expect(allocations.errors).toBeUndefined();
    expect(allocations.data?.programme.allocationsConnection.edges.map((e: Obj) => e.node.id)).toEqual([a?.id]);
  });
});

describe('cursors and bad input of the new filters', () => {
  it('a cursor from another filter is refused naming `after`, at the root and nested', async () => {
    const first = await hub.query<Obj>('{ placesConnection(first: 2, filter: { country: ["PL"] }) { pageInfo { endCursor } } }');
    const cursor = first.data?.placesConnection.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    const again = await hub.query<Obj>(
      'query($c: String) { placesConnection(first: 2, after: $c, filter: { country: ["PL"] }) { edges { node { id } } } }',
      {
        c: cursor,
      },
    );
    expect(again.errors).toBeUndefined();
    const other = await hub.query<Obj>(
      'query($c: String) { placesConnection(first: 2, after: $c, filter: { country: ["RO"] }) { edges { node { id } } } }',
      {
        c: cursor,
      },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.errors?.[0]?.message).toContain('"after"');
    const nested = await hub.query<Obj>(
      '{ place(id: "place:country:PL") { childrenConnection(first: 1, filter: { kind: [NUTS1, NUTS2] }) { pageInfo { endCursor } } } }',
    );
    const c = nested.data?.place.childrenConnection.pageInfo.endCursor;
    const refused = await hub.query<Obj>(
      'query($c: String) { place(id: "place:country:PL") { childrenConnection(first: 1, after: $c, filter: { kind: [NUTS2] }) { edges { node { id } } } } }',
      { c },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('"after"');
  });

  it('an unknown field, a bad date range, a bad year range, an unknown enum value', async () => {
    const post = async (query: string) => {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, body: (await response.json()) as Obj };
    };
    const unknown = await post('{ eventsConnection(filter: { colour: ["red"] }) { totalCount } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toContain('"colour" is not defined by type "EventFilter"');
    const dates = await hub.query<Obj>('{ eventsConnection(filter: { dateFrom: "2020-01-01", dateTo: "2019-01-01" }) { totalCount } }');
    expect(dates.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(dates.errors?.[0]?.message).toContain('filter.dateFrom');
    for (const [query, says] of [
      ['{ programmesConnection(filter: { yearFrom: 2021, yearTo: 2014 }) { totalCount } }', 'filter.yearTo (2014)'],
      ['{ fund(id: "fund:eea-grants") { programmesConnection(filter: { yearFrom: 0 }) { totalCount } } }', 'between 1 and 9999'],
    ]) {
      const years = await hub.query<Obj>(query as string);
      expect(years.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(years.errors?.[0]?.message, query).toContain('filter.yearFrom');
      expect(years.errors?.[0]?.message, query).toContain(says);
    }
    const badDay = await hub.query<Obj>('{ outcomesConnection(filter: { dateFrom: "2020-02-30" }) { totalCount } }');
    expect(badDay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const kind = await post('{ placesConnection(filter: { kind: [PROVINCE] }) { totalCount } }');
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0].message).toContain('PlaceKind');
  });
});

describe('statements of the new filters', () => {
  async function statements(query: string): Promise<number> {
    await hub.query(query);
    queryLog.reset();
    const res = await hub.query(query);
    expect(res.errors).toBeUndefined();
    return queryLog.statements.length;
  }

  it('a filtered root page is one statement; filtered nested pages of many parents one more (and one for their counts)', async () => {
    expect(
      await statements(
        '{ placesConnection(first: 20, filter: { within: ["place:nuts:PL21"], kind: [MUNICIPALITY], source: ["teryt"] }) { edges { node { id } } } }',
      ),
    ).toBe(1);
    expect(
      await statements(
        '{ eventsConnection(first: 20, filter: { country: ["PL"], region: ["place:nuts:PL21"], kind: [CONFERENCE] }) { edges { node { id } } } }',
      ),
    ).toBe(1);
    expect(
      await statements(
        '{ outcomesConnection(first: 20, filter: { country: ["PL"], region: ["place:nuts:PL21"], project: ["p"] }) { edges { node { id } } } }',
      ),
    ).toBe(1);
    expect(
      await statements(
        '{ networksConnection(first: 20, filter: { country: ["PL"], memberPlace: ["place:nuts:PL21"] }) { edges { node { id } } } }',
      ),
    ).toBe(1);
    // Programmes (one statement), then the allocations of all of them under one filter: one page statement and one count.
    expect(
      await statements(`{ programmesConnection(first: 20, filter: { country: ["PL"], yearFrom: 2009 }) { edges { node { id
          allocationsConnection(first: 3, filter: { region: ["place:nuts:PL2"], yearFrom: 2009, fund: ["fund:eea-grants", "fund:norway-grants"] }) { totalCount edges { node { id } } } } } } }`),
    ).toBe(3);
  });
});
