#!/usr/bin/env node
// node --max-old-space-size=1024 scripts/bench-floor.cjs --database <URL> [--requests 400] [--connections 10]
//
// The CPU floor of the stack under CityProfile: what a request costs before any resolver work, measured on
// the same processes bench-gateways.cjs starts (five subgraphs, our gateway; utime + stime from /proc).
// Four operations, each --requests times at --connections, every request another city where it takes one:
//   1. `{ __typename }` straight to one subgraph: one subgraph HTTP request, nothing resolved;
//   2. `{ __typename }` to the gateway: the gateway's own request, no subgraph fetch;
//   3. `place(name) { id }` through the gateway: one fetch of one row;
//   4. CityProfile.
// For each: CPU ms per request of every process, and the subgraph HTTP requests it made (the subgraphs'
// regiograph_subgraph_requests_total counters). Then the floor of an operation that fetches once from each
// of k subgraphs: k × (1) + the gateway's CPU in (2) + k × (the gateway's CPU in (3) − that in (2)), against
// CityProfile's measured cost.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const bench = require('./bench-gateways.cjs');

const option = (name, fallback) => bench.argOption(process.argv.slice(2), name, fallback);
const databaseUrl = option('database', process.env.DATABASE_URL);
const requests = Number(option('requests', '400'));
const connections = Number(option('connections', '10'));
const { cpuMs } = bench; // the process and every process under it

/** Requests a subgraph has answered, from its /metrics. */
async function answered(subgraph) {
  const text = await (await fetch(subgraph.url.replace(/\/graphql$/, '/metrics'))).text();
  let n = 0;
  for (const line of text.split('\n')) if (line.startsWith('regiograph_subgraph_requests_total')) n += Number(line.split(' ').pop());
  return n;
}

async function main() {
  if (!databaseUrl) throw new Error('--database (or DATABASE_URL): the PostgreSQL the subgraphs read');
  const cities = await bench.cityNames(databaseUrl);
  const subgraphs = await bench.startSubgraphs(databaseUrl);
  const processes = [...subgraphs];
  try {
    const gateway = await bench.startOurs(subgraphs);
    processes.push(gateway);
    const measure = async (label, url, query, variables) => {
      for (let i = 0; i < 20; i++) await bench.post(url, query, variables(cities.length - 1 - i));
      const cpu = processes.map((p) => cpuMs(p.pid));
      const fetches = await Promise.all(subgraphs.map(answered));
      let next = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < requests) {
            const r = await bench.post(url, query, variables(next++ % (cities.length - 20)));
            if (r.status !== 200 || r.body.errors?.length) failed++;
          }
        }),
      );
      const after = await Promise.all(subgraphs.map(answered));
      const per = Object.fromEntries(processes.map((p, i) => [p.label, (cpuMs(p.pid) - cpu[i]) / requests]));
      const subgraphCpu = subgraphs.reduce((sum, s) => sum + per[s.label], 0);
      const fetched = after.reduce((sum, n, i) => sum + n - fetches[i], 0) / requests;
      return { label, per, subgraphCpu, gatewayCpu: per.ours ?? 0, total: subgraphCpu + (per.ours ?? 0), fetched, failed };
    };
    const organisations = subgraphs.find((s) => s.label === 'organisations');
    const cityProfile = readFileSync(join(__dirname, '..', 'docs', 'operations', 'CityProfile.graphql'), 'utf8');
    const rows = [
      await measure('{ __typename } to a subgraph', organisations.url, '{ __typename }', () => ({})),
      await measure('{ __typename } to the gateway', gateway.url, '{ __typename }', () => ({})),
      await measure('place(name) { id } via the gateway', gateway.url, 'query P($name: String!) { place(name: $name) { id } }', (i) => ({
        name: cities[i],
      })),
      await measure('CityProfile via the gateway', gateway.url, cityProfile, (i) => ({ name: cities[i] })),
    ];
    console.log(`\nCPU ms per request (${requests} requests at ${connections} connections; ${databaseUrl.replace(/\/\/[^@]*@/, '//')}):`);
    const table = [['operation', 'subgraph fetches', 'subgraphs CPU', 'gateway CPU', 'total CPU', 'failed']];
    for (const r of rows)
      table.push([r.label, r.fetched.toFixed(2), r.subgraphCpu.toFixed(2), r.gatewayCpu.toFixed(2), r.total.toFixed(2), String(r.failed)]);
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
    const [bare, gatewayOnly, oneFetch, city] = rows;
    const perFetchGateway = oneFetch.gatewayCpu - gatewayOnly.gatewayCpu;
    const perFetchSubgraph = bare.subgraphCpu;
    const floor = (k) => k * perFetchSubgraph + gatewayOnly.gatewayCpu + k * perFetchGateway;
    console.log(
      `\n  floor of an operation fetching once from each of k subgraphs (nothing resolved): k × ${perFetchSubgraph.toFixed(2)} (a bare subgraph request)` +
        ` + ${gatewayOnly.gatewayCpu.toFixed(2)} (the gateway's own request) + k × ${perFetchGateway.toFixed(2)} (the gateway's work per fetch)`,
    );
    console.log(
      `  k = 5 (every subgraph): ${floor(5).toFixed(1)} ms; CityProfile made ${city.fetched.toFixed(1)} fetches: floor ${floor(city.fetched).toFixed(1)} ms, measured ${city.total.toFixed(1)} ms`,
    );
  } finally {
    for (const p of processes) await p.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench-floor failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
