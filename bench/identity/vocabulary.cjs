#!/usr/bin/env node
// Vocabulary check of the public-body keys: every organisation record of the bundled source files
// (read-records.cjs, as the benchmark reads them; each distinct name of a country once) whose name the kind rules give as a ministry or an agency
// (national agencies, institutes, inspectorates, funds, directorates, offices), and the words of its name that
// the dictionaries do not translate (lib's conceptWords: what conceptKey leaves as plain words). Prints the
// share of those records whose whole name is understood (no plain word left), per kind and country, and the words left most often, per country, for the dictionaries.
// Usage (after `tsc -b`): node bench/identity/vocabulary.cjs [--kinds MINISTRY,AGENCY] [--top 40] [--country BG]
//   [--json]   (--json: the figures only, one object, to compare before and after a change)
require('reflect-metadata');
const { join } = require('node:path');
const { readAllRecords } = require('./read-records.cjs');
const { kindOfName } = require(join(__dirname, '../../subgraphs/organisations/dist/identity/kinds.js'));
const { conceptWords } = require(join(__dirname, '../../lib/dist/index.js'));

function arg(name, fallback) {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
}
const KINDS = arg('--kinds', 'MINISTRY,AGENCY').split(',');
const TOP = Number(arg('--top', '40'));
const ONLY = arg('--country', null);
const JSON_OUT = process.argv.includes('--json');

const records = readAllRecords().filter((r) => !ONLY || r.countryCode === ONLY);
// Every distinct name the records give (official, English), once per country: Kohesio repeats a national body's
// name under each region it worked in, which would weigh its words by the regions.
const rows = [];
const seen = new Set();
for (const r of records) {
  for (const name of new Set([r.name, r.nameEn].filter(Boolean))) {
    const at = `${r.countryCode ?? '-'}\t${name.trim().toLowerCase()}`;
    if (seen.has(at)) continue;
    seen.add(at);
    const kind = kindOfName(name, r.countryCode)?.kind;
    if (!KINDS.includes(kind)) continue;
    const found = conceptWords(name, r.countryCode);
    if (!found) continue;
    rows.push({ id: r.id, name, cc: r.countryCode ?? '-', kind, others: found.others, concepts: found.concepts });
  }
}

// Digits and one-letter words are no residue; every other plain word is (a place name too: a regional office's
// town is a real part of its identity, but it keys as its stem on both sides, so the share is a lower bound).
const residue = (row) => row.others.filter((w) => w.length > 1 && !/^\d+$/.test(w));

const byKindCountry = new Map();
const words = new Map();
for (const row of rows) {
  const k = `${row.kind}\t${row.cc}`;
  const s = byKindCountry.get(k) ?? { names: 0, understood: 0, nearly: 0 };
  s.names++;
  const left = residue(row);
  if (left.length === 0) s.understood++;
  if (left.length <= 1) s.nearly++;
  byKindCountry.set(k, s);
  for (const w of new Set(left)) {
    const key = `${row.cc}\t${w}`;
    const e = words.get(key) ?? { cc: row.cc, word: w, count: 0, example: row.name };
    e.count++;
    words.set(key, e);
  }
}

const total = { names: 0, understood: 0, nearly: 0 };
const perKind = {};
const perCountry = {};
for (const [k, s] of byKindCountry) {
  const [kind, cc] = k.split('\t');
  total.names += s.names;
  total.understood += s.understood;
  total.nearly += s.nearly;
  perKind[kind] = perKind[kind] ?? { names: 0, understood: 0, nearly: 0 };
  perCountry[cc] = perCountry[cc] ?? { names: 0, understood: 0, nearly: 0 };
  for (const into of [perKind[kind], perCountry[cc]]) {
    into.names += s.names;
    into.understood += s.understood;
    into.nearly += s.nearly;
  }
}
const pct = (n, of) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
const share = (s) => `${s.understood}/${s.names} (${pct(s.understood, s.names)}; one word left at most: ${pct(s.nearly, s.names)})`;
if (JSON_OUT) {
  console.log(JSON.stringify({ kinds: KINDS, total, perKind, perCountry }, null, 2));
} else {
  console.log(`Names of ${KINDS.join('/')} records whose every word the dictionaries understand: ${share(total)}`);
  for (const [kind, s] of Object.entries(perKind)) console.log(`  ${kind}: ${share(s)}`);
  console.log(
    `  by country: ${Object.entries(perCountry)
      .sort()
      .map(([cc, s]) => `${cc} ${share(s)}`)
      .join(', ')}`,
  );
  const list = [...words.values()].sort((a, b) => b.count - a.count || a.cc.localeCompare(b.cc) || a.word.localeCompare(b.word));
  console.log(`\nWords left most often (country, word, names, an example):`);
  for (const e of list.slice(0, TOP)) console.log(`  ${e.cc} ${e.word} ${e.count}  "${e.example}"`);
}
if (process.argv.includes('--names'))
  for (const row of [...rows].sort((a, b) => a.cc.localeCompare(b.cc) || a.name.localeCompare(b.name))) {
    const left = residue(row);
    if (left.length) console.log(`${row.cc}\t${row.kind}\t${row.name}\t[${left.join(' ')}]\t{${row.concepts.join(' ')}}`);
  }
