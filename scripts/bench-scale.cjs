#!/usr/bin/env node
// npm run bench:scale -- --real <database URL> --big <database URL> [--samples 40] [--deep 100000] [--skip-gateways]
//                        [--gateway-requests 200] [--gateway-rounds 3]
//
// 1. The read path at scale: two hubs in this process (every subgraph and the gateway, real HTTP between them),
//    one on the real data alone (`--real`), one on the real data plus `npm run generate`'s synthetic graph
//    (`--big`). Each operation of OPERATIONS below runs `--samples` times on each, interleaved (A/B, then B/A),
//    every request different (another city, another cursor: the gateway merges identical requests in flight);
//    the table gives p50 and p95 on each, the ratio of the p95s against the goal of 1.5x, and the SQL
//    statements of one warm request on each, counted from lib's queryLog as test/statement-counts.test.ts
//    does, flagged when the big graph needs more.
// 2. The gateway comparison (scripts/bench-gateways.cjs), on the real data: see there.
//
// Everything listens on 127.0.0.1; each request has a timeout; the run ends by itself. Run it with a heap cap
// (the npm script does): node --max-old-space-size=3072 scripts/bench-scale.cjs ...
require('reflect-metadata');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildASTSchema, parse } = require('graphql');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const count = (name, fallback) => {
  const v = Number(option(name, String(fallback)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number of at least 1, got ${option(name)}`);
  return v;
};
const operation = (name) => readFileSync(join(root, 'docs', 'operations', `${name}.graphql`), 'utf8');

// Cities: the capitals lead the synthetic graph (about 3.6% and 2% of its projects at 1M); the small towns
// are in its long tail (tens of projects at 1M). Consecutive requests alternate, so none repeats in flight.
const LARGE_CITIES = ['Warszawa', 'București'];
const SMALL_CITIES = ['Jasło', 'Opoczno', 'Hrubieszów', 'Zawiercie', 'Sighișoara', 'Mediaș', 'Făgăraș', 'Łańcut'];

/**
 * The operations measured: one entry each. `variables(i, ctx)` must give each request its own variables;
 * `prepare(ctx)` runs once per hub before the samples (e.g. walks to the cursors of a deep page);
 * `requires` names a field of the supergraph the entry needs: without it the entry is listed as not there.
 */
const OPERATIONS = [
  { name: 'CityProfile, large city', query: operation('CityProfile'), variables: (i) => ({ name: LARGE_CITIES[i % LARGE_CITIES.length] }) },
  { name: 'CityProfile, small city', query: operation('CityProfile'), variables: (i) => ({ name: SMALL_CITIES[i % SMALL_CITIES.length] }) },
  {
    name: 'projectsConnection, deep page',
    query: `query DeepPage($after: String) { projectsConnection(first: 50, after: $after) {
      edges { cursor node { id title status programme { id } } } pageInfo { hasNextPage endCursor } } }`,
    prepare: walkToDeepCursors,
    variables: (i, ctx) => ({ after: ctx.cursors[i % ctx.cursors.length] }),
  },
  {
    name: 'projectsConnection, totalCount',
    query: 'query Total($first: Int) { projectsConnection(first: $first) { totalCount } }',
    variables: (i) => ({ first: 1 + (i % 20) }),
  },
  {
    name: 'Place.projectsConnection, totalCount',
    query: 'query PlaceTotal($id: ID!, $first: Int) { place(id: $id) { projectsConnection(first: $first) { totalCount } } }',
    variables: (i) => ({ id: i % 2 ? 'place:country:PL' : 'place:country:RO', first: 1 + (i % 20) }),
  },
  {
    name: 'grouped aggregate (by programme)',
    requires: 'Query.projectStatisticsConnection',
    query: `query Grouped($first: Int!) { projectStatisticsConnection(groupBy: [PROGRAMME], first: $first) {
      edges { node { key { programme } total { projects partnerships budget { amount currency } } } } pageInfo { hasNextPage endCursor } } }`,
    variables: (i) => ({ first: 50 + (i % 20) }),
  },
  {
    // SyncChanges from a cursor near the end of the log (ctx.since: the last ingest), as a dashboard does
    // after a reload; every request asks for another page size so none repeats in flight.
    name: 'change feed after a reload',
    requires: 'Query.changes',
    query: operation('SyncChanges'),
    prepare: cursorBeforeTheLastIngest,
    variables: (i, ctx) => ({ since: ctx.since, first: 100 + (i % 20) }),
  },
];

const SUPERGRAPH = buildASTSchema(parse(readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
function present(requires) {
  if (!requires) return true;
  const [type, field] = requires.split('.');
  const t = SUPERGRAPH.getType(type);
  return Boolean(t && typeof t.getFields === 'function' && t.getFields()[field]);
}

async function post(url, query, variables) {
  const began = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const ms = performance.now() - began;
  const body = JSON.parse(text);
  if (body.errors?.length) throw new Error(`${JSON.stringify(body.errors).slice(0, 400)} (variables ${JSON.stringify(variables)})`);
  return { ms, data: body.data, bytes: Buffer.byteLength(text) };
}

/** The cursors of `--deep` rows into the whole projects list (at most half of it), then the 40 pages after. */
async function walkToDeepCursors(ctx) {
  const { data } = await post(ctx.url, 'query { projectsConnection(first: 1) { totalCount } }', {});
  const total = data.projectsConnection.totalCount;
  const depth = Math.min(ctx.deep, Math.floor(total / 2));
  let after = null;
  let walked = 0;
  const began = performance.now();
  while (walked + 200 <= depth) {
    const page = await post(ctx.url, 'query($a: String) { projectsConnection(first: 200, after: $a) { pageInfo { endCursor } } }', {
      a: after,
    });
    after = page.data.projectsConnection.pageInfo.endCursor;
    walked += 200;
  }
  const cursors = [];
  for (let i = 0; i < 40 && after; i++) {
    cursors.push(after);
    const page = await post(ctx.url, 'query($a: String) { projectsConnection(first: 50, after: $a) { pageInfo { endCursor } } }', {
      a: after,
    });
    after = page.data.projectsConnection.pageInfo.endCursor;
  }
  ctx.cursors = cursors;
  ctx.note = `${total} projects; pages from row ${walked} on (walked in ${((performance.now() - began) / 1000).toFixed(1)} s)`;
}

/**
 * A `since` just before the last transaction in the change log (the last ingest): the feed a dashboard reads
 * after a reload. Made with lib's encodeCursor from the log's own columns (the feed's order: xid, schema,
 * position), since walking to it page by page would read millions of changes on the big graph.
 */
async function cursorBeforeTheLastIngest(ctx) {
  const { encodeCursor } = require(join(root, 'lib', 'dist', 'index.js'));
  const { Client } = require('pg');
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    const schemas = ['events', 'funding', 'organisations', 'outcomes', 'projects'];
    const { rows } = await client.query(
      `select max(x)::text as xid from (${schemas.map((s) => `select max(xid::text::numeric) as x from ${s}.change_log`).join(' union all ')}) t`,
    );
    const last = BigInt(rows[0].xid ?? '1');
    ctx.since = encodeCursor('Query.changes', [String(last - 1n), '~', '0']);
    ctx.note = `feed from transaction ${last} (the last ingest) on`;
  } finally {
    await client.end();
  }
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function startOne(label, databaseUrl) {
  const { startHub } = require(join(root, 'hub', 'dist', 'index.js'));
  const began = performance.now();
  const hub = await startHub({ databaseUrl, gatewayPort: 0, subgraphPortBase: 0, seed: 'never', host: '127.0.0.1' });
  console.error(`${label}: hub on ${hub.gateway.url} in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return { label, hub, url: hub.gateway.url, databaseUrl };
}

async function databaseFacts(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`select
      (select count(*) from projects.project)::int as projects,
      (select count(*) from projects.partnership)::int as partnerships,
      (select count(*) from organisations.organisation)::int as organisations,
      (select count(*) from funding.programme)::int as programmes,
      pg_size_pretty(pg_database_size(current_database())) as size`);
    return rows[0];
  } finally {
    await client.end();
  }
}

async function scale(realUrl, bigUrl, samples, deep) {
  const { queryLog } = require(join(root, 'lib', 'dist', 'index.js'));
  const facts = { real: await databaseFacts(realUrl), big: await databaseFacts(bigUrl) };
  for (const [k, f] of Object.entries(facts))
    console.log(
      `${k}: ${f.projects} projects, ${f.partnerships} partnerships, ${f.organisations} organisations, ${f.programmes} programmes; database ${f.size}`,
    );
  const hubs = [await startOne('real', realUrl), await startOne('big', bigUrl)];
  try {
    const ops = OPERATIONS.filter((op) => {
      if (present(op.requires)) return true;
      console.log(`not measured: ${op.name} (the supergraph has no ${op.requires} yet)`);
      return false;
    });
    const ctx = new Map(hubs.map((h) => [h.label, new Map(ops.map((op) => [op.name, { url: h.url, databaseUrl: h.databaseUrl, deep }]))]));
    const results = new Map(ops.map((op) => [op.name, { real: [], big: [], bytes: { real: [], big: [] }, statements: {}, failed: {} }]));
    for (const op of ops) {
      for (const h of hubs) {
        const c = ctx.get(h.label).get(op.name);
        try {
          if (op.prepare) await op.prepare(c);
          if (c.note) console.error(`${h.label}, ${op.name}: ${c.note}`);
          // Warm (planner caches, pools), then one counted request.
          for (let w = 0; w < 3; w++) await post(h.url, op.query, op.variables(1000 + w, c));
          queryLog.reset();
          await post(h.url, op.query, op.variables(999, c));
          results.get(op.name).statements[h.label] = queryLog.count;
        } catch (error) {
          results.get(op.name).failed[h.label] = error.message;
        }
      }
    }
    for (let i = 0; i < samples; i++) {
      for (const op of ops) {
        const r = results.get(op.name);
        const order = i % 2 ? [hubs[1], hubs[0]] : hubs;
        // A hub on which the operation failed is left out of it; the other is still measured.
        for (const h of order) {
          if (r.failed[h.label]) continue;
          try {
            const answer = await post(h.url, op.query, op.variables(i, ctx.get(h.label).get(op.name)));
            r[h.label].push(answer.ms);
            r.bytes[h.label].push(answer.bytes);
          } catch (error) {
            r.failed[h.label] = error.message;
          }
        }
      }
    }
    printScaleTable(ops, results, samples);
  } finally {
    for (const h of hubs) await h.hub.stop(1000);
  }
}

function printScaleTable(ops, results, samples) {
  const f = (x) => (x === undefined ? '-' : x.toFixed(1));
  // The answers' median size beside the times: a large city's CityProfile answers with fuller pages on the big
  // graph (its nested lists reach their page sizes), so part of a ratio can be the answer, not the data size.
  const rows = [
    ['operation', 'real p50', 'real p95', 'big p50', 'big p95', 'p95 big/real', 'goal 1.5x', 'SQL real', 'SQL big', 'KB real', 'KB big'],
  ];
  const kb = (xs) => (xs.length ? (quantile(xs, 0.5) / 1024).toFixed(1) : '-');
  const flags = [];
  for (const op of ops) {
    const r = results.get(op.name);
    for (const [label, why] of Object.entries(r.failed)) flags.push(`${op.name} failed on ${label}: ${why}`);
    const side = (label) => (r.failed[label] ? null : { p50: quantile(r[label], 0.5), p95: quantile(r[label], 0.95) });
    const real = side('real');
    const big = side('big');
    const ratio = real && big ? big.p95 / real.p95 : null;
    const sReal = r.statements.real;
    const sBig = r.statements.big;
    if (sBig > sReal)
      flags.push(`${op.name}: ${sBig} SQL statements on the big graph against ${sReal} on the real data: grows with the data`);
    rows.push([
      op.name,
      real ? f(real.p50) : 'failed',
      real ? f(real.p95) : '',
      big ? f(big.p50) : 'failed',
      big ? f(big.p95) : '',
      ratio === null ? '-' : `${ratio.toFixed(2)}x`,
      ratio !== null && ratio <= 1.5 ? 'met' : 'MISSED',
      String(sReal ?? '-'),
      String(sBig ?? '-'),
      kb(r.bytes.real),
      kb(r.bytes.big),
    ]);
  }
  console.log(`\nms per request through the gateway, ${samples} samples each, interleaved real/big:`);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  for (const flag of flags) console.log(`! ${flag}`);
}

async function main() {
  const realUrl = option('real');
  const bigUrl = option('big');
  if (!realUrl || !bigUrl)
    throw new Error('--real and --big: the database URLs of the real data and of the real data plus the synthetic graph');
  await scale(realUrl, bigUrl, count('samples', 40), count('deep', 100000));
  if (!args.includes('--skip-gateways')) {
    const { compareGateways } = require('./bench-gateways.cjs');
    await compareGateways({ databaseUrl: realUrl, requests: count('gateway-requests', 200), rounds: count('gateway-rounds', 3) });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench:scale failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
