#!/usr/bin/env node
// node --max-old-space-size=1024 scripts/bench-cpu-ab.cjs --database <URL> --a <built tree> --b <built tree>
//   [--requests 200] [--rounds 2] [--connections 10]
//
// CPU milliseconds per CityProfile of each process (five subgraphs and our gateway; utime + stime from
// /proc/<pid>/stat), for two built copies of the repository, A and B (e.g. a commit before a change and after
// it), interleaved: each round starts A's services, sends `--requests` CityProfile requests through A's
// gateway at `--connections` connections, each for another city, stops them, then the same for B. Prints
// each round and, per process, the medians of the rounds and B/A. Both trees read the same database.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const { argOption, cityNames } = require('./bench-gateways.cjs');

const option = (name, fallback) => argOption(process.argv.slice(2), name, fallback);
const databaseUrl = option('database', process.env.DATABASE_URL);
const trees = { A: option('a'), B: option('b') };
const requests = Number(option('requests', '200'));
const rounds = Number(option('rounds', '2'));
const connections = Number(option('connections', '10'));
const TICK_MS = 10; // USER_HZ is 100 on Linux

const cpuMs = (pid) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One run of a tree: CPU ms per request of each process, and requests per second. */
async function run(tree, names, offset) {
  const bench = require(join(tree, 'scripts', 'bench-gateways.cjs'));
  const query = readFileSync(join(tree, 'docs', 'operations', 'CityProfile.graphql'), 'utf8');
  const subgraphs = await bench.startSubgraphs(databaseUrl);
  const processes = [...subgraphs];
  try {
    const gateway = await bench.startOurs(subgraphs);
    processes.push(gateway);
    for (let i = 0; i < 10; i++) await bench.post(gateway.url, query, { name: names[names.length - 1 - i] });
    const before = processes.map((p) => cpuMs(p.pid));
    let next = 0;
    let failed = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < requests) {
          const name = names[(offset + next++) % (names.length - 10)];
          const r = await bench.post(gateway.url, query, { name });
          if (r.status !== 200 || r.body.errors?.length) failed++;
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const cpu = Object.fromEntries(processes.map((p, i) => [p.label, (cpuMs(p.pid) - before[i]) / requests]));
    cpu.subgraphs = subgraphs.reduce((sum, s) => sum + cpu[s.label], 0);
    cpu.total = cpu.subgraphs + cpu.ours;
    return { cpu, rps: requests / seconds, failed };
  } finally {
    for (const p of processes) await p.stop();
  }
}

async function main() {
  if (!databaseUrl || !trees.A || !trees.B) throw new Error('--database, --a and --b (two built trees) are needed');
  const names = await cityNames(databaseUrl);
  const results = { A: [], B: [] };
  let offset = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const side of ['A', 'B']) {
      const r = await run(resolve(trees[side]), names, offset);
      offset += requests;
      results[side].push(r);
      const cells = Object.entries(r.cpu).map(([k, v]) => `${k} ${v.toFixed(2)}`);
      console.log(`round ${round} ${side}: ${r.rps.toFixed(1)} req/s, ${r.failed} failed; CPU ms/request: ${cells.join(', ')}`);
    }
  }
  console.log(
    `\nmedians of ${rounds} rounds, ${requests} CityProfile requests each at ${connections} connections (A ${trees.A}, B ${trees.B}):`,
  );
  const keys = Object.keys(results.A[0].cpu);
  console.log(`  ${'process'.padEnd(14)} ${'A ms'.padStart(8)} ${'B ms'.padStart(8)} ${'B/A'.padStart(7)}`);
  for (const key of [...keys, 'req/s']) {
    const pick = (r) => (key === 'req/s' ? r.rps : r.cpu[key]);
    const a = median(results.A.map(pick));
    const b = median(results.B.map(pick));
    console.log(`  ${key.padEnd(14)} ${a.toFixed(2).padStart(8)} ${b.toFixed(2).padStart(8)} ${`${(b / a).toFixed(2)}x`.padStart(7)}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench-cpu-ab failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
