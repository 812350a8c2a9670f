import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('audit');
});
afterAll(async () => hub?.stop());

describe('GraphQL over HTTP', () => {
  it('passes the graphql-http audit of the gateway with no error result', async () => {
    const results = await auditServer({ url: hub.url });
    const errors = results.filter((r) => r.status === 'error');
    const warnings = results.filter((r) => r.status === 'warn');
    console.log(
      `graphql-http audit: ${results.length - errors.length - warnings.length} ok, ${warnings.length} warn, ${errors.length} error`,
    );
    expect(errors.map((e) => `${e.id} ${e.name}: ${e.status === 'error' ? e.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const response = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('answers the health and readiness checks docker-compose uses, on the gateway and on every subgraph', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    for (const subgraph of hub.hub.subgraphs) {
      const root = subgraph.server.url.replace(/\/graphql$/, '');
      expect((await fetch(`${root}/health`)).status, subgraph.name).toBe(200);
      const ready = await fetch(`${root}/ready`);
      expect(ready.status, subgraph.name).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });
    }
  });
});

describe('docs/operations', () => {
  it('has every named operation exercised by the acceptance tests', () => {
    const dir = join(__dirname, '..', 'docs', 'operations');
    const acceptance = readFileSync(join(__dirname, 'acceptance.test.ts'), 'utf8');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const name = file.replace(/\.graphql$/, '');
      expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(new RegExp(`query ${name}\\b`));
      expect(acceptance, `${name} is not run by test/acceptance.test.ts`).toMatch(new RegExp(`operation(<[^(]*>)?\\('${name}'`));
    }
  });
});
