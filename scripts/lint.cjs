#!/usr/bin/env node
// Lints the repository with Biome, run as WebAssembly (@biomejs/js-api + @biomejs/wasm-nodejs) so no
// platform-specific binary is needed: `npm ci` then works from a lock file written on any machine.
// Uses biome.json; exits non-zero when any error-level diagnostic is found or a file is not formatted as
// biome.json says. Usage: npm run lint (checks), npm run format (rewrites unformatted files, then lints).
const { readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { Biome } = require('@biomejs/js-api/nodejs');

const root = join(__dirname, '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.data', '.tools', 'coverage', 'reports']);
// Stryker's sandbox copies of the project (.stryker-tmp, or another --tempDirName beginning so).
const SANDBOX = /^\.stryker-tmp/;
const LINTED = /\.(ts|mts|cts|js|mjs|cjs)$/;
// Generated migrations are written by MikroORM; they are reviewed, not linted.
const SKIP_FILE = /\/migrations\/Migration\d+\w*\.ts$|\.d\.ts$/;

// printDiagnostics renders markup for browsers; terminals and CI logs want plain text.
const ENTITIES = { '&gt;': '>', '&lt;': '<', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const plain = (html) => html.replace(/<[^>]+>/g, '').replace(/&(gt|lt|amp|quot|#39|#x27);/g, (e) => ENTITIES[e]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || SANDBOX.test(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (LINTED.test(name) && !SKIP_FILE.test(path)) yield path;
  }
}

function main() {
  const write = process.argv.includes('--write');
  const biome = new Biome();
  const { projectKey } = biome.openProject(root);
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
  delete config.$schema;
  delete config.files;
  biome.applyConfiguration(projectKey, config);
  let checked = 0;
  let errors = 0;
  let warnings = 0;
  const unformatted = [];
  for (const file of files(root)) {
    let content = readFileSync(file, 'utf8');
    const filePath = relative(root, file);
    checked += 1;
    const formatted = biome.formatContent(projectKey, content, { filePath });
    if (formatted.content !== content && formatted.diagnostics.every((d) => d.severity !== 'error')) {
      if (write) {
        writeFileSync(file, formatted.content);
        content = formatted.content;
      }
      unformatted.push(filePath);
    }
    const { diagnostics } = biome.lintContent(projectKey, content, { filePath });
    const shown = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    if (shown.length === 0) continue;
    errors += shown.filter((d) => d.severity === 'error').length;
    warnings += shown.filter((d) => d.severity === 'warning').length;
    process.stdout.write(plain(biome.printDiagnostics(shown, { filePath, fileSource: content })));
  }
  if (write) {
    console.log(`biome format: ${unformatted.length} of ${checked} files rewritten`);
  } else if (unformatted.length) {
    console.log(`not formatted as biome.json says (npm run format fixes them):\n${unformatted.map((f) => `  ${f}`).join('\n')}`);
  }
  console.log(`biome lint: ${checked} files, ${errors} errors, ${warnings} warnings${write ? '' : `, ${unformatted.length} unformatted`}`);
  if (errors > 0 || (!write && unformatted.length > 0)) process.exit(1);
}

main();
