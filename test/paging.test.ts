import { MAX_PAGE_SIZE } from '@regiograph/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// Pages of list fields through the gateway over real HTTP, on the seeds: a first page, a page beyond the
// end, a page of the maximum size, and one above it. Each kind of paging is covered: SQL limit/offset on a
// root list, one windowed SQL statement for a batch of parents, a page of a list already in memory, and a
// field one subgraph adds to another's entity.

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('paging');
});
afterAll(async () => hub?.stop());

interface Case {
  field: string;
  /** The operation, with $limit and $offset on the paged field. */
  query: string;
  /** The paged list in the answer. */
  list: (data: Obj) => Obj[] | undefined;
}

const CASES: Case[] = [
  {
    field: 'Query.programmes (SQL limit and offset)',
    query: 'query($limit: Int!, $offset: Int!) { programmes(limit: $limit, offset: $offset) { id } }',
    list: (d) => d.programmes,
  },
  {
    field: 'Place.children (one windowed statement per batch)',
    query: 'query($limit: Int!, $offset: Int!) { place(id: "place:country:PL") { children(limit: $limit, offset: $offset) { id } } }',
    list: (d) => d.place?.children,
  },
  {
    field: 'Outcome.steps (a list in the row)',
    query: `query($limit: Int!, $offset: Int!) { outcomes(name: "Organizacja lokalnych sieci") { steps(limit: $limit, offset: $offset) } }`,
    list: (d) => d.outcomes?.[0]?.steps,
  },
  {
    field: 'Place.events (added by the events subgraph)',
    query: 'query($limit: Int!, $offset: Int!) { place(name: "Tarnow") { events(limit: $limit, offset: $offset) { id } } }',
    list: (d) => d.place?.events,
  },
];

async function pageOf(c: Case, limit: number, offset: number) {
  const res = await hub.query<Obj>(c.query, { limit, offset });
  return { res, list: res.data ? c.list(res.data) : undefined };
}

describe.each(CASES)('$field', (c) => {
  let all: Obj[];
  beforeAll(async () => {
    const { res, list } = await pageOf(c, MAX_PAGE_SIZE, 0);
    expect(res.errors).toBeUndefined();
    all = list ?? [];
  });

  it('has more than one entry on the seeds (so pages can differ)', () => {
    expect(all.length).toBeGreaterThan(1);
    expect(all.length).toBeLessThan(MAX_PAGE_SIZE);
  });

  it('gives the first page, then the next, in the order of the whole list', async () => {
    const first = await pageOf(c, 1, 0);
    const second = await pageOf(c, 1, 1);
    expect(first.res.errors).toBeUndefined();
    expect(first.list).toEqual(all.slice(0, 1));
    expect(second.list).toEqual(all.slice(1, 2));
  });

  it('gives an empty page beyond the end, and a short last page', async () => {
    expect((await pageOf(c, 5, all.length)).list).toEqual([]);
    expect((await pageOf(c, 5, all.length + 100)).list).toEqual([]);
    expect((await pageOf(c, 5, all.length - 1)).list).toEqual(all.slice(-1));
  });

  it(`accepts a page of ${MAX_PAGE_SIZE}, the maximum, and refuses ${MAX_PAGE_SIZE + 1} naming the argument and the maximum`, async () => {
    const max = await pageOf(c, MAX_PAGE_SIZE, 0);
    expect(max.res.errors).toBeUndefined();
    const over = await pageOf(c, MAX_PAGE_SIZE + 1, 0);
    expect(over.res.errors).toHaveLength(1);
    expect(over.res.errors?.[0]?.message).toMatch(new RegExp(`"limit".*${MAX_PAGE_SIZE}.*${MAX_PAGE_SIZE + 1}`));
    expect(over.res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.list ?? null).toBeNull();
  });

  it('refuses a negative offset naming it', async () => {
    const res = (await pageOf(c, 1, -1)).res;
    expect(res.errors?.[0]?.message).toMatch(/"offset"/);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
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
    const res = await hub.query<Obj>(`{ __type(name: "${type}") { fields { name args { name defaultValue } } } }`);
    const fields = (res.data?.__type?.fields ?? []) as Obj[];
    return Object.fromEntries((fields.find((f) => f.name === field)?.args ?? []).map((a: Obj) => [a.name, a.defaultValue]));
  };

  it('are the documented ones: 50 for programmes, 200 for children, 20 for steps', async () => {
    expect(await defaults('Query', 'programmes')).toMatchObject({ limit: '50', offset: '0' });
    expect(await defaults('Place', 'children')).toMatchObject({ limit: '200', offset: '0' });
    expect(await defaults('Outcome', 'steps')).toMatchObject({ limit: '20', offset: '0' });
  });
});
