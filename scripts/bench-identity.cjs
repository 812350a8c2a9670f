#!/usr/bin/env node
// Identity-resolution benchmark: resolves every organisation record of the EEA Grants, keep.eu and Kohesio
// files, read by the ingest connectors exactly as `npm run ingest` reads them (with the places they resolve),
// with the seeded organisations as anchors (with the regions above their place, as the organisations data
// module loads them), and scores the result against bench/identity/pairs.csv, once with rules only (curated
// entries touching the labelled pairs removed) and once with the curated file: overall, per slice (across
// languages or not, kind of body, country, source combination) beside issue 12's targets, with the share of
// same pairs whose identity keys (lib's nameKey) already agree, and the wrong pairs grouped by slice.
// Usage: npm run bench:identity [-- --json] [-- --set holdout]   (--json: one JSON object with both runs'
// figures, slices and wrong pairs instead of the tables, for scripts that compare runs; --set NAME: score
// bench/identity/NAME.csv instead of pairs.csv, e.g. holdout, the held-out set the resolver is not tuned on)
require('reflect-metadata');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { resolveIdentities } = require('../subgraphs/organisations/dist/identity/resolve.js');
const { createWiring, identityInputFromFiles } = require('../ingest/dist/index.js');
const { nameKey } = require('../lib/dist/index.js');
const { readCurated, readPairs } = require('../bench/identity/read-records.cjs');
const { evaluate, withoutPairs, weakSlices, crossLanguageRecall, readTargets } = require('../bench/identity/evaluate.cjs');

const f3 = (x) => x.toFixed(3);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function table(s, keyShare) {
  const rows = [];
  for (const [dimension, list] of Object.entries(s.slices)) {
    rows.push(`  ${dimension}`);
    rows.push(
      `    ${pad('slice', 18)}${lpad('pairs', 6)}${lpad('same', 6)}${lpad('TP', 5)}${lpad('FP', 5)}${lpad('FN', 5)}${lpad('precision', 11)}${lpad('recall', 8)}${lpad('same keys', 11)}`,
    );
    for (const x of list) {
      const share = keyShare(dimension, x.value);
      rows.push(
        `    ${pad(x.value, 18)}${lpad(x.pairs, 6)}${lpad(x.same, 6)}${lpad(x.tp, 5)}${lpad(x.fp, 5)}${lpad(x.fn, 5)}${lpad(f3(x.precision), 11)}${lpad(x.same ? f3(x.recall) : '-', 8)}${lpad(share, 11)}`,
      );
    }
  }
  return rows.join('\n');
}

const JSON_OUT = process.argv.includes('--json');

/** The labelled set to score: bench/identity/<--set>.csv, pairs.csv when no --set is given. */
function setFile() {
  const at = process.argv.indexOf('--set');
  if (at < 0) return { name: 'pairs', file: join(__dirname, '../bench/identity/pairs.csv') };
  const name = process.argv[at + 1];
  if (!name || !/^[a-z0-9-]+$/.test(name))
    throw new Error(`--set expects the name of a labelled set in bench/identity (pairs, holdout), got '${name ?? ''}'`);
  const file = join(__dirname, '../bench/identity', `${name}.csv`);
  if (!existsSync(file)) throw new Error(`--set ${name}: no file bench/identity/${name}.csv`);
  return { name, file };
}

function report(title, result, pairs, ms, records, targets, keyShare) {
  const s = evaluate(result, pairs);
  if (JSON_OUT) return { title, ms: Math.round(ms), ...s, crossLanguageRecall: crossLanguageRecall(s) };
  const t = targets.targets;
  const merged = result.assignments.filter((a) => a.rule !== 'single').length;
  const cross = crossLanguageRecall(s);
  const weak = weakSlices(s, t.sliceMinPairs, t.sliceRecall);
  const mark = (ok) => (ok ? 'met' : 'NOT met');
  console.log(`\n${title}`);
  console.log(
    `  ${records} records -> ${result.organisations.length} organisations (${merged} records matched to another) in ${ms.toFixed(0)} ms, ${Math.round(records / (ms / 1000))} records/s`,
  );
  console.log(`  pairs ${pairs.length}: TP ${s.tp}  FP ${s.fp}  FN ${s.fn}  TN ${s.tn}`);
  console.log(`  measured   precision ${f3(s.precision)}  recall ${f3(s.recall)}  recall across languages ${f3(cross)}  F1 ${f3(s.f1)}`);
  console.log(
    `  targets    precision ${f3(t.precision)} (${mark(s.precision >= t.precision)})  recall ${f3(t.recall)} (${mark(s.recall >= t.recall)})  across languages ${f3(t.crossLanguageRecall)} (${mark(cross >= t.crossLanguageRecall)})  no slice of >= ${t.sliceMinPairs} pairs below recall ${t.sliceRecall} (${weak.length === 0 ? 'met' : `NOT met: ${weak.length} slices`})`,
  );
  if (weak.length)
    console.log(
      `  slices of >= ${t.sliceMinPairs} pairs below recall ${t.sliceRecall}: ${weak.map((w) => `${w.dimension === 'across languages' ? `across languages: ${w.value}` : w.value} ${f3(w.recall)} (${w.same} same)`).join(', ')}`,
    );
  console.log(table(s, keyShare));
  console.log(`  wrong pairs by slice (across languages / kind of body / sources):`);
  const groups = new Map();
  for (const w of s.wrong) {
    const key = `${w.crossLanguage === 'yes' ? 'across languages' : 'one language'} / ${w.bodyKind} / ${w.sources}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    console.log(`    ${key}: ${list.length}`);
    for (const w of list)
      console.log(`      ${w.kind} ${w.a} ~ ${w.b} (${w.country}, ${w.difficulty}: ${w.note}) -> ${w.orgA ?? '-'} / ${w.orgB ?? '-'}`);
  }
  return s;
}

/** Per slice, the share of same pairs whose two sides already have one nameKey (an easy pair shows itself). */
function keyShares(pairs, byId) {
  const { DIMENSIONS } = require('../bench/identity/evaluate.cjs');
  const same = pairs.filter((p) => p.label === 'same');
  const agree = new Set(
    same
      .filter((p) => {
        const a = byId.get(p.a);
        const b = byId.get(p.b);
        if (!a || !b) return false;
        const ka = nameKey(a.name, a.countryCode);
        return ka !== '' && ka === nameKey(b.name, b.countryCode);
      })
      .map((p) => `${p.a}\t${p.b}`),
  );
  const share = (list) => (list.length ? `${list.filter((p) => agree.has(`${p.a}\t${p.b}`)).length}/${list.length}` : '-');
  return {
    overall: share(same),
    of: (dimension, value) => share(same.filter((p) => (DIMENSIONS[dimension](p) || '(none)') === value)),
  };
}

function main() {
  const t0 = performance.now();
  const input = identityInputFromFiles(createWiring().connectors);
  const { records, anchors } = input;
  const curated = readCurated();
  const set = setFile();
  const pairs = readPairs(set.file);
  const targets = readTargets();
  const byId = new Map([...records.map((r) => [r.id, r]), ...anchors.map((a) => [a.id, a])]);
  const shares = keyShares(pairs, byId);
  const cross = pairs.filter((p) => p.crossLanguage === 'yes').length;
  const log = JSON_OUT ? () => {} : console.log;
  log(
    `Read ${records.length} records, ${anchors.length} seeded organisations, ${pairs.length} labelled pairs of ${set.name}.csv (${pairs.filter((p) => p.label === 'same').length} same, ${cross} across languages or scripts) in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  log(`Same pairs whose identity keys (nameKey) already agree: ${shares.overall} (the rest need more than name folding)`);

  let t = performance.now();
  const rulesOnly = resolveIdentities(input, withoutPairs(curated, pairs));
  const rules = report(
    'Rules only (curated entries for the labelled pairs removed)',
    rulesOnly,
    pairs,
    performance.now() - t,
    records.length,
    targets,
    shares.of,
  );

  t = performance.now();
  const withCuration = resolveIdentities(input, curated);
  const curation = report(
    `With curation (seeds/organisation-matches.yaml: ${curated.same.length} same, ${curated.distinct.length} distinct)`,
    withCuration,
    pairs,
    performance.now() - t,
    records.length,
    targets,
    shares.of,
  );
  if (JSON_OUT)
    console.log(
      JSON.stringify(
        {
          set: set.name,
          pairs: pairs.length,
          sameKeys: shares.overall,
          targets: targets.targets,
          rulesOnly: rules,
          withCuration: curation,
        },
        null,
        2,
      ),
    );
}

main();
