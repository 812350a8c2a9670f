import { queryLog } from '@regiograph/lib';
import { pageThrough, startTestSubgraph, type TestConnectionPage } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../subgraph.js';

// Connections over the seeds plus rows written here: many organisations sharing one name (so only the ID
// orders them) seated in a few places, so that pages of 4 or 7 cross many boundaries.

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
const PLACES = ['place:lau:PL:1263011', 'place:lau:PL:1418043', 'place:nuts:PL81'];
const EXTRA = 23;

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  sg.orm.em.getConnection().execute(text, params) as Promise<T[]>;

beforeAll(async () => {
  sg = await startTestSubgraph(organisations);
  for (let i = 0; i < EXTRA; i++) {
    // Same name for many, IDs out of insertion order, each in one of the places.
    await sql(
      `insert into organisations.organisation (id, name, kind, country_code, place_id, alt_names, search_keys, source_ids)
       values (?, ?, 'OTHER', 'PL', ?, '{}', ?, '{}')`,
      [
        `org:test:paging-${(i * 7) % EXTRA}-${i}`,
        i % 3 ? 'Paging Test Body' : `Paging Test Body ${i}`,
        PLACES[i % 3],
        '{paging test body}',
      ],
    );
  }
}, 120_000);
afterAll(async () => sg?.stop());

const ROOT = `query($first: Int, $after: String, $last: Int, $before: String, $name: String, $kind: OrganisationKind) {
  page: organisationsConnection(first: $first, after: $after, last: $last, before: $before, name: $name, kind: $kind) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

async function rootPage(args: Record<string, unknown>): Promise<TestConnectionPage & { totalCount: number }> {
  const res = await sg.query<{ page: TestConnectionPage & { totalCount: number } }>(ROOT, args);
  expect(res.errors).toBeUndefined();
  return res.data?.page as TestConnectionPage & { totalCount: number };
}

const NESTED = `query($r: [_Any!]!, $first: Int, $after: String, $last: Int, $before: String) { _entities(representations: $r) {
  ... on Place { id organisationsConnection(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;

type PlaceConnections = { _entities: Array<{ id: string; organisationsConnection: TestConnectionPage & { totalCount: number } }> };

async function placePages(places: string[], args: Record<string, unknown>) {
  const res = await sg.query<PlaceConnections>(NESTED, { r: places.map((id) => ({ __typename: 'Place', id })), ...args });
  return res;
}

describe('Query.organisationsConnection', () => {
  it('pages forward and backward over every organisation exactly once, in the database order of (name, id), with totalCount', async () => {
    const expected = (await sql<{ id: string }>('select id from organisations.organisation order by name, id')).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(EXTRA + 20);
    const forward = await pageThrough(rootPage, 7, 'forward');
    const backward = await pageThrough(rootPage, 7, 'backward');
    expect(forward.ids).toEqual(expected);
    expect(backward.ids).toEqual(expected);
    expect(forward.pages).toBe(Math.ceil(expected.length / 7));
    expect((await rootPage({ first: 1 })).totalCount).toBe(expected.length);
  });

  it('with a name, pages in the order of the name search (exact, then starts with, then name and ID), as organisations(name:) gives it', async () => {
    for (const name of ['paging test body', 'miasto']) {
      const list = await sg.query<{ organisations: Array<{ id: string }> }>(
        'query($n: String!) { organisations(name: $n, limit: 200) { id } }',
        {
          n: name,
        },
      );
      const expected = list.data?.organisations.map((o) => o.id) ?? [];
      expect(expected.length, name).toBeGreaterThan(4);
      const page = (args: Record<string, unknown>) => rootPage({ ...args, name });
      expect((await pageThrough(page, 4, 'forward')).ids, name).toEqual(expected);
      expect((await pageThrough(page, 4, 'backward')).ids, name).toEqual(expected);
      expect((await page({ first: 0 })).totalCount, name).toBe(expected.length);
    }
  });

  it('keeps its place across a page boundary when rows are added and removed before the cursor', async () => {
    const name = 'paging test body';
    const first = await rootPage({ first: 5, name });
    const seen = first.edges.map((e) => e.node.id);
    // Two new exact matches that sort before every seen row, and the page's first row no longer matching:
    // offsets would now repeat a row of the first page; the cursor still points after its own row.
    const added = ['org:test:paging-new-1', 'org:test:paging-new-2'];
    for (const [i, id] of added.entries()) {
      await sql(
        `insert into organisations.organisation (id, name, kind, alt_names, search_keys, source_ids) values (?, ?, 'OTHER', '{}', '{paging test body}', '{}')`,
        [id, `AAA Paging ${i}`],
      );
    }
    await sql('update organisations.organisation set search_keys = ? where id = ?', ['{removed}', seen[0]]);
    try {
      const now = await sg.query<{ organisations: Array<{ id: string }> }>(
        'query($n: String!) { organisations(name: $n, limit: 200) { id } }',
        {
          n: name,
        },
      );
      const list = now.data?.organisations.map((o) => o.id) ?? [];
      expect(list.slice(0, 2)).toEqual(added);
      const expected = list.slice(list.indexOf(seen.at(-1) as string) + 1);
      expect(expected.length).toBeGreaterThan(5);
      const rest = await pageThrough((args) => rootPage({ ...args, name, after: args.after ?? first.pageInfo.endCursor }), 5, 'forward');
      expect(rest.ids).toEqual(expected);
    } finally {
      await sql(`delete from organisations.organisation where id in ('org:test:paging-new-1', 'org:test:paging-new-2')`);
      await sql('update organisations.organisation set search_keys = ? where id = ?', ['{paging test body}', seen[0]]);
    }
  });
});

describe('Place.organisationsConnection', () => {
  it('pages each place forward and backward over exactly its organisations, by name then ID', async () => {
    for (const place of PLACES) {
      const expected = (
        await sql<{ id: string }>('select id from organisations.organisation where place_id = ? order by name, id', [place])
      ).map((r) => r.id);
      expect(expected.length, place).toBeGreaterThan(EXTRA / 3);
      const page = async (args: Record<string, unknown>) => {
        const res = await placePages([place], args);
        expect(res.errors).toBeUndefined();
        return res.data?._entities[0]?.organisationsConnection as TestConnectionPage & { totalCount: number };
      };
      expect((await pageThrough(page, 4, 'forward')).ids, place).toEqual(expected);
      expect((await pageThrough(page, 4, 'backward')).ids, place).toEqual(expected);
      expect((await page({ first: 2 })).totalCount, place).toBe(expected.length);
    }
  });

  it('reads the first page and the totals of many places in one statement each, paged in SQL', async () => {
    const places = (await sql<{ id: string }>('select id from organisations.place order by id limit 40')).map((r) => r.id).concat(PLACES);
    queryLog.reset();
    const res = await placePages(places, { first: 3 });
    expect(res.errors).toBeUndefined();
    const statements = queryLog.statements.filter((s) => s.includes('"organisation"'));
    // The places themselves (reference resolution), the pages, the counts.
    expect(statements.filter((s) => s.includes('cross join lateral'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('count(*)'))).toHaveLength(1);
    const answered = res.data?._entities.find((p) => p.id === PLACES[0]);
    expect(answered?.organisationsConnection.edges).toHaveLength(3);
    expect(answered?.organisationsConnection.pageInfo.hasNextPage).toBe(true);
  });
});

describe('bad paging arguments', () => {
  const refusal = async (query: string, variables: Record<string, unknown>) => {
    const res = await sg.query(query, variables);
    expect(res.data?.page ?? null).toBeNull();
    return res.errors?.[0]?.extensions;
  };

  it('refuses a cursor it did not issue, or one from another list, naming the argument', async () => {
    const other = await rootPage({ first: 1, name: 'miasto' });
    const placeCursor = (await placePages([PLACES[0] as string], { first: 1 })).data?._entities[0]?.organisationsConnection.pageInfo
      .endCursor;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from('{"v":1}').toString('base64url') }, 'after'],
      [{ before: 'abc def' }, 'before'],
      // A cursor of the list filtered by another name, and one of a place's list.
      [{ after: other.pageInfo.endCursor }, 'after'],
      [{ last: 2, before: placeCursor }, 'before'],
    ];
    for (const [args, argument] of cases) {
      expect(await refusal(ROOT, { first: args.last ? undefined : 3, ...args }), JSON.stringify(args)).toEqual({
        code: 'BAD_USER_INPUT',
        argumentName: argument,
      });
    }
  });

  it('refuses first or last out of range, and both at once, naming the argument', async () => {
    for (const [args, argument] of [
      [{ first: 201 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ last: 1000 }, 'last'],
      [{ first: 2, last: 2 }, 'last'],
    ] as const) {
      expect(await refusal(ROOT, args), JSON.stringify(args)).toEqual({ code: 'BAD_USER_INPUT', argumentName: argument });
    }
    const nested = await placePages([PLACES[0] as string], { first: 500 });
    expect(nested.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
});
