import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PAGE_SIZE } from '@regiograph/lib';
import { buildASTSchema, getNamedType, getNullableType, isLeafType, isListType, isObjectType, parse } from 'graphql';
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
};

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
  return (
    Object.values(type.getFields())
      .filter((f) => isListType(getNullableType(f.type)) && f.args.some((a) => a.name === 'limit'))
      // A change's changed column names: no path of the world reaches a change with three of them (the feed
      // starts with creations); lib/src/change-log.test.ts checks them.
      .filter((f) => !(type.name === 'Change' && f.name === 'fields'))
      // Grouped figures (the *Statistics fields, rows of nested objects with no scalar of their own) and their
      // money per currency: the world has one group per scope; test/statistics.test.ts and
      // test/acceptance.test.ts read them, test/list-bounds.test.ts their limits. Paging them here is still to do.
      .filter((f) => !/Statistics$/.test(f.name) && !/Figures$/.test(type.name))
      .map((f) => {
        const entry = getNamedType(f.type);
        const scalars = isObjectType(entry)
          ? Object.values(entry.getFields())
              .filter(
                (g) => isLeafType(getNamedType(g.type)) && g.args.every((a) => !`${a.type}`.endsWith('!') || a.defaultValue !== undefined),
              )
              .map((g) => g.name)
          : [];
        return {
          coordinate: `${type.name}.${f.name}`,
          type: type.name,
          name: f.name,
          selection: scalars.length ? `{ ${scalars.join(' ')} }` : '',
        };
      })
  );
});

const stepsTo = (f: ListField) => PARENT_OF_FIELD[f.coordinate] ?? PARENT[f.type];

/** One request asking the field once per page (aliases p0, p1...) under the field's parent. */
function pagesQuery(f: ListField, pages: Array<{ limit: number; offset: number }>): string {
  const args = ROOT_ARGS[f.coordinate] ?? '';
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
