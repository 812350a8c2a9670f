import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PAGE_SIZE } from '@regiograph/lib';
import { buildASTSchema, type GraphQLNamedType, getNamedType, getNullableType, isLeafType, isListType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';
import { ingestWorlds, world, writeWorldSeeds } from './support/world.js';

// Pages of EVERY list field of the composed supergraph, through the gateway over real HTTP, on a synthetic
// world (test/support/world.ts) where each list has at least 3 entries under one parent: the first page,
// each following page up to the last, pages beyond the end, a page of exactly the whole list and one short
// of it, the maximum (200) accepted and 201 refused. Each page must equal the slice of the whole list and
// never hold more than `limit` entries. The list fields are read from schema/supergraph.graphql, so a new
// one fails here until this file says where the world has data for it.

// biome-ignore lint/suspicious/noExplicitAny: answers are walked generically
type Obj = Record<string, any>;

const W = world(5);

let hub: TestHub;
beforeAll(async () => {
  process.env.SEEDS_DIR = writeWorldSeeds([W]);
  hub = await startTestHub('paging');
  await ingestWorlds(hub.hub.database.url, [W]);
}, 180_000);
afterAll(async () => {
  await hub?.stop();
  if (process.env.SEEDS_DIR) rmSync(process.env.SEEDS_DIR, { recursive: true, force: true });
  delete process.env.SEEDS_DIR;
});

const schema = buildASTSchema(parse(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});

/** For each type, the steps from the root to ONE instance of it in the world (a list step takes its first). */
const PARENT: Record<string, string[]> = {
  Query: [],
  Place: [`place(id: "${W.city}")`],
  Organisation: [`organisation(id: "${W.government}")`],
  Network: [`network(id: "${W.network}")`],
  NetworkMember: [`network(id: "${W.network}")`, 'members(limit: 1)'],
  NetworkPerson: [`network(id: "${W.network}")`, 'people(limit: 1)'],
  Coverage: [`coverage(sources: ${JSON.stringify(W.sources.slice(0, 1))})`],
  Event: [`event(id: "${W.events[0]}")`],
  EventParticipant: [`event(id: "${W.events[0]}")`, 'participants(limit: 1)'],
  AgendaItem: [`event(id: "${W.events[0]}")`, 'agenda(limit: 1)'],
  Project: [`project(id: "${W.projects[0]}")`],
  Partnership: [`project(id: "${W.projects[0]}")`, 'partnerships(limit: 1)'],
  Programme: [`programme(id: "${W.dataProgrammes[0]}")`],
  Fund: [`fund(id: "${W.funds[0]}")`],
  Grant: [`project(id: "${W.projects[0]}")`, 'funding(limit: 1)'],
  Allocation: [`place(id: "${W.city}")`, 'allocations(limit: 1)'],
  ProgrammeParticipant: [`programme(id: "${W.dataProgrammes[0]}")`, 'participants(limit: 1)'],
  PlaceIdentifier: [`place(id: "${W.city}")`, 'identifiers(limit: 1)'],
  PlaceStatistic: [`place(id: "${W.city}")`, 'statistics(limit: 1)'],
  OrganisationIdentifier: [`organisation(id: "${W.government}")`, 'identifiers(limit: 1)'],
  OrganisationRecord: [`organisation(id: "${W.government}")`, 'records(limit: 1)'],
  OrganisationName: [`organisation(id: "${W.government}")`, 'names(limit: 1)'],
  Outcome: [`outcome(id: "${W.outcomes[0]}")`],
};

/** Fields whose data sits on another instance of their type than PARENT's. */
const PARENT_OF_FIELD: Record<string, string[]> = {
  'Project.identifiers': [`project(id: "${W.dataProjects[0]}")`],
  'Project.places': [`project(id: "${W.dataProjects[0]}")`],
  'Organisation.programmesOperated': [`organisation(id: "${W.government}")`],
  'Outcome.indicators': [`outcome(id: "${W.dataOutcomes[0]}")`],
  'Outcome.producedByProgrammes': [`outcome(id: "${W.dataOutcomes[0]}")`],
  // The organisations of the city are of two kinds; those of its region, grouped by municipality, more.
  'Place.organisationStatistics': [`place(id: "${W.region}")`],
};

/**
 * The group-by of each statistics field: dimensions with several values under its parent in the world, so
 * that the groups are 3 or more (ungrouped, a scope has one group).
 */
const GROUP_BY: Record<string, string> = {
  projectStatistics: 'groupBy: [MUNICIPALITY, PROGRAMME, ROLE, ORGANISATION_KIND]',
  fundingStatistics: 'groupBy: [FUND]',
  organisationStatistics: 'groupBy: [MUNICIPALITY, ORGANISATION_KIND]',
};
const STATISTICS = Object.keys(GROUP_BY);

/** Arguments of root lists that keep them to the world's rows (the whole table where that stays small). */
const ROOT_ARGS: Record<string, string> = {
  'Query.coverage': `sources: ${JSON.stringify(W.sources)}`,
  'Query.events': `from: "${W.year}-01-01", to: "${W.year}-12-31"`,
  'Query.funds': '',
  'Query.programmes': `name: "programme ${W.tag} "`,
  'Query.networks': `name: "Siec ${W.tag}"`,
  'Query.organisations': `name: "Partner ${W.tag}"`,
  'Query.places': `name: "Sasiad ${W.tag}"`,
  'Query.outcomes': `name: "World ${W.tag} "`,
  'Query.projects': `name: "World ${W.tag} "`,
  ...Object.fromEntries(STATISTICS.map((name) => [`Query.${name}`, GROUP_BY[name]])),
};

interface ListField {
  coordinate: string;
  type: string;
  name: string;
  /** What each entry is asked for: every scalar of an object entry, nothing for a value list. */
  selection: string;
}

const LIST_FIELDS: ListField[] = Object.values(schema.getTypeMap()).flatMap((type) => {
  if (!isObjectType(type) || type.name.startsWith('_') || /^(join|link)__/.test(type.name)) return [];
  // The money of a group of figures, one amount per currency: the world's money is all in EUR (and
  // test/list-bounds.test.ts checks their limits).
  if (/Figures$/.test(type.name)) return [];
  return (
    Object.values(type.getFields())
      .filter((f) => isListType(getNullableType(f.type)) && f.args.some((a) => a.name === 'limit'))
      // A change's changed column names: no path of the world reaches a change with three of them (the feed
      // starts with creations); lib/src/change-log.test.ts checks them.
      .filter((f) => !(type.name === 'Change' && f.name === 'fields'))
      .map((f) => ({ coordinate: `${type.name}.${f.name}`, type: type.name, name: f.name, selection: selectionOf(getNamedType(f.type)) }))
  );
});

/** Every scalar of an object entry; for one with none (a group of figures), the scalars of its objects. */
function selectionOf(entry: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(entry)) return '';
  const fields = Object.values(entry.getFields()).filter((g) =>
    g.args.every((a) => !`${a.type}`.endsWith('!') || a.defaultValue !== undefined),
  );
  const scalars = fields.filter((g) => isLeafType(getNamedType(g.type))).map((g) => g.name);
  if (scalars.length || depth > 0) return scalars.length ? `{ ${scalars.join(' ')} }` : '';
  const nested = fields.map((g) => [g.name, selectionOf(getNamedType(g.type), 1)]).filter(([, sel]) => sel);
  return nested.length ? `{ ${nested.map(([name, sel]) => `${name} ${sel}`).join(' ')} }` : '';
}

const stepsTo = (f: ListField) => PARENT_OF_FIELD[f.coordinate] ?? PARENT[f.type];

/** One request asking the field once per page (aliases p0, p1...) under the field's parent. */
function pagesQuery(f: ListField, pages: Array<{ limit: number; offset: number }>): string {
  const args = ROOT_ARGS[f.coordinate] ?? GROUP_BY[f.name] ?? '';
  const fields = pages
    .map((p, i) => `p${i}: ${f.name}(${args ? `${args}, ` : ''}limit: ${p.limit}, offset: ${p.offset}) ${f.selection}`)
    .join('\n');
  const steps = stepsTo(f) ?? [];
  return steps.reduceRight((body, step, i) => `{ s${i}: ${step} ${body} }`, `{ ${fields} }`);
}

async function pages(f: ListField, asked: Array<{ limit: number; offset: number }>) {
  const res = await hub.query<Obj>(pagesQuery(f, asked));
  let parent: unknown = res.data;
  for (let i = 0; i < (stepsTo(f) ?? []).length; i++) {
    parent = (parent as Obj | null | undefined)?.[`s${i}`];
    if (Array.isArray(parent)) parent = parent[0];
  }
  return { res, lists: asked.map((_, i) => (parent as Obj | null | undefined)?.[`p${i}`] as unknown[] | null | undefined) };
}

describe('the list fields of the supergraph', () => {
  it('are found, at the root and nested, in every subgraph', () => {
    expect(LIST_FIELDS.map((f) => f.coordinate)).toEqual(
      expect.arrayContaining([
        'Query.programmes',
        'Place.children',
        'Place.organisations',
        'Place.allocations',
        'Outcome.steps',
        'Place.events',
      ]),
    );
    expect(LIST_FIELDS.length).toBeGreaterThan(100);
  });

  it('each have a parent in the world, and root lists their arguments', () => {
    expect(LIST_FIELDS.filter((f) => !stepsTo(f)).map((f) => f.coordinate)).toEqual([]);
    const roots = LIST_FIELDS.filter((f) => f.type === 'Query').map((f) => f.coordinate);
    expect(roots.filter((c) => !(c in ROOT_ARGS))).toEqual([]);
  });
});

describe.each(LIST_FIELDS)('$coordinate', (f) => {
  let all: unknown[];
  beforeAll(async () => {
    const { res, lists } = await pages(f, [{ limit: MAX_PAGE_SIZE, offset: 0 }]);
    expect(res.errors).toBeUndefined();
    all = lists[0] ?? [];
  });

  it('has at least 3 entries in the world (so first, middle and last pages differ), fewer than a full page', () => {
    expect(all.length, `${f.coordinate}: the world in test/support/world.ts has no data for it`).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeLessThan(MAX_PAGE_SIZE);
  });

  it('gives every page as the slice of the whole list, the last one short or full, none beyond the end', async () => {
    const n = all.length;
    const size = Math.max(1, Math.floor(n / 3)); // at least 3 pages
    const asked: Array<{ limit: number; offset: number }> = [];
    for (let offset = 0; offset < n; offset += size) asked.push({ limit: size, offset });
    asked.push(
      { limit: 1, offset: 0 }, // the first entry
      { limit: 1, offset: n - 1 }, // the last entry
      { limit: n, offset: 0 }, // exactly the whole list
      { limit: n - 1, offset: 0 }, // all but the last
      { limit: n, offset: 1 }, // from the second, running past the end
      { limit: 5, offset: n }, // just beyond the end
      { limit: 5, offset: n + 100 },
      { limit: 0, offset: 0 },
    );
    const { res, lists } = await pages(f, asked);
    expect(res.errors).toBeUndefined();
    asked.forEach((p, i) => {
      const where = `${f.coordinate}(limit: ${p.limit}, offset: ${p.offset}) of ${n}`;
      expect(lists[i], where).toEqual(all.slice(p.offset, p.offset + p.limit));
      expect(lists[i]?.length ?? 0, where).toBeLessThanOrEqual(p.limit);
    });
    // The pages of `size` together are the whole list, in order.
    expect(lists.slice(0, Math.ceil(n / size)).flat()).toEqual(all);
  });

  it(`refuses limit ${MAX_PAGE_SIZE + 1} and a negative offset with BAD_USER_INPUT naming the argument`, async () => {
    const over = await pages(f, [{ limit: MAX_PAGE_SIZE + 1, offset: 0 }]);
    expect(over.res.errors).toHaveLength(1);
    expect(over.res.errors?.[0]?.message).toMatch(new RegExp(`"limit".*${MAX_PAGE_SIZE}.*${MAX_PAGE_SIZE + 1}`));
    expect(over.res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.lists[0] ?? null).toBeNull();
    const negative = await pages(f, [{ limit: 1, offset: -1 }]);
    expect(negative.res.errors?.[0]?.message).toMatch(/"offset"/);
    expect(negative.res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a windowed page for a batch of parents', () => {
  it('gives each parent its own page in one request', async () => {
    const whole = await hub.query<Obj>(
      '{ pl: place(id: "place:country:PL") { children(limit: 200) { id } } slaskie: place(id: "place:nuts:PL22") { children(limit: 200) { id } } }',
    );
    const paged = await hub.query<Obj>(
      '{ pl: place(id: "place:country:PL") { children(limit: 1, offset: 1) { id } } slaskie: place(id: "place:nuts:PL22") { children(limit: 1, offset: 1) { id } } }',
    );
    expect(paged.errors).toBeUndefined();
    for (const key of ['pl', 'slaskie']) {
      expect(whole.data?.[key].children.length, key).toBeGreaterThan(1);
      expect(paged.data?.[key].children).toEqual(whole.data?.[key].children.slice(1, 2));
    }
  });
});

describe('default page sizes', () => {
  const defaults = async (type: string, field: string) => {
    const res = await hub.query<Obj>(`{ __type(name: "${type}") { fields(includeDeprecated: true) { name args { name defaultValue } } } }`);
    const fields = (res.data?.__type?.fields ?? []) as Obj[];
    return Object.fromEntries((fields.find((f) => f.name === field)?.args ?? []).map((a: Obj) => [a.name, a.defaultValue]));
  };

  it('are the documented ones: 50 for programmes, 200 for children, 20 for steps', async () => {
    expect(await defaults('Query', 'programmes')).toMatchObject({ limit: '50', offset: '0' });
    expect(await defaults('Place', 'children')).toMatchObject({ limit: '200', offset: '0' });
    expect(await defaults('Outcome', 'steps')).toMatchObject({ limit: '20', offset: '0' });
  });
});

// The statistics connections: every page by keyset, forward and back, is the slice of the groups in key
// order (those of the deprecated list beside it), totalCount is their number, and cursors are bound to
// the list, its groupBy and its filter.
const STATISTICS_CONNECTIONS = LIST_FIELDS.filter((f) => STATISTICS.includes(f.name)).map((f) => ({
  ...f,
  connection: `${f.name}Connection`,
}));

describe.each(STATISTICS_CONNECTIONS)('$coordinate as a connection', (f) => {
  const KEY = '{ key { country nuts1 nuts2 nuts3 municipality programme fund period year organisationKind role } }';
  const ask = async (page: string, groupBy = GROUP_BY[f.name]) => {
    const steps = stepsTo(f) ?? [];
    const q = steps.reduceRight(
      (body, step, i) => `{ s${i}: ${step} ${body} }`,
      `{ c: ${f.connection}(${groupBy}${page ? `, ${page}` : ''}) { totalCount edges { cursor node ${KEY} } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    const res = await hub.query<Obj>(q);
    let parent: unknown = res.data;
    for (let i = 0; i < steps.length; i++) {
      parent = (parent as Obj | null | undefined)?.[`s${i}`];
      if (Array.isArray(parent)) parent = parent[0];
    }
    return { res, connection: (parent as Obj | null | undefined)?.c as Obj | undefined };
  };
  let groups: Obj[];
  beforeAll(async () => {
    const { res, lists } = await pages({ ...f, selection: KEY }, [{ limit: MAX_PAGE_SIZE, offset: 0 }]);
    expect(res.errors).toBeUndefined();
    groups = lists[0] as Obj[];
  });

  it('walks forward and back page by page to the same groups, totalCount their number', async () => {
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const size of [1, 2]) {
      const forward: Obj[] = [];
      let after: string | null = null;
      for (let i = 0; i <= groups.length; i++) {
        const { res, connection } = await ask(`first: ${size}${after ? `, after: "${after}"` : ''}`);
        expect(res.errors).toBeUndefined();
        expect(connection?.totalCount).toBe(groups.length);
        expect(connection?.edges.length).toBeLessThanOrEqual(size);
        expect(connection?.pageInfo.hasPreviousPage).toBe(after !== null);
        forward.push(...((connection?.edges ?? []) as Obj[]).map((e) => e.node));
        after = connection?.pageInfo.endCursor;
        if (!connection?.pageInfo.hasNextPage) break;
      }
      expect(forward).toEqual(groups);
      const back: Obj[] = [];
      let before: string | null = null;
      for (let i = 0; i <= groups.length; i++) {
        const { res, connection } = await ask(`last: ${size}${before ? `, before: "${before}"` : ''}`);
        expect(res.errors).toBeUndefined();
        back.unshift(...((connection?.edges ?? []) as Obj[]).map((e) => e.node));
        before = connection?.pageInfo.startCursor;
        if (!connection?.pageInfo.hasPreviousPage) break;
      }
      expect(back).toEqual(groups);
    }
    // Between two cursors: the groups strictly between them.
    const all = await ask(`first: ${groups.length}`);
    const edges = all.connection?.edges as Obj[];
    const between = await ask(`after: "${edges[0]?.cursor}", before: "${edges[edges.length - 1]?.cursor}"`);
    expect(((between.connection?.edges ?? []) as Obj[]).map((e) => e.node)).toEqual(groups.slice(1, -1));
    const none = await ask('first: 0');
    expect(none.connection?.edges).toEqual([]);
    expect(none.connection?.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a cursor of another groupBy or filter, or none at all, naming `after`, and a page over the limit naming it', async () => {
    const { connection } = await ask('first: 1');
    const cursor = connection?.edges[0]?.cursor as string;
    const other = await ask(`first: 1, after: "${cursor}"`, 'groupBy: []');
    expect(other.res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.res.errors?.[0]?.message).toMatch(/"after".*another list/);
    const filtered = await ask(`first: 1, after: "${cursor}"`, `${GROUP_BY[f.name]}, filter: { country: "PL" }`);
    expect(filtered.res.errors?.[0]?.message).toMatch(/"after".*another list/);
    // A dimension given twice groups once, and its cursors page on.
    const twice = GROUP_BY[f.name]?.replace(/\[(\w+)/, '[$1, $1') as string;
    const first = await ask('first: 1', twice);
    const next = await ask(`first: 1, after: "${first.connection?.edges[0]?.cursor}"`, twice);
    expect(next.res.errors).toBeUndefined();
    expect(next.connection?.edges[0]?.node).toEqual(groups[1]);
    const garbage = await ask('first: 1, after: "not-a-cursor"');
    expect(garbage.res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(garbage.res.errors?.[0]?.message).toMatch(/"after"/);
    const over = await ask(`first: ${MAX_PAGE_SIZE + 1}`);
    expect(over.res.errors?.[0]?.message).toMatch(new RegExp(`"first".*${MAX_PAGE_SIZE}`));
    const unknown = await ask('first: 1', 'groupBy: [NOPE]');
    expect(unknown.res.errors?.[0]?.message).toMatch(/Valid values|did you mean|does not exist/i);
  });
});
