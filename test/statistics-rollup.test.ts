import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Hub, startHub } from '@regiograph/hub';
import { createProgress, createWiring, runIngest } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEverySource } from './support/open-data.js';

// The root projectStatisticsConnection without filter reads projects.project_rollup (issue 9 §3, fast at
// scale; subgraphs/projects/src/statistics/rollup.ts): here its answer for every single dimension and the
// ungrouped total, walked page by page forward and back with totalCount and the deprecated list, against
// the answer of the fact tables (the reader falls back to them while the rollup is empty), against counts
// over the source tables, and again after an ingest that changed the data.

// biome-ignore lint/suspicious/noExplicitAny: response shapes are compared whole
type Obj = Record<string, any>;
const DIMENSIONS = ['COUNTRY', 'NUTS1', 'NUTS2', 'NUTS3', 'MUNICIPALITY', 'PROGRAMME', 'YEAR', 'ORGANISATION_KIND', 'ROLE'];
const FIGURES = 'projects partnerships organisations budget { amount currency } euContribution { amount currency }';
const GROUP = `key { country nuts1 nuts2 nuts3 municipality programme year organisationKind role }
  total { ${FIGURES} } direct { ${FIGURES} } withinChildren { ${FIGURES} }`;
const CONNECTION = `query ($groupBy: [ProjectStatisticsGroupBy!]!, $first: Int, $after: String, $last: Int, $before: String) {
  projectStatisticsConnection(groupBy: $groupBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${GROUP} } }
  }
}`;
const LIST = `query ($groupBy: [ProjectStatisticsGroupBy!]!) {
  a: projectStatistics(groupBy: $groupBy, limit: 7, offset: 0) { ${GROUP} }
  b: projectStatistics(groupBy: $groupBy, limit: 7, offset: 5) { ${GROUP} }
}`;

let db: TestDatabase;
let sql: Client;
let hub: Hub;
let work: string;
const query = async (text: string, variables?: Record<string, unknown>) => {
  const res = await postGraphQL<Obj>(hub.gateway.url, text, variables);
  expect(res.errors).toBeUndefined();
  return res.data as Obj;
};

/** Everything the root field answers for one group-by: every page forward (7 at a time), the last pages back, the list. */
async function answer(groupBy: string[]): Promise<Obj> {
  const pages: Obj[] = [];
  let after: string | null = null;
  for (;;) {
    const c: Obj = (await query(CONNECTION, { groupBy, first: 7, after })).projectStatisticsConnection;
    pages.push(c);
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  const last = (await query(CONNECTION, { groupBy, last: 4 })).projectStatisticsConnection;
  const before = last.pageInfo.startCursor
    ? (await query(CONNECTION, { groupBy, last: 3, before: last.pageInfo.startCursor })).projectStatisticsConnection
    : null;
  return { pages, last, before, list: await query(LIST, { groupBy }) };
}
const everyAnswer = async () => {
  const out: Record<string, Obj> = {};
  for (const g of ['', ...DIMENSIONS]) out[g || 'total'] = await answer(g ? [g] : []);
  return out;
};
const nodes = (a: Obj): Obj[] => a.pages.flatMap((p: Obj) => p.edges.map((e: Obj) => e.node));

/** The same answers from the fact tables: the rollup emptied (the reader falls back), then put back. */
async function factAnswers(): Promise<Record<string, Obj>> {
  await sql.query('create temporary table kept_rollup as select * from projects.project_rollup');
  await sql.query('delete from projects.project_rollup');
  try {
    return await everyAnswer();
  } finally {
    await sql.query('insert into projects.project_rollup select * from kept_rollup');
    await sql.query('drop table kept_rollup');
  }
}

beforeAll(async () => {
  db = await createTestDatabase('statistics_rollup');
  await loadEverySource(db.url);
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1' });
  work = mkdtempSync(join(tmpdir(), 'rg-rollup-'));
}, 600_000);
afterAll(async () => {
  await hub?.stop();
  await sql?.end();
  await db?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the root project statistics from the rollup', () => {
  it('answer as the fact tables do for every dimension and the total, before and after an ingest that changes them', {
    timeout: 600_000,
  }, async () => {
    const built = await sql.query(`select dimension, count(*)::int as n from projects.project_rollup group by 1 order by 1`);
    expect(built.rows.map((r) => r.dimension)).toEqual([
      'country',
      'municipality',
      'nuts1',
      'nuts2',
      'nuts3',
      'organisationKind',
      'programme',
      'role',
      'total',
      'year',
    ]);
    const rollup = await everyAnswer();
    expect(await factAnswers()).toEqual(rollup);

    // The figures are the source tables': projects, partnerships and organisations over the whole graph.
    const [counted] = (
      await sql.query(`select (select count(*) from projects.project)::int as projects,
        (select count(*) from projects.partnership s join projects.project p on p.id = s.project_id)::int as partnerships,
        (select count(distinct organisation_id) from projects.partnership s join projects.project p on p.id = s.project_id)::int as organisations`)
    ).rows;
    const total = nodes(rollup.total as Obj);
    expect(total).toHaveLength(1);
    expect(total[0]?.total).toMatchObject(counted ?? {});
    // Paged walks: several pages for the bigger dimensions, each group once, totalCount as many.
    for (const g of DIMENSIONS) {
      const all = nodes(rollup[g] as Obj);
      expect(all.length, g).toBe(rollup[g]?.pages[0].totalCount);
      expect(new Set(all.map((n) => JSON.stringify(n.key))).size, g).toBe(all.length);
    }
    expect(Math.max(...DIMENSIONS.map((g) => rollup[g]?.pages.length ?? 0)), 'some walk takes several pages').toBeGreaterThan(2);
    // Each project sits in one country group (or the null one): the groups add up to every project.
    const byCountry = nodes(rollup.COUNTRY as Obj).reduce((s, n) => s + n.total.projects, 0);
    expect(byCountry).toBe(counted?.projects);
    // Per programme, the source table grouped by hand.
    const programmes = await sql.query(`select programme_id, count(*)::int as n from projects.project group by 1`);
    const expected = Object.fromEntries(programmes.rows.map((r) => [r.programme_id ?? 'null', r.n]));
    const got = Object.fromEntries(
      nodes(rollup.PROGRAMME as Obj)
        .filter((n) => n.total.projects > 0)
        .map((n) => [n.key.programme ?? 'null', n.total.projects]),
    );
    expect(got).toEqual(expected);

    // The rollup is what is read: a figure changed in it shows.
    await sql.query(`update projects.project_rollup set projects = projects + 1000 where dimension = 'total'`);
    try {
      const changed = nodes(await answer([]));
      expect(changed[0]?.total.projects).toBe((counted?.projects ?? 0) + 1000);
    } finally {
      await sql.query(`update projects.project_rollup set projects = projects - 1000 where dimension = 'total'`);
    }

    // An ingest that drops a partner and moves a project to another year: the rollup follows in its transaction.
    const record = JSON.parse(readFileSync(join(sourcesDir(), 'keep-eu-api-samples', 'keep-project-17853.json'), 'utf8')) as Obj;
    const revised = structuredClone(record);
    revised.partnerships = record.partnerships.filter((p: Obj) => p.type !== 'lead');
    const file = join(work, 'keep-project-17853.json');
    writeFileSync(file, JSON.stringify(revised));
    const r = await runIngest(createWiring(), {
      source: 'keep-eu',
      paths: [file],
      databaseUrl: db.url,
      reportFile: null,
      progress: createProgress(process.stderr, true),
    });
    expect(r.ok).toBe(true);
    const after = await everyAnswer();
    const [recounted] = (
      await sql.query('select count(*)::int as n from projects.partnership s join projects.project p on p.id = s.project_id')
    ).rows;
    expect(recounted?.n).not.toBe(counted?.partnerships);
    expect(nodes(after.total as Obj)[0]?.total.partnerships).toBe(recounted?.n);
    expect(after.ROLE).not.toEqual(rollup.ROLE);
    expect(await factAnswers()).toEqual(after);
  });
});
