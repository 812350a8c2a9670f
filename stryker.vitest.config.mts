import config from './vitest.config.mts';

// The repository's vitest config (decorator metadata, aliases, setup) with the tests for mutation testing:
// MUTATION_TESTS (comma-separated globs), else the tests beside the sources that run in this process. The
// selection is made here rather than with Stryker's `testFiles`, under which Stryker 10.1 activates a mutant in
// a module's top-level code only after the module has loaded (stryker-js#6144), so every such mutant survives.
const include = process.env.MUTATION_TESTS?.split(',')
  .map((glob) => glob.trim())
  .filter(Boolean) ?? ['lib/src/**/*.test.ts', 'ingest/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts'];

export default { ...config, test: { ...config.test, include } };
