// Mutation testing with StrykerJS: `npm run test:mutation` (see the README, Tests). A tool for people, not CI.
// Narrow it on the command line: `npm run test:mutation -- --mutate ingest/src/connectors/eea-grants.ts`
// (Stryker's own options win over this file), or with MUTATE / MUTATION_TESTS (comma-separated globs).
// The sandbox copy under .stryker-tmp/ holds data/sources too, so the source-file tests find them there
// (lib's sourcesDir(); SOURCES_DIR still names another folder).

const globs = (value) =>
  value
    ?.split(',')
    .map((glob) => glob.trim())
    .filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The repository's vitest config (its decorator-metadata transform and aliases resolve inside the sandbox copy),
  // narrowed to the tests that run in this process on the sources: the e2e tests in test/ mostly start the built
  // hub or its processes, which no mutant reaches, and take minutes each. MUTATION_TESTS=test/paging.test.ts,...
  // names others. Related mode runs only the tests that import the mutated file.
  vitest: { configFile: 'stryker.vitest.config.mts', related: true, pool: 'forks' },
  // Which tests cover which mutant is measured per test, so a mutant only reruns the tests that reach it.
  coverageAnalysis: 'perTest',
  mutate: globs(process.env.MUTATE) ?? [
    'lib/src/**/*.ts',
    'ingest/src/connectors/**/*.ts',
    '!**/*.test.ts',
    // Test helpers: mutating them measures the tests of the tests.
    '!lib/src/testing.ts',
  ],
  // A mutant reached only while modules load or in beforeAll (ORM start, schema build) would rerun every test
  // with a fresh environment (minutes each); they are reported as Ignored unless MUTATION_STATIC=1.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  // The machine is shared: two workers, each running one test file at a time.
  concurrency: Number(process.env.MUTATION_CONCURRENCY || 2),
  // Each run creates a database per test file; allow for a busy machine before calling a mutant a timeout.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { reportMutants: false, reportTests: false, allowEmojis: false },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['dist', '.data', 'coverage', '.tools'],
  tempDirName: '.stryker-tmp',
};
