#!/usr/bin/env node
// Identity-resolution benchmark: resolves every organisation record of the EEA Grants, keep.eu and Kohesio
// files, read by the ingest connectors exactly as `npm run ingest` reads them (with the places they resolve),
// with the seeded organisations as anchors (with the regions above their place, as the organisations data
// module loads them), and scores the result against bench/identity/pairs.csv, once with rules only (curated
// entries touching the labelled pairs removed) and once with the curated file.
// Usage: npm run bench:identity
require('reflect-metadata');
const { resolveIdentities } = require('../subgraphs/organisations/dist/identity/resolve.js');
const { createWiring, identityInputFromFiles } = require('../ingest/dist/index.js');
const { readCurated, readPairs } = require('../bench/identity/read-records.cjs');

function readAllRecords() {
  return identityInputFromFiles(createWiring().connectors);
}
const { evaluate, withoutPairs } = require('../bench/identity/evaluate.cjs');

function report(title, result, pairs, ms, records) {
  const s = evaluate(result, pairs);
  const merged = result.assignments.filter((a) => a.rule !== 'single').length;
  console.log(`\n${title}`);
  console.log(
    `  ${records} records -> ${result.organisations.length} organisations (${merged} records matched to another) in ${ms.toFixed(0)} ms, ${Math.round(records / (ms / 1000))} records/s`,
  );
  console.log(`  pairs ${pairs.length}: TP ${s.tp}  FP ${s.fp}  FN ${s.fn}  TN ${s.tn}`);
  console.log(`  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`);
  for (const w of s.wrong) console.log(`  ${w.kind} ${w.a} ~ ${w.b} (${w.difficulty}: ${w.note}) -> ${w.orgA ?? '-'} / ${w.orgB ?? '-'}`);
  return s;
}

function main() {
  const t0 = performance.now();
  const input = readAllRecords();
  const { records, anchors } = input;
  const curated = readCurated();
  const pairs = readPairs();
  console.log(
    `Read ${records.length} records, ${anchors.length} seeded organisations, ${pairs.length} labelled pairs in ${(performance.now() - t0).toFixed(0)} ms`,
  );

  let t = performance.now();
  const rulesOnly = resolveIdentities(input, withoutPairs(curated, pairs));
  report('Rules only (curated entries for the labelled pairs removed)', rulesOnly, pairs, performance.now() - t, records.length);

  t = performance.now();
  const withCuration = resolveIdentities(input, curated);
  report(
    `With curation (seeds/organisation-matches.yaml: ${curated.same.length} same, ${curated.distinct.length} distinct)`,
    withCuration,
    pairs,
    performance.now() - t,
    records.length,
  );
}

main();
