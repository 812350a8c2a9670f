import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('gateway');
});
afterAll(async () => hub?.stop());

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; extensions?: { queryPlan?: Record<string, unknown> } };
}

describe('gateway', () => {
  const query = '{ project(name: "ECoC-SME") { acronym funding { programme { name } } } }';

  it('plans with the Rust query planner and shows the plan when a client asks with x-query-plan: 1', async () => {
    const res = await post(query, { 'x-query-plan': '1' });
    expect(res.data).toEqual({ project: { acronym: 'ECoC-SME', funding: [{ programme: { name: 'Interreg Europe 2014-2020' } }] } });
    const plan = JSON.stringify(res.extensions?.queryPlan);
    expect(res.extensions?.queryPlan?.kind).toBe('QueryPlan');
    // One fetch from projects, then one batched _entities fetch from funding for the project it found.
    expect(plan).toContain('"serviceName":"projects"');
    expect(plan).toContain('"serviceName":"funding"');
    expect(plan).toContain('_entities(representations: $representations)');
  });

  it('keeps the plan out of ordinary responses', async () => {
    const res = await post(query);
    expect(res.data).toBeDefined();
    expect(res.extensions?.queryPlan).toBeUndefined();
  });

  it('names the argument behind a bad variable, whatever the variable is called', async () => {
    const res = await hub.query('query($f: Date!) { events(from: $f) { id } }', { f: '2023-02-30' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect(res.errors?.[0]?.message).toContain('Argument "from" of "events"');
  });

  it('rejects out-of-range paging with BAD_USER_INPUT naming the argument, never with SQL', async () => {
    for (const [query, argument] of [
      ['{ places(name: "a", limit: -1) { id } }', 'limit'],
      ['{ organisations(name: "a", offset: -5) { id } }', 'offset'],
      ['{ outcomes(limit: 100000) { id } }', 'limit'],
      ['{ events(limit: -1) { id } }', 'limit'],
      ['{ projects(name: "a", offset: -1) { id } }', 'offset'],
    ] as const) {
      const res = await hub.query(query);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: argument });
      expect(JSON.stringify(res), query).not.toMatch(/select|from "|postgres/i);
    }
  });

  it('lets a partner portal on another origin call the API from the browser (CORS preflight and response)', async () => {
    const origin = 'https://portal.example.org';
    const preflight = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ place(name: "Tarnow") { id } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await response.json()).toEqual({ data: { place: { id: 'place:lau:PL:1263011' } } });
  });
});
