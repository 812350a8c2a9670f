#!/usr/bin/env node
// Writes each subgraph's SDL to schema/<name>.graphql, the composed schema/supergraph.graphql and the
// persisted-operations manifest of docs/operations/ (schema/persisted-operations.json). With --check, writes
// nothing and fails when the committed files differ from a fresh composition (CI's drift check).
require('reflect-metadata');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { composeSupergraph } = require('@regiograph/hub');
const { buildPersistedManifest, serialisePersistedManifest, PERSISTED_OPERATIONS_FILE } = require('@regiograph/gateway');

async function main() {
  const check = process.argv.includes('--check');
  const root = join(__dirname, '..');
  const { files, errors } = await composeSupergraph(root);
  if (errors.length > 0) {
    console.error(`composition failed with ${errors.length} error(s):`);
    for (const error of errors) console.error(`- ${error}`);
    process.exit(1);
  }
  const manifest = buildPersistedManifest(join(root, 'docs', 'operations'));
  files.set(join(root, 'schema', PERSISTED_OPERATIONS_FILE), serialisePersistedManifest(manifest));
  const drifted = [];
  for (const [file, text] of files) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === text) continue;
    drifted.push(file.slice(root.length + 1));
    if (!check) writeFileSync(file, text);
  }
  if (check && drifted.length > 0) {
    console.error(`schema drift: ${drifted.join(', ')} differ from a fresh composition; run \`npm run compose\` and commit.`);
    process.exit(1);
  }
  console.log(check ? 'schema/ matches a fresh composition' : drifted.length ? `wrote ${drifted.join(', ')}` : 'schema/ unchanged');
}

main().catch((error) => {
  console.error(`compose failed: ${error.message}`);
  process.exit(1);
});
