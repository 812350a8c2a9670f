#!/usr/bin/env node
'use strict';
// Splits the held-out set into a tuning half and a test half, so that a round of rules can be tuned on one half
// and judged on the other, which its author never read (bench/identity/README.md, "Tuning and test halves").
// Pairs are split by connected component of the records they name: two pairs that share a record (directly or
// through a chain) fall in the same half, so nothing learnt about a record on one side leaks into the other.
// Deterministic: a component goes to a half by a SHA-256 of a fixed salt and the component's root record, which
// union-find picks by the order of the lines in holdout.csv. Lines added to holdout.csv later can move a component,
// so the halves are committed files; --check tells whether they still match the split.
// Usage: node bench/identity/split-holdout.cjs [--check]   (--check: exit 1 if the committed halves differ)
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const SALT = 'holdout-split-2026-12-01';
const dir = __dirname;

function split(text) {
  const [header, ...lines] = text.split('\n').filter((line) => line.length > 0);
  const parent = new Map();
  const find = (x) => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root);
    parent.set(x, root);
    return root;
  };
  const rows = lines.map((line) => {
    const [a, b] = line.split(',', 2);
    for (const id of [a, b]) if (!parent.has(id)) parent.set(id, id);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
    return { line, a };
  });
  const halves = { tune: [header], test: [header] };
  for (const { line, a } of rows) {
    const byte = createHash('sha256')
      .update(`${SALT}:${find(a)}`)
      .digest()[0];
    halves[byte < 128 ? 'tune' : 'test'].push(line);
  }
  return { tune: `${halves.tune.join('\n')}\n`, test: `${halves.test.join('\n')}\n` };
}

if (require.main === module) {
  const halves = split(readFileSync(join(dir, 'holdout.csv'), 'utf8'));
  const check = process.argv.includes('--check');
  let stale = false;
  for (const name of ['tune', 'test']) {
    const file = join(dir, `holdout-${name}.csv`);
    if (check) stale ||= !existsSync(file) || readFileSync(file, 'utf8') !== halves[name];
    else writeFileSync(file, halves[name]);
  }
  if (stale) {
    console.error(
      'holdout-tune.csv / holdout-test.csv differ from a fresh split of holdout.csv: run node bench/identity/split-holdout.cjs',
    );
    process.exit(1);
  }
}

module.exports = { split };
