#!/usr/bin/env node
// Appends labelled pairs to pairs.csv with their slice columns. The labeller writes one decision a line, read
// from the records side by side in candidates.tsv (sample.cjs):
//   <n> <s|d> <e|h> <kind> <y|n> [| note]            candidate n of candidates.tsv
//   <id a> <id b> <s|d> <e|h> <kind> <y|n> [| note]  a pair found by reading the files directly
// s/d = same/different, e/h = easy/hard, kind = mun reg uni min age hos sch com ngo oth (the body kind the
// labeller read), y/n = across languages or scripts. Country and source combination come from the records.
// Pairs already in pairs.csv are skipped, so a batch can be re-applied.
// Usage: node bench/identity/add-labels.cjs <labels file> [candidates.tsv] [--into FILE]
//   --into FILE: append to FILE (e.g. holdout.csv, created with the header if missing) instead of pairs.csv; a
//   pair already in pairs.csv or in FILE is skipped, so a held-out set never repeats a tuning pair.
const { readFileSync, appendFileSync, existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { readAllRecords, readAnchors, readPairs, csvLine, PAIR_COLUMNS } = require('./read-records.cjs');
const { sourceCombination } = require('./strata.cjs');

const KINDS = {
  mun: 'municipality',
  reg: 'region',
  uni: 'university',
  min: 'ministry',
  age: 'agency',
  hos: 'hospital',
  sch: 'school',
  com: 'company',
  ngo: 'ngo',
  oth: 'other',
};

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--into');
  const into = at >= 0 ? args[at + 1] : join(__dirname, 'pairs.csv');
  if (at >= 0) args.splice(at, 2);
  const [labelsFile, candidatesFile = join(__dirname, 'candidates.tsv')] = args;
  if (!labelsFile || !into) throw new Error('usage: add-labels.cjs <labels file> [candidates.tsv] [--into FILE]');
  if (!existsSync(into)) writeFileSync(into, `${PAIR_COLUMNS.join(',')}\n`);
  const byId = new Map(readAllRecords().map((r) => [r.id, r]));
  for (const a of readAnchors()) byId.set(a.id, { ...a, dataset: 'seed' });
  const candidates = new Map(
    readFileSync(candidatesFile, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .map((c) => [c[0], { a: c[7], b: c[16] }]),
  );
  const seen = new Set([...readPairs(), ...readPairs(into)].map((p) => [p.a, p.b].sort().join('\t')));
  let added = 0;
  readFileSync(labelsFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const [head, ...rest] = line.split('|');
      const note = rest.join('|').trim();
      const words = head.trim().split(/\s+/);
      const pair = words.length === 5 ? candidates.get(words[0]) : { a: words[0], b: words[1] };
      const [label, difficulty, kind, cross] = words.slice(-4);
      const where = `${labelsFile}:${i + 1}`;
      if (!pair) throw new Error(`${where}: no candidate ${words[0]}`);
      const a = byId.get(pair.a);
      const b = byId.get(pair.b);
      if (!a || !b) throw new Error(`${where}: unknown record ${a ? pair.b : pair.a}`);
      if (!['s', 'd'].includes(label) || !['e', 'h'].includes(difficulty) || !KINDS[kind] || !['y', 'n'].includes(cross))
        throw new Error(`${where}: expected <s|d> <e|h> <kind> <y|n>, got '${words.slice(-4).join(' ')}'`);
      const key = [a.id, b.id].sort().join('\t');
      if (seen.has(key)) return;
      seen.add(key);
      const country = a.countryCode ?? b.countryCode ?? '';
      appendFileSync(
        into,
        `${csvLine([a.id, b.id, label === 's' ? 'same' : 'different', difficulty === 'e' ? 'easy' : 'hard', note, cross === 'y' ? 'yes' : 'no', KINDS[kind], country, sourceCombination(a, b)])}\n`,
      );
      added++;
    });
  console.log(`added ${added} pairs from ${labelsFile} to ${into}`);
}

main();
