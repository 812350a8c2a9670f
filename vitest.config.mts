import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Vite's own TypeScript transform emits no decorator metadata, which type-graphql and MikroORM read.
 * TypeScript's transpileModule does, with the same settings as the build (tsconfig.base.json), and being
 * plain JavaScript it needs no platform-specific binary (unlike swc).
 */
function decoratorMetadata(): Plugin {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    sourceMap: true,
    inlineSources: true,
  };
  return {
    name: 'regiograph:typescript-decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.m?ts$/.test(id) || id.includes('/node_modules/')) return null;
      const out = ts.transpileModule(code, { fileName: id, compilerOptions });
      return { code: out.outputText, map: out.sourceMapText ? JSON.parse(out.sourceMapText) : null };
    },
  };
}

// The subgraphs, from subgraphs.json: each resolves to its source under test.
const subgraphs = (
  JSON.parse(readFileSync(new URL('./subgraphs.json', import.meta.url), 'utf8')) as { subgraphs: Array<{ name: string }> }
).subgraphs.map((s) => s.name);

export default defineConfig({
  plugins: [decoratorMetadata()],
  resolve: {
    alias: [
      // One copy of graphql (CJS) for every importer, or "from another module or realm" errors follow.
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      { find: /^@regiograph\/lib$/, replacement: new URL('./lib/src/index.ts', import.meta.url).pathname },
      { find: /^@regiograph\/lib\/testing$/, replacement: new URL('./lib/src/testing.ts', import.meta.url).pathname },
      {
        find: new RegExp(`^@regiograph/(${subgraphs.join('|')})$`),
        replacement: `${new URL('./subgraphs/', import.meta.url).pathname}$1/src/index.ts`,
      },
      { find: /^@regiograph\/(gateway|hub|ingest)$/, replacement: `${new URL('./', import.meta.url).pathname}$1/src/index.ts` },
    ],
  },
  test: {
    include: [
      'lib/src/**/*.test.ts',
      'hub/src/**/*.test.ts',
      'subgraphs/*/src/**/*.test.ts',
      'gateway/src/**/*.test.ts',
      'ingest/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Files, and the tests in each, run in a random order every time, so no test can lean on another's writes.
    // The run prints its seed ("Running tests with seed ..."); `--sequence.seed=<seed>` replays that order.
    sequence: { shuffle: true },
    // A test that makes no assertion fails (as if each began with expect.hasAssertions()).
    expect: { requireAssertions: true },
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
