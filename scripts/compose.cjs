#!/usr/bin/env node
// Writes each subgraph's SDL to schema/<name>.graphql and composes schema/supergraph.graphql with
// @theguild/federation-composition (MIT). With --check, writes nothing and fails when the committed
// files differ from a fresh composition (CI's drift check).
require('reflect-metadata');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('graphql');
const { printSubgraphSchema } = require('@apollo/subgraph');
const { composeServices } = require('@theguild/federation-composition');

const root = join(__dirname, '..');
// Default URLs are the all-in-one ports; deployments override them in the gateway (<NAME>_URL).
const SUBGRAPHS = [
  ['organisations', 4001],
  ['projects', 4002],
  ['funding', 4003],
  ['events', 4004],
  ['outcomes', 4005],
];

async function main() {
  const check = process.argv.includes('--check');
  const files = new Map();
  const services = [];
  for (const [name, port] of SUBGRAPHS) {
    const module = require(join(root, 'subgraphs', name, 'dist', 'subgraph.js'))[name];
    const sdl = printSubgraphSchema(await module.buildSchema());
    files.set(join(root, 'schema', `${name}.graphql`), `${sdl.trim()}\n`);
    services.push({ name, typeDefs: parse(sdl), url: `http://localhost:${port}/graphql` });
  }
  const result = composeServices(services);
  if (result.errors && result.errors.length > 0) {
    console.error(`composition failed with ${result.errors.length} error(s):`);
    for (const error of result.errors) console.error(`- ${error.message}`);
    process.exit(1);
  }
  files.set(join(root, 'schema', 'supergraph.graphql'), `${result.supergraphSdl.trim()}\n`);
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
