import { queryLog } from '@regiograph/lib';
import { pageThrough, startTestSubgraph, type TestConnectionPage } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../subgraph.js';

// The seeds plus projects written here, tied to places in each of the ways Place.projects knows (a
// country they name, a place they work in, a partner located there, several at once) and sharing titles,
// so that only the ID orders some of them.

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
const COUNTRY = 'place:country:PL';
const REGION = 'place:nuts:PL81';
const CITY = 'place:lau:PL:1263011';
const EXTRA = 31;

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  sg.orm.em.getConnection().execute(text, params) as Promise<T[]>;

beforeAll(async () => {
  sg = await startTestSubgraph(projects);
  for (let i = 0; i < EXTRA; i++) {
    const id = `project:test-paging-${(i * 11) % EXTRA}-${i}`;
    const countries = i % 2 ? `{${COUNTRY}}` : '{}';
    const places = i % 3 === 0 ? `{${REGION}}` : '{}';
    await sql(
      `insert into projects.project (id, title, themes, status, country_ids, place_ids, search_keys, source_ids)
       values (?, ?, '{}', 'ONGOING', ?, ?, '{paging test project}', '{}')`,
      [id, i % 4 ? 'Paging Test Project' : `Paging Test Project ${i}`, countries, places],
    );
    if (i % 5 < 2) {
      // Partners in the city (and, for some, twice: one project, listed once).
      await sql(
        `insert into projects.partnership (id, project_id, role, place_id, country_id, source_ids) values (?, ?, 'PARTNER', ?, ?, '{}')`,
        [`partnership:test-${i}-a`, id, CITY, COUNTRY],
      );
      if (i % 5 === 0) {
        await sql(`insert into projects.partnership (id, project_id, role, place_id, source_ids) values (?, ?, 'PARTNER', ?, '{}')`, [
          `partnership:test-${i}-b`,
          id,
          CITY,
        ]);
      }
    }
  }
}, 120_000);
afterAll(async () => sg?.stop());

type Page = TestConnectionPage & { totalCount: number };

const ROOT = `query($first: Int, $after: String, $last: Int, $before: String, $name: String, $programmeId: ID) {
  page: projectsConnection(first: $first, after: $after, last: $last, before: $before, name: $name, programmeId: $programmeId) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

async function rootPage(args: Record<string, unknown>): Promise<Page> {
  const res = await sg.query<{ page: Page }>(ROOT, args);
  expect(res.errors).toBeUndefined();
  return res.data?.page as Page;
}

const NESTED = `query($r: [_Any!]!, $first: Int, $after: String, $last: Int, $before: String) { _entities(representations: $r) {
  ... on Place { id projects(limit: 200) { id } projectsConnection(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;

type PlaceView = { id: string; projects: Array<{ id: string }>; projectsConnection: Page };

async function placeViews(places: string[], args: Record<string, unknown>) {
  return sg.query<{ _entities: PlaceView[] }>(NESTED, { r: places.map((id) => ({ __typename: 'Place', id })), ...args });
}

describe('Query.projectsConnection', () => {
  it('pages forward and backward over every project exactly once, in the database order of (title, id), with totalCount', async () => {
    const expected = (await sql<{ id: string }>('select id from projects.project order by title, id')).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(EXTRA);
    const forward = await pageThrough(rootPage, 6, 'forward');
    expect(forward.ids).toEqual(expected);
    expect(forward.pages).toBe(Math.ceil(expected.length / 6));
    expect((await pageThrough(rootPage, 6, 'backward')).ids).toEqual(expected);
    expect((await rootPage({ first: 0 })).totalCount).toBe(expected.length);
  });

  it('with a name, pages in the order projects(name:) gives', async () => {
    const list = await sg.query<{ projects: Array<{ id: string }> }>('{ projects(name: "paging test project", limit: 200) { id } }');
    const expected = list.data?.projects.map((p) => p.id) ?? [];
    expect(expected).toHaveLength(EXTRA);
    const page = (args: Record<string, unknown>) => rootPage({ ...args, name: 'paging test project' });
    expect((await pageThrough(page, 5, 'forward')).ids).toEqual(expected);
    expect((await pageThrough(page, 5, 'backward')).ids).toEqual(expected);
    expect((await page({ first: 1 })).totalCount).toBe(EXTRA);
  });
});

describe('Place.projectsConnection', () => {
  it('pages each place over the same projects as Place.projects, forward and backward, each once', async () => {
    for (const place of [COUNTRY, REGION, CITY]) {
      const all = await placeViews([place], { first: 0 });
      expect(all.errors).toBeUndefined();
      const view = all.data?._entities[0] as PlaceView;
      const expected = view.projects.map((p) => p.id);
      expect(expected.length, place).toBeGreaterThan(8);
      expect(view.projectsConnection.totalCount, place).toBe(expected.length);
      const page = async (args: Record<string, unknown>) => {
        const res = await placeViews([place], args);
        expect(res.errors).toBeUndefined();
        return res.data?._entities[0]?.projectsConnection as Page;
      };
      expect((await pageThrough(page, 4, 'forward')).ids, place).toEqual(expected);
      expect((await pageThrough(page, 4, 'backward')).ids, place).toEqual(expected);
    }
  });

  it('reads a page of projects and the totals for many places in one statement each', async () => {
    const places = [COUNTRY, REGION, CITY, ...Array.from({ length: 30 }, (_, i) => `place:test:${i}`)];
    queryLog.reset();
    const res = await sg.query<{ _entities: PlaceView[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { id projectsConnection(first: 3) { totalCount edges { node { id title } } } } } }`,
      { r: places.map((id) => ({ __typename: 'Place', id })) },
    );
    expect(res.errors).toBeUndefined();
    expect(queryLog.statements.filter((s) => s.includes('cross join lateral'))).toHaveLength(1);
    // The totals of an unfiltered list are kept at write time (list_total): read, not counted.
    expect(queryLog.statements.filter((s) => s.includes('"list_total"'))).toHaveLength(1);
    expect(queryLog.statements).toHaveLength(2);
    expect(res.data?._entities[0]?.projectsConnection.edges).toHaveLength(3);
    expect(res.data?._entities.at(-1)?.projectsConnection).toEqual({ totalCount: 0, edges: [] });
  });

  it('refuses a cursor of another place’s list, naming the argument', async () => {
    const country = await placeViews([COUNTRY], { first: 2 });
    const cursor = country.data?._entities[0]?.projectsConnection.pageInfo.endCursor;
    const res = await placeViews([REGION], { first: 2, after: cursor });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});
