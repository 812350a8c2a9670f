#!/usr/bin/env node
// DATABASE_URL=postgres://.../<a copy you own> node scripts/bench-rollup.cjs [--runs 15]   (after `npx tsc -b`)
//
// The root projectStatisticsConnection read from projects.project_rollup (B) against the fact tables it
// replaces (A: the rollup moved aside for the round, so the reader falls back), A/B/A/B on the projects
// subgraph over DATABASE_URL, which must be migrated and refreshed (the ingest does both). Checks that both
// answer the same, prints the medians per query, and puts the rollup back. It writes the rollup table:
// point it at a copy, never at a database others read.
require('reflect-metadata');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = i >= 0 ? Number(args[i + 1]) : 15;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name the database to measure (a copy of yours)');

const FIGURES = 'projects partnerships organisations budget { amount currency } euContribution { amount currency }';
const q = (groupBy, total) =>
  `{ projectStatisticsConnection(groupBy: [${groupBy}]) { ${total ? 'totalCount ' : ''}pageInfo { hasNextPage endCursor }
     edges { node { key { programme municipality } total { ${FIGURES} } direct { ${FIGURES} } withinChildren { ${FIGURES} } } } } }`;
const QUERIES = {
  'groupBy PROGRAMME': q('PROGRAMME', false),
  'groupBy PROGRAMME + totalCount': q('PROGRAMME', true),
  'groupBy MUNICIPALITY + totalCount': q('MUNICIPALITY', true),
  ungrouped: q('', false),
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const { startTestSubgraph } = require(join(root, 'lib', 'dist', 'testing.js'));
  const { projects } = require(join(root, 'subgraphs', 'projects', 'dist', 'subgraph.js'));
  const sg = await startTestSubgraph(projects, { databaseUrl: url, seed: 'never' });
  const sql = (text) => sg.orm.em.fork().getConnection().execute(text);
  await sql('create table if not exists projects.project_rollup_bench as select * from projects.project_rollup');
  const [{ n }] = await sql('select count(*)::int as n from projects.project_rollup');
  if (n === 0) throw new Error('projects.project_rollup is empty: run the ingest (it refreshes the statistics) first');
  const ask = async (query) => {
    const began = performance.now();
    const res = await sg.query(query);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { ms: performance.now() - began, data: res.data };
  };
  const times = Object.fromEntries(Object.keys(QUERIES).map((k) => [k, { facts: [], rollup: [] }]));
  try {
    for (let r = 0; r < runs + 1; r++) {
      for (const side of ['facts', 'rollup']) {
        if (side === 'facts') await sql('delete from projects.project_rollup');
        else await sql('insert into projects.project_rollup select * from projects.project_rollup_bench');
        for (const [name, query] of Object.entries(QUERIES)) {
          const a = await ask(query);
          if (r > 0) times[name][side].push(a.ms);
          if (r === 0) times[name][`${side}Answer`] = JSON.stringify(a.data);
        }
      }
    }
  } finally {
    await sql('delete from projects.project_rollup');
    await sql('insert into projects.project_rollup select * from projects.project_rollup_bench');
    await sql('drop table projects.project_rollup_bench');
    // The rounds deleted and wrote the rollup over and over: leave it as a refresh would.
    await sql('vacuum analyze projects.project_rollup');
    await sg.stop();
  }
  for (const [name, t] of Object.entries(times)) {
    const same = t.factsAnswer === t.rollupAnswer ? 'same answer' : 'ANSWERS DIFFER';
    console.log(
      `${name.padEnd(36)} facts ${median(t.facts).toFixed(1).padStart(8)} ms   rollup ${median(t.rollup).toFixed(1).padStart(7)} ms   (${runs} rounds, ${same})`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
