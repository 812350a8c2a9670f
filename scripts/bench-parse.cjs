#!/usr/bin/env node
// Parse-only timing of the ingest connectors: reads, detects and parses every source folder as
// `npm run ingest` does, without a database, and prints milliseconds per source. With --hash it prints,
// per file, the record and rejection counts and a digest of everything parsed instead, so two builds (for
// instance before and after a parser change) can be shown to produce the same rows.
// Usage (after tsc -b): node scripts/bench-parse.cjs [ingest dist folder] [source] [--hash]
// SOURCES_DIR picks the source folders, as for the tests.
require('reflect-metadata');
const { createHash } = require('node:crypto');
const { join, resolve } = require('node:path');

const args = process.argv.slice(2).filter((a) => a !== '--hash');
const hash = process.argv.includes('--hash');
const dist = resolve(args[0] ?? join(__dirname, '..', 'ingest', 'dist'));
const only = args[1] ?? null;
const { planFiles } = require(join(dist, 'run.js'));
const { SOURCE_FOLDERS } = require(join(dist, 'sources.js'));
const { connectors } = require(join(dist, 'connectors', 'index.js'));
const { sourcesDir } = require('@regiograph/lib');

const dir = sourcesDir();
let total = 0;
for (const { source, folders } of SOURCE_FOLDERS) {
  if (only && only !== source) continue;
  const connector = connectors.find((c) => c.name === source);
  const started = performance.now();
  const { planned } = planFiles(
    connector,
    folders.map((f) => join(dir, f)),
  );
  const ms = performance.now() - started;
  total += ms;
  if (!hash) {
    console.log(`${source}\t${ms.toFixed(0)} ms`);
    continue;
  }
  for (const p of planned) {
    const digest = createHash('sha1')
      .update(JSON.stringify({ r: p.parsed.records, rows: p.parsed.rows, notes: p.parsed.notes, rej: p.rejections }))
      .digest('hex')
      .slice(0, 12);
    console.log([source, p.input.name, p.format, p.parsed.records, p.rejections.length, digest].join('\t'));
  }
}
if (!hash) console.log(`total\t${total.toFixed(0)} ms`);
