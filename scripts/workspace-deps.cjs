#!/usr/bin/env node
// Each workspace's package.json declares the packages its own code imports, at the versions the root pins
// (the root package.json stays the one place versions are chosen; npm installs them once, hoisted).
//   node scripts/workspace-deps.cjs          lists what differs, exits 1 when anything does (a test runs this)
//   node scripts/workspace-deps.cjs --write  rewrites the workspaces' dependencies to match their imports
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pinned = { ...rootPkg.devDependencies, ...rootPkg.dependencies };

function workspaces() {
  const dirs = [];
  for (const pattern of rootPkg.workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      for (const name of readdirSync(parent)) if (statSync(join(parent, name)).isDirectory()) dirs.push(join(parent, name));
    } else dirs.push(join(root, pattern));
  }
  return dirs.filter((d) => {
    try {
      return statSync(join(d, 'package.json')).isFile();
    } catch {
      return false;
    }
  });
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const packageOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
};

/** Packages imported by a workspace's src/: run-time ones, and those only its tests or type imports use. */
function importsOf(dir) {
  const runtime = new Set();
  const dev = new Set();
  for (const file of sources(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const isTest = /\.test\.ts$/.test(file) || /testing\.ts$/.test(file);
    for (const m of text.matchAll(
      /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    )) {
      const specifier = m[2] ?? m[3] ?? m[4];
      if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = packageOf(specifier);
      if (m[1] || isTest) dev.add(name);
      else runtime.add(name);
    }
  }
  for (const name of runtime) dev.delete(name);
  return { runtime, dev };
}

function expected(dir) {
  const { runtime, dev } = importsOf(dir);
  const version = (name) => {
    if (name.startsWith('@regiograph/')) return '*';
    if (!pinned[name]) throw new Error(`${relative(root, dir)} imports ${name}, which the root package.json does not pin`);
    return pinned[name];
  };
  const sorted = (set) => Object.fromEntries([...set].sort().map((n) => [n, version(n)]));
  return { dependencies: sorted(runtime), devDependencies: sorted(dev) };
}

const write = process.argv.includes('--write');
let differences = 0;
for (const dir of workspaces()) {
  const path = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  const want = expected(dir);
  for (const field of ['dependencies', 'devDependencies']) {
    const have = JSON.stringify(pkg[field] ?? {});
    const should = JSON.stringify(want[field]);
    if (have === should) continue;
    differences += 1;
    if (write) {
      if (Object.keys(want[field]).length) pkg[field] = want[field];
      else delete pkg[field];
    } else console.log(`${relative(root, path)} ${field}: has ${have}, its imports need ${should}`);
  }
  if (write) writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}
if (!write && differences) {
  console.log(`${differences} difference(s): run node scripts/workspace-deps.cjs --write, then npm install`);
  process.exit(1);
}
