import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { queryLog } from '@regiograph/lib';
import {
  buildASTSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  isLeafType,
  isObjectType,
  parse,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';
import { PARENTS } from './support/parents.js';
import { ingestWorlds, type World, world, writeWorldSeeds } from './support/world.js';

// SQL statements per request, counted from lib's queryLog (every subgraph runs in this process), on two
// synthetic worlds of the same shape (test/support/world.ts): in the small one every per-parent list has 2
// entries, in the large one 5 (partnerships, participants, a place's codes and figures, an organisation's
// names, identifiers and source records, events, outcomes, grants, allocations, members, citations...).
// Batched loaders cost the same statements for both; a loader that goes one query per key costs more for
// the large world, and the test says which request.

const SMALL = world(2);
const LARGE = world(5);

// biome-ignore lint/suspicious/noExplicitAny: answers are walked generically
type Obj = Record<string, any>;

let hub: TestHub;
beforeAll(async () => {
  process.env.SEEDS_DIR = writeWorldSeeds([SMALL, LARGE]);
  hub = await startTestHub('statement_counts');
  await ingestWorlds(hub.hub.database.url, [SMALL, LARGE]);
}, 180_000);
afterAll(async () => {
  await hub?.stop();
  if (process.env.SEEDS_DIR) rmSync(process.env.SEEDS_DIR, { recursive: true, force: true });
  delete process.env.SEEDS_DIR;
});

/**
 * The fewest statements of three warm runs. A loader's batch can split in two when the lists that feed it come
 * back from PostgreSQL in different turns of the event loop (seen: a project loaded alone, then nine more, in 1
 * of 3 runs of CityProfile), which adds a statement by timing, not by data; a loader that runs per row adds
 * statements in every run, so the fewest still shows it.
 */
async function count(send: () => Promise<{ data?: Obj; errors?: unknown[] }>, warmUp = true): Promise<{ count: number; data: Obj }> {
  let best = await countOnce(send, warmUp);
  for (let run = 1; run < 3; run++) {
    const next = await countOnce(send, false);
    if (next.count < best.count) best = next;
  }
  return best;
}

async function countOnce(send: () => Promise<{ data?: Obj; errors?: unknown[] }>, warmUp: boolean): Promise<{ count: number; data: Obj }> {
  if (warmUp) await send(); // planner caches, connection pools
  queryLog.reset();
  const res = await send();
  // Coverage's table scans run once per data generation, shared by every request (test/coverage.test.ts counts
  // them): whether this request or an earlier one ran them depends on commits anywhere on the server.
  const statements = queryLog.statements.filter((q) => !q.includes('unnest(t.source_ids)')).length;
  if (process.env.N1_DEBUG) console.log(queryLog.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n'));
  expect(res.errors).toBeUndefined();
  return { count: statements, data: res.data ?? {} };
}

/** Total entries of each list in an answer, by path without indices (`place.government.partnerships`). */
function listSizes(value: unknown, path = '', into = new Map<string, number>()): Map<string, number> {
  if (Array.isArray(value)) {
    into.set(path, (into.get(path) ?? 0) + value.length);
    for (const v of value) listSizes(v, path, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) listSizes(v, path ? `${path}.${k}` : k, into);
  }
  return into;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Every operation in docs/operations/, with a ceiling.

const OPERATIONS: Record<
  string,
  { variables: (w: World) => Record<string, unknown>; ceiling: number; aggregates?: RegExp; oneAnswer?: string }
> = {
  // The ceilings are the counts measured when this test was written (the same for both worlds); the README
  // states them (Tests section) and the last test checks that it does. A change that needs more statements
  // must raise the ceiling here and there, on purpose.
  // CityProfile was 36; the events of the city's projects, with their outcomes, cost 3 more (events, outcome
  // links, outcomes), the same on both worlds.
  // The government's programme roles (EEA Grants names partners per programme), with their programmes, 2 more.
  CityProfile: { variables: (w) => ({ name: w.cityName }), ceiling: 41 },
  NetworkDetail: { variables: (w) => ({ name: w.networkName }), ceiling: 18 },
  EventsBetween: { variables: (w) => ({ from: `${w.year}-01-01`, to: `${w.year}-12-31` }), ceiling: 11 },
  ProjectDetail: { variables: (w) => ({ name: w.projectName }), ceiling: 14 },
  // Its records: a page cut in SQL (Organisation.records), beside the whole list its names and sources read.
  OrganisationByIdentifier: { variables: (w) => ({ scheme: 'teryt', value: w.teryt }), ceiling: 12 },
  ProjectByIdentifier: { variables: (w) => ({ ...w.dataProjectIdentifier }), ceiling: 11 },
  // The worlds' money is the programmes' own allocations (no regional breakdown).
  // Statistics rows are groups, as many as distinct keys (not one per entity), and money lists hold one entry per
  // currency: those lists (`aggregates`) need not grow with the world; their statement count must not either.
  RegionDashboard: {
    variables: (w) => ({ nuts: w.region.replace('place:nuts:', ''), breakdown: 'OWN' }),
    ceiling: 13,
    aggregates: /Statistics|\.(money|moneyByRegion)\b|\.(allocated|budget|euContribution)$/,
  },
  ProgrammeDashboard: {
    variables: (w) => ({ id: w.dataProgrammes[0] }),
    ceiling: 12,
    aggregates: /Statistics|\.(own|byRegion)\b|\.(allocated|budget|euContribution)$/,
  },
  // The feed's first page, with each changed entity through the union: the same statements whatever the types.
  SyncChanges: {
    variables: () => ({ since: null, first: 500 }),
    ceiling: 12,
    oneAnswer: 'the feed reads the whole database, both worlds at once: its first page is the same for either',
  },
};

describe('statements per operation', () => {
  it('covers every operation in docs/operations/', () => {
    const documented = readdirSync(join(__dirname, '..', 'docs', 'operations'))
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => f.replace(/\.graphql$/, ''))
      .sort();
    expect(Object.keys(OPERATIONS).sort()).toEqual(documented);
  });

  describe.each(Object.entries(OPERATIONS))('%s', (name, op) => {
    it('costs the same statements on 2 and 5 of everything, at most its ceiling, and every list in it grows', async () => {
      const small = await count(() => hub.operation(name, op.variables(SMALL)));
      const large = await count(() => hub.operation(name, op.variables(LARGE)));
      console.log(`${name}: ${small.count} SQL statements on the small world, ${large.count} on the large one`);
      const smallLists = listSizes(small.data);
      const largeLists = listSizes(large.data);
      const notGrowing = [...largeLists]
        .filter(([path, size]) => size <= (smallLists.get(path) ?? 0) && !op.aggregates?.test(path))
        .map(([path, size]) => `${path}: ${smallLists.get(path) ?? 0} entries on the small world, ${size} on the large one`);
      // Every list in the answer is longer in the large world, else the world does not exercise its loader.
      if (!op.oneAnswer) expect(notGrowing, `${name}: lists the worlds do not grow`).toEqual([]);
      expect(large.count).toBe(small.count);
      expect(large.count).toBeLessThanOrEqual(op.ceiling);
    });
  });

  it('the README states each ceiling', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const [name, op] of Object.entries(OPERATIONS)) expect(readme).toContain(`\`${name}\` ${op.ceiling}`);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. Every field of every type, under a list of parents that grows: a per-key loader anywhere shows here.

const schema = buildASTSchema(parse(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});

const isEntityLike = (type: GraphQLNamedType) => isObjectType(type) && !type.name.startsWith('_') && !/^(join|link)__/.test(type.name);

/** Object types with a field that returns an object: those whose fields may go to the database per parent. */
// A connection's own fields (edges, pageInfo) are the page its field read, in memory: the statements are
// counted at that field (Place.organisationsConnection...) and at its edges' nodes, and below.
const TYPES = Object.values(schema.getTypeMap()).filter(
  (t): t is GraphQLObjectType =>
    isEntityLike(t) &&
    t.name !== 'Query' &&
    !t.name.endsWith('Connection') &&
    // Likewise a statistics row, its edge and its figures: the field that grouped them (Place.projectStatistics,
    // Place.projectStatisticsConnection...) is counted.
    !/(StatisticsGroup|StatisticsGroupEdge|Figures)$/.test(t.name) &&
    // The change feed's page reads the whole log, the same for either world: SyncChanges above counts it,
    // each changed entity through the union included.
    !['ChangeEdge', 'Change'].includes(t.name) &&
    Object.values((t as GraphQLObjectType).getFields()).some((f) => !isLeafType(getNamedType(f.type))),
);

/** A field (one that returns objects: scalar fields come with their row) with the scalars of what it returns (so the subgraph owning that type is asked too). */
function selection(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (isLeafType(type) || !isObjectType(type)) return field.name;
  const scalars = Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => a.defaultValue !== undefined || !`${a.type}`.endsWith('!')))
    .map((f) => f.name);
  return `${field.name} { __typename ${scalars.join(' ')} }`;
}

function queryFor(steps: string[], inner: string): string {
  return steps.reduceRight((body, step, i) => `{ s${i}: ${step} ${body} }`, `{ __typename ${inner} }`);
}

const parentsIn = (data: Obj, depth: number): unknown[] => {
  let value: unknown = data;
  for (let i = 0; i < depth; i++) value = (value as Obj | null)?.[`s${i}`];
  return value as unknown[];
};

describe('statements per field, under 2 and then 5 parents', () => {
  it('has a list of parents for every type whose fields can reach another object', () => {
    expect(TYPES.map((t) => t.name).filter((name) => !PARENTS[name])).toEqual([]);
    expect(TYPES.length).toBeGreaterThan(15);
  });

  const cases = TYPES.filter((t) => PARENTS[t.name]).flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => !isLeafType(getNamedType(field.type)))
      .map((field) => ({ coordinate: `${type.name}.${field.name}`, type: type.name, field })),
  );

  it.each(cases)('$coordinate', async ({ type, field }) => {
    const steps = PARENTS[type] as (w: World) => string[];
    const run = (w: World, warmUp: boolean) => count(() => hub.query(queryFor(steps(w), selection(field))), warmUp);
    const small = await run(SMALL, true);
    const large = await run(LARGE, false); // the same request on other rows: warm already
    const parents = [parentsIn(small.data, steps(SMALL).length), parentsIn(large.data, steps(LARGE).length)];
    expect(Array.isArray(parents[0]) && Array.isArray(parents[1])).toBe(true);
    expect(parents[1]?.length, `more ${type} parents in the large world`).toBeGreaterThan(parents[0]?.length ?? 0);
    expect(large.count, `${small.count} statements for ${parents[0]?.length} parents, ${large.count} for ${parents[1]?.length}`).toBe(
      small.count,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// 3. Connections: pages and totals of the places of a region, keyset-paged in SQL, whatever their number.

describe('connections under a list of places that grows', () => {
  const pagesOfChildren = (w: World) => `{ place(id: "${w.region}") { children(limit: 200) { id
    organisationsConnection(first: 2) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
    projectsConnection(first: 2) { totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } } } }`;

  it('costs the same statements for 2 and 5 places, with pages and totals for each', async () => {
    const small = await count(() => hub.query(pagesOfChildren(SMALL)));
    const large = await count(() => hub.query(pagesOfChildren(LARGE)));
    console.log(`connections under places: ${small.count} SQL statements for the small world, ${large.count} for the large one`);
    const children = (data: Obj) => data.place.children as Obj[];
    expect(children(large.data).length).toBeGreaterThan(children(small.data).length);
    for (const data of [small.data, large.data]) {
      const withProjects = children(data).filter((c) => c.projectsConnection.edges.length > 0);
      expect(withProjects.length).toBeGreaterThan(0);
      const withOrganisations = children(data).filter((c) => c.organisationsConnection.totalCount > 2);
      expect(withOrganisations.length).toBeGreaterThan(0);
      for (const c of withOrganisations) expect(c.organisationsConnection.pageInfo.hasNextPage).toBe(true);
    }
    expect(large.count).toBe(small.count);
  });

  it('reads no more rows than a page per place: the SQL cuts each place’s rows to the page, in keyset order', async () => {
    queryLog.reset();
    await hub.query(pagesOfChildren(LARGE));
    // The keyset pages (children(limit:) is cut by limit/offset in a lateral subquery of its own).
    const pages = queryLog.statements.filter((q) => q.includes('cross join lateral (select * from') && !/\boffset\b/.test(q));
    expect(pages).toHaveLength(2);
    // Each parent's page: ordered by its keys and limited, inside the lateral subquery.
    for (const q of pages) expect(q).toMatch(/order by "__k0" asc, "__k1" asc limit (\?|\$\d+|\d+)\) t/);
    // The next pages (after each place's cursor) cost the same: one statement per connection for all places.
    const first = await hub.query<Obj>(pagesOfChildren(LARGE));
    const next = ((first.data?.place.children ?? []) as Obj[]).find((c) => c.organisationsConnection.pageInfo.hasNextPage) as Obj;
    queryLog.reset();
    const res = await hub.query<Obj>(
      `query($id: ID!, $after: String) { place(id: $id) { organisationsConnection(first: 2, after: $after) { edges { node { id } } } } }`,
      { id: next.id, after: next.organisationsConnection.pageInfo.endCursor },
    );
    expect(res.errors).toBeUndefined();
    const ids = ((res.data?.place.organisationsConnection.edges ?? []) as Obj[]).map((e) => e.node.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(next.organisationsConnection.edges[0].node.id);
  });
});
