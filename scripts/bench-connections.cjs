#!/usr/bin/env node
// npm run bench:connections [-- --projects 20000] [--runs 10]
//
// Place.projects (offset paging: reads every project of the place, then slices) against
// Place.projectsConnection (keyset paging in SQL), A/B/A/B in one run on a fresh database of the test server
// (DATABASE_URL, else the local PostgreSQL, else PGlite): the seeds plus N synthetic projects in Poland. Prints
// the median time of the first page and of a page near the end (offset against the cursor of the same row)
// over `runs` rounds (2 more are warm-up), and the ratios.
require('reflect-metadata');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, got ${args[i + 1]}`);
  return value;
};

async function main() {
  const N = option('projects', 20000);
  const runs = option('runs', 10);
  const { startTestSubgraph } = require(join(root, 'lib', 'dist', 'testing.js'));
  const { projects } = require(join(root, 'subgraphs', 'projects', 'dist', 'subgraph.js'));
  const sg = await startTestSubgraph(projects);
  try {
    const sql = (text) => sg.orm.em.getConnection().execute(text);
    await sql(`insert into projects.project (id, title, themes, status, country_ids, place_ids, search_keys, source_ids)
      select 'project:bench-' || g, 'Bench project ' || (g % 977), '{}', 'ONGOING', '{place:country:PL}', '{}', '{}', '{}'
      from generate_series(1, ${N}) g`);
    await sql('analyze projects.project');
    const r = [{ __typename: 'Place', id: 'place:country:PL' }];
    const ask = async (query, variables) => {
      const began = performance.now();
      const res = await sg.query(query, { r, ...variables });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return { ms: performance.now() - began, data: res.data };
    };
    const OFFSET =
      'query($r: [_Any!]!, $o: Int!) { _entities(representations: $r) { ... on Place { projects(limit: 50, offset: $o) { id } } } }';
    const KEYSET = (size) =>
      `query($r: [_Any!]!, $a: String) { _entities(representations: $r) { ... on Place { projectsConnection(first: ${size}, after: $a) { edges { node { id } } pageInfo { endCursor } } } } }`;
    // The cursor of the row just before the deep page, walked to once.
    const steps = Math.floor((N - 100) / 200);
    let after = null;
    for (let i = 0; i < steps; i++) after = (await ask(KEYSET(200), { a: after })).data._entities[0].projectsConnection.pageInfo.endCursor;
    const deep = steps * 200;
    const times = { offsetFirst: [], keysetFirst: [], offsetDeep: [], keysetDeep: [] };
    for (let i = 0; i < runs + 2; i++) {
      const keep = i >= 2;
      const t = [
        (await ask(OFFSET, { o: 0 })).ms,
        (await ask(KEYSET(50), { a: null })).ms,
        (await ask(OFFSET, { o: deep })).ms,
        (await ask(KEYSET(50), { a: after })).ms,
      ];
      if (keep) {
        for (const [j, list] of Object.values(times).entries()) list.push(t[j]);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    console.log(`${N} projects in Poland (and the seeds); median of ${runs} rounds, A/B/A/B, ms per request:`);
    console.log(
      `  first page    Place.projects ${m.offsetFirst.toFixed(1)}  projectsConnection ${m.keysetFirst.toFixed(1)}  ${(m.offsetFirst / m.keysetFirst).toFixed(1)}x`,
    );
    console.log(
      `  page at ${deep}  Place.projects ${m.offsetDeep.toFixed(1)}  projectsConnection ${m.keysetDeep.toFixed(1)}  ${(m.offsetDeep / m.keysetDeep).toFixed(1)}x`,
    );
  } finally {
    await sg.stop();
  }
}

main().catch((error) => {
  console.error(`bench:connections failed: ${error.message}`);
  process.exit(1);
});
