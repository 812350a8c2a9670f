import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@regiograph/lib';
import { createTestDatabase, type GraphQLResult, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { compose, containerEnv } from './support/compose.js';
import { readOperation } from './support/hub.js';
import { type Started, start } from './support/process.js';

// The standalone gateway and the five subgraphs as docker-compose.yml runs them: one Node process each, started
// with the service's `command` and the environment the image and compose give it (NODE_ENV, the HMAC secret's
// default, SEED, service names), so each subgraph migrates and seeds its own schema at start as in compose. Only
// what a container network provides differs: 127.0.0.1 and free ports instead of service names and fixed ports,
// and this test file's PostgreSQL database instead of the compose one. Needs the build (`npm test` runs it).
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Obj = Record<string, any>;

const root = join(__dirname, '..');
const HEAP_MB = 384;
const READY_MS = 90_000;

interface Running {
  name: string;
  process: Started;
  /** The port compose gives the service, and the one it listens on here. */
  composePort: number;
  port: number;
}

const running: Running[] = [];
let db: TestDatabase;
let gatewayUrl = '';

/** Starts a compose service's command with its container environment, `overrides` applied, and a heap cap. */
async function startService(name: string, overrides: Record<string, string>): Promise<Running> {
  const service = compose.services[name];
  const [node, script, ...rest] = service?.command ?? [];
  expect(node, `${name} runs node`).toBe('node');
  const env = { ...containerEnv(name), ...overrides };
  const composePort = Number(containerEnv(name).PORT);
  const port = Number(env.PORT);
  const proc = start(process.execPath, [`--max-old-space-size=${HEAP_MB}`, script ?? '', ...rest], env, root);
  const entry: Running = { name, process: proc, composePort, port };
  running.push(entry);
  await proc.waitFor(/ready at http:\/\/\S+/, READY_MS);
  await healthcheck(entry);
  return entry;
}

/** Runs the service's compose health check, pointed at the port it listens on here, and expects exit 0. */
async function healthcheck(entry: Running): Promise<void> {
  const [kind, ...command] = compose.services[entry.name]?.healthcheck?.test ?? [];
  expect(kind).toBe('CMD');
  const args = command.map((a) => a.replaceAll(`127.0.0.1:${entry.composePort}/`, `127.0.0.1:${entry.port}/`));
  expect(args.join(' '), `${entry.name}'s health check names its port`).toContain(`127.0.0.1:${entry.port}/`);
  const [node, ...rest] = args;
  expect(node).toBe('node');
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, rest, { timeout: 10_000 }, (error) =>
      error ? reject(new Error(`${entry.name}: health check failed: ${error.message}\n${entry.process.output()}`)) : resolve(),
    ),
  );
}

/** A compose URL naming a service (`http://organisations:4001/graphql`) as it is reached here. */
function localUrl(value: string): string {
  const url = new URL(value);
  const target = running.find((r) => r.name === url.hostname);
  if (!target) return value;
  expect(Number(url.port), `${value} names the port ${target.name} listens on in compose`).toBe(target.composePort);
  url.hostname = '127.0.0.1';
  url.port = String(target.port);
  return url.toString();
}

beforeAll(async () => {
  db = await createTestDatabase('standalone');
  // As compose starts them once PostgreSQL is healthy: all five at once, then the gateway once they are healthy.
  await Promise.all(
    SUBGRAPHS.map(async (module) => startService(module.name, { PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: db.url })),
  );
  const gatewayEnv = containerEnv('gateway');
  const urls = Object.fromEntries(
    Object.entries(gatewayEnv)
      .filter(([, value]) => /^https?:\/\//.test(value))
      .map(([key, value]) => [key, localUrl(value)]),
  );
  const gateway = await startService('gateway', { ...urls, PORT: String(await freePort()), HOST: '127.0.0.1' });
  gatewayUrl = `http://127.0.0.1:${gateway.port}/graphql`;
}, 240_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.process.stop()));
  await db?.drop();
}, 60_000);

async function post(url: string, body: unknown): Promise<{ status: number; body: GraphQLResult<Obj> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResult<Obj> };
}

describe('the standalone gateway and subgraphs, as docker-compose.yml runs them', () => {
  it('answers CityProfile with its example variables: Tarnów, its government, its network and the meeting it hosted', async () => {
    const document = readOperation('CityProfile');
    const example = /^# Example variables: (.+)$/m.exec(document)?.[1];
    const variables = JSON.parse(example ?? 'null') as Record<string, unknown>;
    expect(variables).toEqual({ name: 'Tarnów' });
    const { status, body } = await post(gatewayUrl, { query: document, variables, operationName: 'CityProfile' });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const place = body.data?.place as Obj;
    // Expected values written from seeds/organisations.yaml and seeds/events.yaml.
    expect(place).toMatchObject({ id: 'place:lau:PL:1263011', name: 'Tarnów', kind: 'MUNICIPALITY', lauCode: '1263011' });
    expect(place.parent).toMatchObject({ id: 'place:nuts:PL217', name: 'Tarnowski', nutsCode: 'PL217', kind: 'NUTS3' });
    expect(place.country).toMatchObject({ id: 'place:country:PL' });
    const government = place.government as Obj;
    expect(government).toMatchObject({ id: 'org:municipality:PL:1263011', name: 'Gmina Miasta Tarnowa', nameEn: 'City of Tarnów' });
    expect(government.identifiers).toContainEqual({ scheme: 'teryt', value: '1263011' });
    expect(government.sources.map((s: Obj) => s.id)).toContain('src:zmp-miasto-przedsiebiorcze-tarnow-2023');
    const article = government.sources.find((s: Obj) => s.id === 'src:zmp-miasto-przedsiebiorcze-tarnow-2023');
    expect(article).toMatchObject({
      kind: 'ARTICLE',
      title: 'Sieć Miasto Przedsiębiorcze o rozwoju biznesu opartego na współpracy z samorządem',
      publishedOn: '2023-06-12',
      language: 'pl',
    });
    expect(government.networks).toContainEqual({
      role: 'MEMBER',
      basis: "Hosted the network's June 2023 meeting and presented its own entrepreneurship support at the May 2023 online meeting.",
      network: {
        id: 'network:empirie:miasto-przedsiebiorcze',
        name: 'MIASTO PRZEDSIĘBIORCZE',
        nameEn: 'ENTREPRENEURIAL CITY',
        themeEn: 'Local entrepreneurship and tourism',
        family: { id: 'network:empirie', name: 'EMPIRIE – Sieci Wymiany Doświadczeń' },
        coordinator: { id: 'org:PL:zwiazek-miast-polskich', name: 'Związek Miast Polskich' },
      },
    });
    // The events subgraph, reached by the gateway with signed _entities calls (the compose HMAC secret).
    const meeting = (government.events as Obj[]).find((e) => e.id === 'event:2023-06-01:miasto-przedsiebiorcze-tarnow');
    expect(meeting).toMatchObject({
      name: 'MIASTO PRZEDSIĘBIORCZE network meeting in Tarnów',
      kind: 'NETWORK_MEETING',
      status: 'HELD',
      startDate: '2023-06-01',
      endDate: '2023-06-02',
      place: { id: 'place:lau:PL:1263011', name: 'Tarnów' },
      host: { id: 'org:municipality:PL:1263011', name: 'Gmina Miasta Tarnowa' },
      organisingNetwork: { id: 'network:empirie:miasto-przedsiebiorcze', name: 'MIASTO PRZEDSIĘBIORCZE' },
    });
    expect(meeting?.participants).toContainEqual({
      role: 'HOST',
      organisation: { id: 'org:municipality:PL:1263011', name: 'Gmina Miasta Tarnowa' },
    });
  });

  it('has every subgraph refuse an unsigned _entities call, as the compose secret makes it', async () => {
    for (const r of running.filter((s) => s.name !== 'gateway')) {
      const { status, body } = await post(`http://127.0.0.1:${r.port}/graphql`, {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        variables: { r: [] },
      });
      expect(status, r.name).toBe(401);
      expect(body.errors?.[0]?.extensions?.code, r.name).toBe('SIGNATURE_MISSING');
    }
  });

  it('runs the gateway in production mode, as the image and compose set it: introspection is refused', async () => {
    const { body } = await post(gatewayUrl, { query: '{ __schema { queryType { name } } }' });
    expect(body.data?.__schema).toBeUndefined();
    expect(body.errors?.length).toBeGreaterThan(0);
  });
});
