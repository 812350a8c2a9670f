#!/usr/bin/env node
// Whole-load check of a resolver change: resolves every organisation record (read by the ingest connectors, as
// `npm run bench:identity` reads them, rules only, the curated file off) and writes its clusters (organisations
// of two or more records, each a sorted list of record IDs), or compares them with clusters written before.
// Usage (after `tsc -b`):
//   node bench/identity/clusters.cjs --out "$TMPDIR/before.json" (write the clusters)
//   node bench/identity/clusters.cjs --diff "$TMPDIR/before.json" [--kinds MINISTRY,AGENCY]
// --diff prints every cluster of the current resolver that joins records the earlier run kept apart (new
// merges, with each record's name, country and the link's explanation) and every earlier cluster that is now
// split, then their counts. --kinds limits the printout to clusters whose records' names give those kinds.
require('reflect-metadata');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { resolveIdentities } = require(join(__dirname, '../../subgraphs/organisations/dist/identity/resolve.js'));
const { kindOfName } = require(join(__dirname, '../../subgraphs/organisations/dist/identity/kinds.js'));
const { createWiring, identityInputFromFiles } = require(join(__dirname, '../../ingest/dist/index.js'));

function arg(name) {
  const at = process.argv.indexOf(name);
  return at < 0 ? null : process.argv[at + 1];
}

function clustersOf(result) {
  const byOrg = new Map();
  for (const a of result.assignments) byOrg.set(a.organisationId, [...(byOrg.get(a.organisationId) ?? []), a.recordId]);
  return [...byOrg.values()]
    .filter((ids) => ids.length > 1)
    .map((ids) => ids.sort())
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function main() {
  const input = identityInputFromFiles(createWiring().connectors);
  const t = performance.now();
  const result = resolveIdentities(input);
  const ms = performance.now() - t;
  const clusters = clustersOf(result);
  const out = arg('--out');
  if (out) {
    writeFileSync(out, JSON.stringify(clusters));
    console.log(`${input.records.length} records -> ${clusters.length} clusters of 2+ records in ${ms.toFixed(0)} ms, written to ${out}`);
    return;
  }
  const before = arg('--diff');
  if (!before) throw new Error('clusters.cjs: give --out FILE or --diff FILE');
  const old = JSON.parse(readFileSync(before, 'utf8'));
  const oldOf = new Map();
  for (const [i, ids] of old.entries()) for (const id of ids) oldOf.set(id, i);
  const newOf = new Map();
  for (const [i, ids] of clusters.entries()) for (const id of ids) newOf.set(id, i);
  const byId = new Map(input.records.map((r) => [r.id, r]));
  const how = new Map(result.assignments.map((a) => [a.recordId, a]));
  const kinds = arg('--kinds')?.split(',');
  const kindOf = (id) => {
    const r = byId.get(id);
    return r ? (kindOfName(r.name, r.countryCode)?.kind ?? 'OTHER') : 'ANCHOR';
  };
  const wanted = (ids) => !kinds || ids.some((id) => kinds.includes(kindOf(id)));
  const show = (id) => {
    const r = byId.get(id);
    const a = how.get(id);
    return `    ${id} [${r?.countryCode ?? '-'}] ${r?.name ?? '(anchor)'}${r?.nameEn ? ` | ${r.nameEn}` : ''}  <- ${a?.rule ?? ''} ${a?.explanation ?? ''}`.trimEnd();
  };
  // A new merge: a current cluster that holds records of two or more earlier groups (a record alone counts as one).
  const merged = clusters.filter((ids) => new Set(ids.map((id) => oldOf.get(id) ?? id)).size > 1);
  const split = old.filter((ids) => new Set(ids.map((id) => newOf.get(id) ?? id)).size > 1);
  let n = 0;
  for (const ids of merged) {
    if (!wanted(ids)) continue;
    console.log(`NEW ${++n} (${ids.length} records)`);
    for (const id of ids) console.log(show(id));
  }
  let s = 0;
  for (const ids of split) {
    if (!wanted(ids)) continue;
    console.log(`SPLIT ${++s} (${ids.length} records)`);
    for (const id of ids) console.log(`${show(id)}  -> now ${newOf.has(id) ? `cluster ${newOf.get(id)}` : 'alone'}`);
  }
  console.log(
    `${input.records.length} records -> ${clusters.length} clusters (before ${old.length}) in ${ms.toFixed(0)} ms; new merges ${merged.length}, split ${split.length}${kinds ? `; shown for ${kinds.join(',')}: ${n} new, ${s} split` : ''}`,
  );
}

main();
