#!/usr/bin/env node
// node scripts/profile-cityprofile.cjs --database <URL> [--requests 60] [--connections 2] [--top 25] [--dir <dir>]
//
// Where the CPU of a CityProfile goes: starts the five subgraphs and our gateway (as bench-gateways.cjs does)
// under `node --cpu-prof`, sends a bounded stream of CityProfile requests through the gateway, each for
// another city, stops every process (SIGTERM: the profiles are written on exit) and prints, per process, the
// CPU ms per request and the functions and packages with the most self time. The profiles stay in --dir
// (a new temporary directory by default) for Chrome DevTools.
const { mkdtempSync, readdirSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const bench = require('./bench-gateways.cjs');

const option = (name, fallback) => bench.argOption(process.argv.slice(2), name, fallback);
const databaseUrl = option('database', process.env.DATABASE_URL);
const requests = Number(option('requests', '60'));
const connections = Number(option('connections', '2'));
const top = Number(option('top', '25'));
const dir = option('dir', mkdtempSync(join(tmpdir(), 'regiograph-cpuprof-')));

/** Self time (ms) per function and per package of one .cpuprofile. */
function summarise(file, stream) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  // Each sample's time is the delta to the next sample.
  // Sample timestamps are microseconds of the monotonic clock process.hrtime reads: only the request stream counts.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += deltas[i];
    if (at < stream.from || at > stream.to) continue;
    const ms = (deltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + ms);
  }
  const functions = new Map();
  const packages = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') {
      idle += name === '(idle)' ? ms : 0;
      if (name === '(idle)') continue;
    }
    total += ms;
    const url = callFrame.url.replace(/^file:\/\//, '');
    const where = url
      ? `${url.replace(/^.*\/node_modules\//, '').replace(/^.*?\/((?:lib|gateway|subgraphs)\/)/, '$1')}:${callFrame.lineNumber + 1}`
      : '';
    const key = `${name} ${where}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const pkg = url.includes('/node_modules/')
      ? url.replace(/^.*\/node_modules\//, '').replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1')
      : url.startsWith('node:')
        ? 'node:'
        : url
          ? url.replace(/^.*?\/((?:lib|gateway|subgraphs\/[^/]+)\/).*$/, '$1')
          : name;
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, idle, functions: sorted(functions), packages: sorted(packages) };
}

async function main() {
  if (!databaseUrl) throw new Error('--database (or DATABASE_URL): the PostgreSQL the subgraphs read');
  // Inherited by every service bench-gateways starts; each writes CPU.<date>.<time>.<pid>.*.cpuprofile on exit.
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${dir}`.trim();
  const cities = await bench.cityNames(databaseUrl);
  const query = readFileSync(join(__dirname, '..', 'docs', 'operations', 'CityProfile.graphql'), 'utf8');
  const subgraphs = await bench.startSubgraphs(databaseUrl);
  const gateway = await bench.startOurs(subgraphs);
  const processes = [...subgraphs, gateway];
  const stream = { from: 0, to: 0 };
  try {
    // Warm-up: the planner's caches and the pools; not counted.
    for (let i = 0; i < 5; i++) await bench.post(gateway.url, query, { name: cities[cities.length - 1 - i] });
    let next = 0;
    let failed = 0;
    const began = performance.now();
    stream.from = Number(process.hrtime.bigint() / 1000n);
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < requests) {
          const name = cities[next++ % cities.length];
          const r = await bench.post(gateway.url, query, { name });
          if (r.status !== 200 || r.body.errors?.length) failed++;
        }
      }),
    );
    stream.to = Number(process.hrtime.bigint() / 1000n);
    console.log(
      `${requests} CityProfile requests at ${connections} connections in ${((performance.now() - began) / 1000).toFixed(1)} s, ${failed} failed`,
    );
  } finally {
    for (const p of processes) await p.stop();
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const p of processes) {
    const file = files.find((f) => f.split('.')[3] === String(p.pid));
    if (!file) {
      console.log(`\n${p.label}: no profile written`);
      continue;
    }
    const s = summarise(join(dir, file), stream);
    console.log(`\n${p.label}: ${s.total.toFixed(0)} ms CPU during the requests, ${(s.total / requests).toFixed(2)} ms/request`);
    console.log('  packages (self ms):');
    for (const [k, ms] of s.packages) console.log(`    ${ms.toFixed(0).padStart(7)}  ${k}`);
    console.log('  functions (self ms):');
    for (const [k, ms] of s.functions) console.log(`    ${ms.toFixed(0).padStart(7)}  ${k}`);
  }
  console.log(`\nprofiles in ${dir}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`profile failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
