#!/usr/bin/env node
// node scripts/bench-coverage.cjs --url http://127.0.0.1:4000/graphql [--attackers 4] [--samples 30] [--baseline]
//
// How much a client looping `coverage` slows the others down: CityProfile's median and p95 alone, then while
// `--attackers` clients each send coverage requests of every source back to back (each request differs, so the
// gateway cannot merge them), and how many coverage requests they got through. Traffic goes to the given URL
// only (run the hub on 127.0.0.1, with a heap cap); every request has a timeout and the run stops by itself.
// --baseline: the loops send CityProfile instead, to compare with what any request looped back to back costs.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const URL = option('url', 'http://127.0.0.1:4000/graphql');
const ATTACKERS = Number(option('attackers', '4'));
const SAMPLES = Number(option('samples', '30'));
const BASELINE = args.includes('--baseline');
const CITY_PROFILE = readFileSync(join(__dirname, '..', 'docs', 'operations', 'CityProfile.graphql'), 'utf8');
const CITIES = ['Tarnów', 'Piaseczno', 'Timișoara', 'Hrubieszów', 'Zabrze', 'Jasło', 'Zawiercie', 'Wałbrzych', 'Opoczno'];
const FIELDS = ['organisationFields', 'projectFields', 'fundingFields', 'eventFields', 'outcomeFields'];

async function gql(query, variables) {
  const began = performance.now();
  const response = await fetch(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return performance.now() - began;
}

const coverage = (n) =>
  `{ coverage(limit: ${100 + (n % 100)}) { source ${FIELDS.map((f) => `${f}(limit: 200) { entityType field records withValue }`).join(' ')} } }`;

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function victims() {
  const times = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await gql(CITY_PROFILE, { name: CITIES[i % CITIES.length] }));
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function main() {
  await gql(coverage(0)); // warm: the planner's cache, the pools
  for (let i = 0; i < 3; i++) await gql(CITY_PROFILE, { name: CITIES[i] });
  const alone = await victims();
  let stop = false;
  let served = 0;
  let n = 1;
  const attackers = Array.from({ length: ATTACKERS }, async () => {
    while (!stop) {
      if (BASELINE) await gql(CITY_PROFILE, { name: CITIES[n++ % CITIES.length] });
      else await gql(coverage(n++));
      served++;
    }
  });
  const began = performance.now();
  const loaded = await victims();
  const seconds = (performance.now() - began) / 1000;
  stop = true;
  await Promise.all(attackers);
  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(`CityProfile alone:            p50 ${ms(alone.p50)}  p95 ${ms(alone.p95)}`);
  const what = BASELINE ? 'CityProfile' : 'coverage';
  console.log(
    `beside ${ATTACKERS} ${what} loops:  p50 ${ms(loaded.p50)}  p95 ${ms(loaded.p95)}  (${(loaded.p50 / alone.p50).toFixed(1)}x)`,
  );
  console.log(`${what} requests served: ${served} in ${seconds.toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
