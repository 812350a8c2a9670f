// Loads a TypeScript module of the repo (e.g. the ingest's xlsx reader) without a build step, for the
// scripts that regenerate ingest/reference/ from the source files.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const ts = require('typescript');

function requireTs(path) {
  const out = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const m = new Module(path, module);
  m.filename = path;
  m.paths = Module._nodeModulePaths(dirname(path));
  m._compile(out.outputText, path);
  return m.exports;
}

module.exports = { requireTs };
