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
    console.log(`graphql-http audit: ${results.length - errors.length - warnings.length} ok, ${warnings.length} warn, ${errors.length} error`);
    expect(errors.map((e) => `${e.id} ${e.name}: ${e.status === 'error' ? e.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const response = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });
});
