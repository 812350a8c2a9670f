import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // esbuild emits no decorator metadata; type-graphql and MikroORM need it.
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } })],
  resolve: {
    alias: [
      // One copy of graphql (CJS) for every importer, or "from another module or realm" errors follow.
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      { find: /^@regiograph\/lib$/, replacement: new URL('./lib/src/index.ts', import.meta.url).pathname },
      { find: /^@regiograph\/lib\/testing$/, replacement: new URL('./lib/src/testing.ts', import.meta.url).pathname },
      {
        find: /^@regiograph\/(organisations|projects|funding|events|outcomes)$/,
        replacement: `${new URL('./subgraphs/', import.meta.url).pathname}$1/src/index.ts`,
      },
      { find: /^@regiograph\/(gateway|hub)$/, replacement: `${new URL('./', import.meta.url).pathname}$1/src/index.ts` },
    ],
  },
  test: {
    include: ['lib/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
