import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGateway, listenGateway } from '@regiograph/gateway';
import { ConfigError, readTelemetryConfig, repoRoot } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from './support/hub.js';
import { runNode } from './support/run-node.js';

// Telemetry is process-global (the OpenTelemetry SDK patches http and pg as they load), so every case runs
// the built hub as `npm start` does, in a child process with a heap cap, and looks at what leaves it: OTLP
// requests to a small receiver, /metrics, and stdout.
const root = join(__dirname, '..');
const SUBGRAPHS = ['organisations', 'projects', 'funding', 'events', 'outcomes'];

interface Post {
  path: string;
  type: string;
  body: Buffer;
}

/** A stand-in OpenTelemetry collector: records every OTLP/HTTP request it gets. */
async function startReceiver(): Promise<{ url: string; posts: Post[]; close(): Promise<void> }> {
  const posts: Post[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface HubProcess {
  /** The gateway's origin, e.g. http://localhost:41234 */
  gateway: string;
  subgraphs: Record<string, string>;
  stdout: () => string[];
  stop(): Promise<void>;
}

async function spawnHub(env: Record<string, string>): Promise<HubProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--max-old-space-size=768', join(root, 'hub', 'dist', 'main.js')],
    {
      env: { PATH: process.env.PATH ?? '', GATEWAY_PORT: '0', SUBGRAPH_PORT_BASE: '0', ...env },
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gateway = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub not ready: ${out} ${err}`)), 60_000);
    const check = () => {
      const match = /Regiograph ready in .* at (http:\/\/\S+)\/graphql/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${out} ${err}`)));
  });
  const subgraphs = Object.fromEntries([...out.matchAll(/subgraph (\w+)\s+(http:\/\/\S+)\/graphql/g)].map((m) => [m[1], m[2]]));
  return {
    gateway,
    subgraphs: subgraphs as Record<string, string>,
    stdout: () => out.split('\n').filter(Boolean),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function metrics(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}'));
    const pairs = Object.fromEntries([...inside.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => pairs[k] === v)) return Number(line.slice(line.lastIndexOf('}') + 1));
  }
  return 0;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  scope: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** Spans of OTLP/HTTP JSON export requests (ExportTraceServiceRequest). */
function jsonSpans(posts: Post[]): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const p of posts) {
    if (!p.type.includes('json')) continue;
    const request = JSON.parse(p.body.toString('utf8')) as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: Record<string, unknown> }> };
        scopeSpans: Array<{
          scope: { name: string };
          spans: Array<{
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            name: string;
            attributes: Array<{ key: string; value: Record<string, unknown> }>;
          }>;
        }>;
      }>;
    };
    for (const rs of request.resourceSpans) {
      const service = String(Object.values(rs.resource.attributes.find((a) => a.key === 'service.name')?.value ?? {})[0]);
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            scope: ss.scope.name,
            service,
            attributes: Object.fromEntries(s.attributes.map((a) => [a.key, Object.values(a.value)[0]])),
          });
        }
      }
    }
  }
  return spans;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('telemetry');
});
afterAll(async () => {
  await db?.drop();
});

describe('a hub with OTEL_EXPORTER_OTLP_ENDPOINT set (OTLP/HTTP JSON) in production mode', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hub: HubProcess;
  const requestId = 'telemetry-test-cityprofile-1';
  let city: { status: number; json: Record<string, unknown> };
  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await spawnHub({
      DATABASE_URL: db.url,
      NODE_ENV: 'production',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    // A spelling no document or seed contains, to show variables stay out of spans and logs.
    city = await post(
      `${hub.gateway}/graphql`,
      { query: readOperation('CityProfile'), variables: { name: 'tArNoW' }, operationName: 'CityProfile' },
      { 'x-request-id': requestId },
    );
  });
  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
  });

  it('exports the gateway spans, the subgraph spans and their SQL spans of one CityProfile request in one trace', async () => {
    expect(city.status).toBe(200);
    expect((city.json.data as { place: { name: string } }).place.name).toBe('Tarnów');
    const spans = await waitFor('the spans of every subgraph', () => {
      const all = jsonSpans(receiver.posts);
      const sql = new Set(
        all
          .filter((s) => s.scope.includes('instrumentation-pg') && s.attributes['regiograph.request_id'] === requestId)
          .map((s) => s.attributes['regiograph.service']),
      );
      const root = all.find((s) => s.name === 'POST /graphql' && s.attributes['hive.request.id'] === requestId);
      return root && SUBGRAPHS.every((n) => sql.has(n)) ? all : undefined;
    });
    expect(receiver.posts.every((p) => p.path === '/v1/traces')).toBe(true);
    const root = spans.find((s) => s.name === 'POST /graphql' && s.attributes['hive.request.id'] === requestId);
    const trace = spans.filter((s) => s.traceId === root?.traceId);
    // Everything this request caused, in every service, is in that one trace.
    expect(spans.filter((s) => s.attributes['regiograph.request_id'] === requestId).every((s) => s.traceId === root?.traceId)).toBe(true);
    expect(new Set(trace.map((s) => s.attributes['regiograph.service']))).toEqual(new Set(['gateway', ...SUBGRAPHS]));
    expect(trace.every((s) => s.service === 'regiograph')).toBe(true);
    expect(trace.some((s) => s.name === 'graphql.operation CityProfile')).toBe(true);
    // Each subgraph's server span is a child of one of the gateway's upstream calls (W3C traceparent over HTTP),
    // and each SQL statement a descendant of a subgraph server span.
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const fetches = new Set(trace.filter((s) => s.name === 'http.fetch').map((s) => s.spanId));
    const servers = trace.filter((s) => s.scope.includes('instrumentation-http') && s.attributes['regiograph.service'] !== 'gateway');
    expect(new Set(servers.map((s) => s.attributes['regiograph.service']))).toEqual(new Set(SUBGRAPHS));
    for (const server of servers) expect(fetches.has(server.parentSpanId), server.name).toBe(true);
    const sql = trace.filter((s) => s.scope.includes('instrumentation-pg') && s.name.startsWith('pg.query'));
    expect(sql.length).toBeGreaterThanOrEqual(SUBGRAPHS.length);
    for (const statement of sql) {
      let up = byId.get(statement.parentSpanId);
      while (up && !up.scope.includes('instrumentation-http')) up = byId.get(up.parentSpanId);
      expect(up?.attributes['regiograph.service'], statement.name).toBe(statement.attributes['regiograph.service']);
      // Queries, and the session's statement_timeout set when a connection is first used.
      expect(String(statement.attributes['db.query.text'])).toMatch(/select|with|^set statement_timeout/i);
    }
    // The SQL text is the statement with placeholders; no span carries the request's variables.
    expect(JSON.stringify(trace.map((s) => s.attributes))).not.toContain('tArNoW');
  });

  it('sends the request ID to the subgraphs and returns it to the client', async () => {
    const answer = await fetch(`${hub.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'telemetry-test-2' },
      body: JSON.stringify({ query: '{ place(name: "tarnow") { name projects { acronym } } }' }),
    });
    expect(answer.headers.get('x-request-id')).toBe('telemetry-test-2');
    const servers = await waitFor('subgraph spans of the second request', () => {
      const found = jsonSpans(receiver.posts).filter(
        (s) => s.scope.includes('instrumentation-http') && s.attributes['regiograph.request_id'] === 'telemetry-test-2',
      );
      // Each service exports its spans on its own schedule: wait for all three, not for the first two.
      return new Set(found.map((s) => s.attributes['regiograph.service'])).size >= 3 ? found : undefined;
    });
    expect(new Set(servers.map((s) => s.attributes['regiograph.service']))).toEqual(new Set(['gateway', 'organisations', 'projects']));
    // A request ID that is not a plain identifier is replaced, not carried into logs and spans.
    const hostile = await fetch(`${hub.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `evil ${'x'.repeat(300)}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON line per request to stdout with operation name, status, duration, request ID and trace ID, and no query or variables', async () => {
    const lines = await waitFor('the request line', () => {
      const found = hub.stdout().filter((l) => l.includes(requestId));
      return found.length > 0 ? found : undefined;
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      service: 'gateway',
      msg: 'request',
      requestId,
      operationName: 'CityProfile',
      operationType: 'query',
      status: 200,
      errors: 0,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
    // The spans are exported in batches: wait for this request's, whichever test ran first.
    const root = await waitFor('the request span', () =>
      jsonSpans(receiver.posts).find((s) => s.name === 'POST /graphql' && s.attributes['hive.request.id'] === requestId),
    );
    expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(line.traceId).toBe(root?.traceId);
    expect(lines[0]).not.toContain('tArNoW');
    expect(lines[0]).not.toContain('government');
  });

  it("counts requests, latency and errors by extensions.code on the gateway's /metrics, with bounded labels", async () => {
    const before = await metrics(hub.gateway);
    const refused = await post(`${hub.gateway}/graphql`, { query: 'query Evil_Name_123 { nope }', operationName: 'Evil_Name_123' });
    expect(JSON.stringify(refused.json)).toContain('GRAPHQL_VALIDATION_FAILED');
    const failed = await post(`${hub.gateway}/graphql`, { query: '{ events(from: "2020-01-01", to: "not-a-date") { id } }' });
    expect((failed.json.errors as unknown[]).length).toBeGreaterThan(0);
    const after = await metrics(hub.gateway);
    expect(sample(after, 'regiograph_gateway_requests_total', { operation: 'CityProfile', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'regiograph_gateway_request_duration_seconds_count', { operation: 'CityProfile' })).toBeGreaterThanOrEqual(1);
    const validation = { code: 'GRAPHQL_VALIDATION_FAILED' };
    expect(
      sample(after, 'regiograph_gateway_errors_total', validation) - sample(before, 'regiograph_gateway_errors_total', validation),
    ).toBe(1);
    // A name a client made up is counted as "other", never as a label of its own.
    expect(after).not.toContain('Evil_Name_123');
    expect(
      sample(after, 'regiograph_gateway_requests_total', { operation: 'other' }) -
        sample(before, 'regiograph_gateway_requests_total', { operation: 'other' }),
    ).toBe(1);
    const events = { subgraph: 'events' };
    expect(
      sample(after, 'regiograph_gateway_subgraph_errors_total', events) -
        sample(before, 'regiograph_gateway_subgraph_errors_total', events),
    ).toBe(1);
    expect(after).toContain('graphql_gateway_subgraph_execute_duration_count{subgraphName="organisations"');
    expect(after).toContain('graphql_envelop_phase_validate_count');
    expect(after).toContain('process_resident_memory_bytes');
    // /metrics is on the public port: no subgraph address in it.
    expect(after).not.toMatch(/127\.0\.0\.1|localhost:\d+|http:\/\//);
  });

  it("counts requests, latency, errors and the database pool on each subgraph's /metrics", async () => {
    const origin = hub.subgraphs.organisations ?? '';
    const before = await metrics(origin);
    const refused = await post(`${origin}/graphql`, { query: '{ nope }' });
    expect(refused.status).toBe(400);
    const after = await metrics(origin);
    const labels = { subgraph: 'organisations' };
    expect(sample(after, 'regiograph_subgraph_requests_total', { ...labels, kind: 'query', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'regiograph_subgraph_requests_total', { ...labels, kind: 'entities', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'regiograph_subgraph_request_duration_seconds_count', { ...labels, kind: 'query' })).toBeGreaterThanOrEqual(1);
    const code = { ...labels, code: 'GRAPHQL_VALIDATION_FAILED' };
    expect(sample(after, 'regiograph_subgraph_errors_total', code) - sample(before, 'regiograph_subgraph_errors_total', code)).toBe(1);
    expect(sample(after, 'regiograph_subgraph_db_pool_size', labels)).toBeGreaterThan(0);
    expect(after).toContain('regiograph_subgraph_db_pool_used{subgraph="organisations"}');
    // Each subgraph's endpoint shows its own series only.
    expect(after).not.toContain('subgraph="projects"');
  });
});

describe('a hub exporting with the default OTLP protocol (http/protobuf)', () => {
  it("continues the client's trace (W3C traceparent) through the gateway, the subgraphs and their SQL", async () => {
    const receiver = await startReceiver();
    const hub = await spawnHub({
      DATABASE_URL: db.url,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const answer = await post(
        `${hub.gateway}/graphql`,
        { query: readOperation('CityProfile'), variables: { name: 'Tarnow' }, operationName: 'CityProfile' },
        { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      );
      expect(answer.status).toBe(200);
      // Protobuf carries the trace ID as its 16 raw bytes and names as UTF-8: count what the trace holds.
      const id = Buffer.from(traceId, 'hex');
      const occurrences = (body: Buffer): number => {
        let count = 0;
        for (let at = body.indexOf(id); at >= 0; at = body.indexOf(id, at + 1)) count += 1;
        return count;
      };
      // Six processes flush their batches on their own clocks: wait until every one has sent its part
      // (each subgraph's name and its SQL) and the trace holds more than 20 spans, not for the first batch.
      const withTrace = await waitFor('more than 20 protobuf spans of the trace, from every subgraph', () => {
        const found = receiver.posts.filter((p) => p.body.includes(id));
        const body = Buffer.concat(found.map((p) => p.body));
        const complete = SUBGRAPHS.every((n) => body.includes(n)) && body.includes('pg.query');
        return complete && occurrences(body) > 20 ? found : undefined;
      });
      expect(withTrace.every((p) => p.type === 'application/x-protobuf' && p.path === '/v1/traces')).toBe(true);
      const body = Buffer.concat(withTrace.map((p) => p.body));
      expect(occurrences(body)).toBeGreaterThan(20);
      expect(body.includes('subgraph.execute')).toBe(true);
    } finally {
      await hub.stop();
      await receiver.close();
    }
  });
});

describe('telemetry off', () => {
  it('sends nothing when OTEL_SDK_DISABLED=true, and logs stay plain outside production', async () => {
    const receiver = await startReceiver();
    const hub = await spawnHub({
      DATABASE_URL: db.url,
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const answer = await post(`${hub.gateway}/graphql`, {
        query: readOperation('CityProfile'),
        variables: { name: 'Tarnow' },
        operationName: 'CityProfile',
      });
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.posts).toEqual([]);
      expect(hub.stdout().some((l) => l.startsWith('{'))).toBe(false);
      // Metrics do not depend on tracing.
      expect(sample(await metrics(hub.gateway), 'regiograph_gateway_requests_total', { operation: 'CityProfile', status: '200' })).toBe(1);
    } finally {
      await hub.stop();
      await receiver.close();
    }
  });

  // What the register module loads, seen from inside a process started like a service.
  const probe = `require(${JSON.stringify(join(root, 'lib', 'dist', 'telemetry-register.js'))});
const pg = require('pg'); require('http');
console.log(JSON.stringify({
  sdk: Object.keys(require.cache).some((k) => k.includes('@opentelemetry/sdk-node')),
  pgPatched: typeof pg.Client.prototype.query.__wrapped === 'boolean' || typeof pg.Client.prototype.query.__original === 'function',
}));`;

  it('loads no OpenTelemetry SDK and patches nothing when no OTEL_* variable asks for an exporter', async () => {
    const off = await runNode(['-e', probe], { OTEL_SERVICE_NAME: 'just-a-name', OTEL_TRACES_SAMPLER: 'always_on' }, 30_000);
    expect(off.stderr).toBe('');
    expect(JSON.parse(off.stdout)).toEqual({ sdk: false, pgPatched: false });
    // The same probe sees the SDK and the patched driver when an endpoint is set (nothing listens there).
    const on = await runNode(['-e', probe], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, 30_000);
    expect(JSON.parse(on.stdout)).toEqual({ sdk: true, pgPatched: true });
  });
});

describe('telemetry settings', () => {
  it('turns tracing on only for an OTLP endpoint or an exporter, and off with OTEL_SDK_DISABLED', () => {
    expect(readTelemetryConfig({}).tracing).toBe(false);
    expect(readTelemetryConfig({ OTEL_SERVICE_NAME: 'x' }).tracing).toBe(false);
    expect(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({
      tracing: true,
      exporters: ['otlp'],
      protocol: 'http/protobuf',
    });
    expect(
      readTelemetryConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }),
    ).toMatchObject({
      tracing: true,
      protocol: 'http/json',
    });
    expect(readTelemetryConfig({ OTEL_TRACES_EXPORTER: 'console' })).toMatchObject({ tracing: true, exporters: ['console'] });
    expect(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBe(false);
    expect(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBe(false);
    expect(readTelemetryConfig({ NODE_ENV: 'production' }).jsonLogs).toBe(true);
    expect(readTelemetryConfig({ NODE_ENV: 'development' }).jsonLogs).toBe(false);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://c/v1/traces' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED'],
  ])('rejects %o naming %s', (env, variable) => {
    expect(() => readTelemetryConfig(env)).toThrow(ConfigError);
    expect(() => readTelemetryConfig(env)).toThrow(variable);
  });

  it('stops the hub with one line naming the variable when a telemetry setting is malformed', async () => {
    const { code, stderr } = await runNode([join(root, 'hub', 'dist', 'main.js')], {
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Regiograph failed to start: OTEL_TRACES_SAMPLER must be one of /)]);
  });
});

describe("the gateway's subgraph failure counters", () => {
  it('count an unreachable subgraph and a timed-out call by subgraph and code, and the timeout as a timeout', async () => {
    // A closed port for events; outcomes answers every call as a timed-out upstream call would end.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: null, errors: [{ message: 'upstream request timed out', extensions: { code: 'TIMEOUT_ERROR' } }] }));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
    const gateway = await listenGateway(
      createGateway({
        supergraphPath: join(repoRoot(), 'schema', 'supergraph.graphql'),
        subgraphUrls: {
          events: `http://127.0.0.1:${closedPort}/graphql`,
          outcomes: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/graphql`,
        },
      }),
      0,
      '127.0.0.1',
    );
    try {
      const origin = gateway.url.replace(/\/graphql$/, '');
      const down = await post(gateway.url, { query: '{ events(from: "2020-01-01", to: "2020-12-31") { id } }' });
      expect((down.json.errors as unknown[]).length).toBeGreaterThan(0);
      const timedOut = await post(gateway.url, { query: '{ outcomes(limit: 1) { id } }' });
      expect(JSON.stringify(timedOut.json)).toContain('TIMEOUT_ERROR');
      const text = await metrics(origin);
      const eventsErrors = text.split('\n').filter((l) => l.startsWith('regiograph_gateway_subgraph_errors_total{subgraph="events"'));
      expect(eventsErrors.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0)).toBe(1);
      expect(sample(text, 'regiograph_gateway_subgraph_errors_total', { subgraph: 'outcomes', code: 'TIMEOUT_ERROR' })).toBe(1);
      expect(sample(text, 'regiograph_gateway_subgraph_timeouts_total', { subgraph: 'outcomes' })).toBe(1);
      expect(sample(text, 'regiograph_gateway_subgraph_timeouts_total', { subgraph: 'events' })).toBe(0);
    } finally {
      await gateway.stop();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

describe('the gateway alone in production', () => {
  it("logs a failed subgraph call as one JSON error line without the request's query or variables", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const child = spawn(process.execPath, ['--max-old-space-size=512', join(root, 'gateway', 'dist', 'main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        ORGANISATIONS_URL: `http://127.0.0.1:${closedPort}/graphql`,
      },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    try {
      // As long as the other start-ups here are given (60 s): on a busy machine a start can take more than 15 s.
      const url = await waitFor('the gateway', () => /ready at (http:\/\/\S+)/.exec(out)?.[1], 60_000);
      const answer = await post(url, {
        query: 'query Look($n: String!) { place(name: $n) { name } }',
        variables: { n: 'SECRET-VALUE-42' },
      });
      expect((answer.json.errors as unknown[]).length).toBeGreaterThan(0);
      const lines = await waitFor('the request line', () => {
        const json = out.split('\n').filter((l) => l.startsWith('{'));
        return json.some((l) => l.includes('"msg":"request"')) ? json.map((l) => JSON.parse(l) as Record<string, unknown>) : undefined;
      });
      const failure = lines.find((l) => l.level === 'error');
      // The gateway's partial-answer plugin logs which subgraph failed and how, never what was asked of it.
      expect(failure).toMatchObject({ service: 'gateway', subgraph: 'organisations', code: 'SUBREQUEST_HTTP_ERROR' });
      expect(lines.find((l) => l.msg === 'request')).toMatchObject({ operationName: 'Look', errors: 1 });
      expect(out).not.toContain('SECRET-VALUE-42');
      expect(out).not.toContain('place(name');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
