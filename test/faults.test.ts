import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureOf } from '@regiograph/lib';
import { createTestDatabase, type GraphQLResult, type TestDatabase } from '@regiograph/lib/testing';
import { freePort } from '@regiograph/lib';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { readOperation } from './support/hub.js';
import { runNode } from './support/run-node.js';

// Faults with every service in a process of its own, as docker-compose runs them: subgraphs killed, frozen,
// their database connections cut, SIGTERM during a request; plus what a subgraph refuses on its own port.
// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

const root = join(__dirname, '..');
const SECRET = 'faults-test-secret-0123456789';
const MEETING = 'event:2023-06-01:miasto-przedsiebiorcze-tarnow';

interface Service {
  name: string;
  child: ChildProcess;
  url: string;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

const running: Service[] = [];

/** The local addresses the kernel lists as LISTENing on `port` (IPv4), e.g. ["0100007F:1F90"] for 127.0.0.1. */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
    .map((cols) => (cols[1] === `0100007F:${hexPort}` ? '127.0.0.1' : cols[1] === `00000000:${hexPort}` ? '0.0.0.0' : (cols[1] ?? '')));
}

/** Starts `node <script>` with a heap cap and only the given variables, and waits for its "ready at" line. */
async function spawnService(name: string, script: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--max-old-space-size=512', join(root, script)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: Service = { name, child, url: '', port: 0, output: () => out, exited };
  // Listed before it is ready, so that the clean-up also stops one that never got there.
  running.push(service);
  service.url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no ready line within 60 s: ${out}`)), 60_000);
    const check = () => {
      const match = /ready (?:in \S+ )?at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
  service.port = Number(new URL(service.url).port);
  return service;
}

const subgraphEnv = (db: TestDatabase, extra: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  PORT: '0',
  SEED: 'if-empty',
  HMAC_SECRET: SECRET,
  ...extra,
});

async function spawnGateway(subgraphs: Service[], extra: Record<string, string> = {}): Promise<Service> {
  const urls = Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
  return spawnService('gateway', 'gateway/dist/main.js', {
    PORT: '0',
    HMAC_SECRET: SECRET,
    UPSTREAM_TIMEOUT_MS: '1500',
    ...urls,
    ...extra,
  });
}

/**
 * Fresh processes of the subgraphs a test is about to kill or stop, and a gateway of its own in front of them and
 * the shared others: the shared gateway and subgraphs stay up for the tests that run after it, in any order.
 */
async function ownStack(names: string[]): Promise<{ gateway: Service; subgraphs: Record<string, Service> }> {
  const own = { ...subgraphs };
  for (const name of names) own[name] = await spawnService(name, `subgraphs/${name}/dist/main.js`, subgraphEnv(db));
  return { subgraphs: own, gateway: await spawnGateway(Object.values(own)) };
}

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResult<Obj> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as GraphQLResult<Obj> };
}

/** Holds an exclusive lock on the places table, so every statement reading it waits until `release`. */
async function lockPlaces() {
  const locker = new Client({ connectionString: db.url });
  await locker.connect();
  await locker.query('begin');
  await locker.query('lock table organisations.place in access exclusive mode');
  return {
    async waitForWaiters(count = 1) {
      for (let i = 0; i < 100; i += 1) {
        const { rows } = await pg.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`fewer than ${count} statements are waiting on the lock`);
    },
    async release() {
      await locker.query('rollback');
      await locker.end();
    },
  };
}

const cityProfile = (url: string, name = 'Tarnów') =>
  post(url, { query: readOperation('CityProfile'), variables: { name }, operationName: 'CityProfile' });

let db: TestDatabase;
let pg: Client;
const subgraphs: Record<string, Service> = {};
let gateway: Service;

beforeAll(async () => {
  db = await createTestDatabase('faults');
  // One after another: migrations and seeds never interleave (the PGlite fallback has a single session).
  for (const module of SUBGRAPHS) {
    subgraphs[module.name] = await spawnService(module.name, `subgraphs/${module.name}/dist/main.js`, subgraphEnv(db));
  }
  gateway = await spawnGateway(Object.values(subgraphs));
  pg = new Client({ connectionString: db.url });
  await pg.connect();
});

afterAll(async () => {
  for (const s of running) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGCONT');
      s.child.kill('SIGKILL');
    }
  }
  await Promise.all(running.map((s) => s.exited));
  await pg?.end();
  await db?.drop();
});

describe('a subgraph on its own port', () => {
  it('listens on 127.0.0.1 only unless HOST says otherwise, as does the gateway run alone', () => {
    const service = subgraphs.projects as Service;
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // The kernel's table of listening TCP sockets: bound to 127.0.0.1, not 0.0.0.0.
    expect(listeningOn(service.port)).toEqual(['127.0.0.1']);
    expect(listeningOn(gateway.port)).toEqual(['127.0.0.1']);
  });

  it('refuses a connection on the machine’s other addresses', async () => {
    const service = subgraphs.projects as Service;
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    // Without a network interface there is no other address to try; the test above still checks the binding.
    const refused = await new Promise<string>((resolve) => {
      if (!external) return resolve('ECONNREFUSED');
      const socket = connect(service.port, external);
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses unsigned _entities and _service calls with 401 when HMAC_SECRET is set, and answers signed ones', async () => {
    const url = (subgraphs.organisations as Service).url;
    const entities = {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { name } } }',
      variables: { r: [{ __typename: 'Place', id: 'place:lau:PL:1263011' }] },
    };
    const service = { query: '{ _service { sdl } }' };

    const unsigned = await post(url, entities);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors?.[0]?.extensions?.code).toBe('SIGNATURE_MISSING');
    expect(unsigned.body.data).toBeUndefined();
    expect((await post(url, service)).status).toBe(401);
    // Hidden behind a fragment and an alias, it is still _entities.
    const hidden = await post(url, {
      ...entities,
      query: 'query($r: [_Any!]!) { ...F } fragment F on Query { x: _entities(representations: $r) { __typename } }',
    });
    expect(hidden.status).toBe(401);

    const forged = await post(url, {
      ...entities,
      extensions: { 'hmac-signature': signatureOf('another-secret-of-some-length', entities.query, entities.variables) },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('SIGNATURE_INVALID');
    // A signature of other variables does not cover these.
    const replayed = await post(url, { ...entities, extensions: { 'hmac-signature': signatureOf(SECRET, entities.query, { r: [] }) } });
    expect(replayed.status).toBe(401);

    const signed = await post(url, {
      ...entities,
      extensions: { 'hmac-signature': signatureOf(SECRET, entities.query, entities.variables) },
    });
    expect(signed.status).toBe(200);
    expect(signed.body.data).toEqual({ _entities: [{ name: 'Tarnów' }] });
    const sdl = await post(url, { ...service, extensions: { 'hmac-signature': signatureOf(SECRET, service.query, undefined) } });
    expect(sdl.status).toBe(200);
    expect(sdl.body.data?._service.sdl).toContain('type Place');
    // Ordinary fields need no signature.
    expect((await post(url, { query: '{ place(name: "Tarnów") { name } }' })).body.data).toEqual({ place: { name: 'Tarnów' } });
  });

  it('gets the gateway’s signed calls through, and refuses a gateway with another secret', async () => {
    const ok = await cityProfile(gateway.url);
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data?.place.government.name).toBe('Gmina Miasta Tarnowa');

    const stranger = await spawnGateway(Object.values(subgraphs), { HMAC_SECRET: 'not-the-subgraphs-secret-at-all' });
    try {
      const refused = await cityProfile(stranger.url);
      // The place and its government come from the organisations subgraph's root field (no _entities); what the
      // other subgraphs add to them goes through _entities, which they refuse: a partial answer.
      expect(refused.body.errors?.length).toBeGreaterThan(0);
      expect(ok.body.data?.place.events?.length).toBeGreaterThan(0);
      expect(refused.body.data?.place?.events ?? null).toBeNull();
      expect(refused.body.data?.place?.government?.partnerships ?? null).toBeNull();
    } finally {
      stranger.child.kill('SIGTERM');
      expect(await stranger.exited).toBe(0);
    }
  });

  it('answers 413 with a code above MAX_BODY_BYTES, declared or streamed, and keeps answering', async () => {
    const url = (subgraphs.funding as Service).url;
    const big = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1024 * 1024 + 1) } });
    // Several times: the subgraph must let the client finish sending before it closes, or the client's write
    // races the close and fails with EPIPE instead of reading the 413 (seen once in CI on a loaded machine).
    for (let i = 0; i < 8; i += 1) {
      const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as GraphQLResult).errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    }

    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 24; i += 1) controller.enqueue(chunk); // 1.5 MB without a Content-Length
        controller.close();
      },
    });
    const streamed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.body?.cancel();

    expect((await post(url, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses more than MAX_REPRESENTATIONS representations in one _entities call with 400 and a code', async () => {
    const url = (subgraphs.organisations as Service).url;
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
    const call = (n: number) => {
      const variables = { r: Array.from({ length: n }, (_, i) => ({ __typename: 'Place', id: `place:test:${i}` })) };
      return post(url, { query, variables, extensions: { 'hmac-signature': signatureOf(SECRET, query, variables) } });
    };
    const over = await call(2001);
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REPRESENTATIONS');
    expect(over.body.errors?.[0]?.message).toContain('2001');
    expect(over.body.errors?.[0]?.message).toContain('2000');
    const at = await call(2000);
    expect(at.status).toBe(200);
    expect(at.body.data?._entities).toHaveLength(2000);
  });
});

describe('one expensive request', () => {
  it('does not keep a normal CityProfile from answering while it runs', async () => {
    // Enough organisations that a name search scans for a noticeable time (about the open data's size).
    await pg.query(`insert into organisations.organisation (id, name, kind, alt_names, search_keys, source_ids)
      select 'org:faults:' || g, 'Faults test body ' || g, 'OTHER', '{}', array['faults test body ' || g, md5(g::text)], '{}'
      from generate_series(1, 60000) g`);
    await pg.query('analyze organisations.organisation');
    try {
      // A request at the limits: as many aliases of a search as the gateway accepts (MAX_ALIASES, 30),
      // each one statement: six times the pool of five.
      const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: organisations(name: "zz${i}q") { id }`).join(' ');
      const t00 = performance.now();
      expect((await cityProfile(gateway.url)).body.errors).toBeUndefined();
      const aloneMs = performance.now() - t00;
      const t0 = performance.now();
      const heavy = post(gateway.url, { query: `{ ${aliases} }` }).then((r) => ({ ...r, ms: performance.now() - t0 }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const t1 = performance.now();
      const normal = await cityProfile(gateway.url);
      const normalMs = performance.now() - t1;
      const done = await heavy;
      const codes = new Set((done.body.errors ?? []).map((e) => e.extensions?.code));
      console.log(
        `CityProfile answered in ${normalMs.toFixed(0)} ms while 30 searches ran (alone: ${aloneMs.toFixed(0)} ms; the searches took ${done.ms.toFixed(0)} ms; ` +
          `${done.body.errors?.length ?? 0} of them refused with ${[...codes].join(', ') || 'no code'})`,
      );
      expect(normal.body.errors).toBeUndefined();
      expect(normal.body.data?.place.government.name).toBe('Gmina Miasta Tarnowa');
      // The expensive request's parts that waited too long end with a code, never "Internal error".
      for (const code of codes) expect(['DATABASE_BUSY', 'DATABASE_TIMEOUT', 'SUBGRAPH_TIMEOUT']).toContain(code);
    } finally {
      await pg.query(`delete from organisations.organisation where id like 'org:faults:%'`);
    }
  });
});

describe('the database', () => {
  it('recovers on the next request after every backend of the subgraphs is terminated', async () => {
    expect((await cityProfile(gateway.url)).body.errors).toBeUndefined();
    const { rows } = await pg.query<{ pid: number; terminated: boolean }>(
      'select pid, pg_terminate_backend(pid) as terminated from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    expect(rows.filter((r) => r.terminated).length).toBeGreaterThan(0);
    // pg_terminate_backend only signals: wait until those backends are gone, so the next request meets
    // connections that are closed, not ones still closing.
    const pids = rows.map((r) => r.pid);
    for (let i = 0; i < 100; i += 1) {
      const left = await pg.query('select 1 from pg_stat_activity where pid = any($1)', [pids]);
      if (left.rowCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const next = await cityProfile(gateway.url);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.place.government.name).toBe('Gmina Miasta Tarnowa');
  });
});

describe('a database that is slow or busy', () => {
  it('ends a statement at DB_STATEMENT_TIMEOUT_MS and a wait for a connection at DB_ACQUIRE_TIMEOUT_MS, each with a code', async () => {
    const alone = await spawnService('organisations', 'subgraphs/organisations/dist/main.js', {
      ...subgraphEnv(db),
      DB_STATEMENT_TIMEOUT_MS: '1500',
      DB_POOL_SIZE: '2',
      DB_ACQUIRE_TIMEOUT_MS: '300',
    });
    const lock = await lockPlaces();
    try {
      // Two requests take the two connections and wait on the lock; a third waits for a connection.
      const query = { query: '{ place(name: "Tarnów") { name } }' };
      const first = post(alone.url, query);
      const second = post(alone.url, query);
      await lock.waitForWaiters(2);
      const third = await post(alone.url, query);
      expect(third.body.errors).toEqual([
        {
          message: 'Every database connection stayed busy for 300 ms; try again.',
          path: ['place'],
          locations: expect.any(Array),
          extensions: { code: 'DATABASE_BUSY' },
        },
      ]);
      for (const answer of await Promise.all([first, second])) {
        expect(answer.status).toBe(200);
        expect(answer.body.errors?.[0]).toMatchObject({
          message: 'A database statement ran longer than the statement timeout of 1500 ms; ask for less.',
          extensions: { code: 'DATABASE_TIMEOUT' },
        });
      }
    } finally {
      await lock.release();
      alone.child.kill('SIGTERM');
    }
    expect(await alone.exited).toBe(0);
  });
});

describe('a frozen subgraph', () => {
  it('ends in the upstream timeout with a code, quickly, and the gateway answers once it thaws', async () => {
    const events = subgraphs.events as Service;
    events.child.kill('SIGSTOP');
    try {
      const t0 = performance.now();
      const frozen = await post(gateway.url, { query: `{ place(name: "Tarnów") { name } event(id: "${MEETING}") { id } }` });
      const ms = performance.now() - t0;
      console.log(`frozen events subgraph: answered ${frozen.status} in ${ms.toFixed(0)} ms (UPSTREAM_TIMEOUT_MS=1500)`);
      expect(ms).toBeLessThan(8000); // below the 10 s default: the configured 1.5 s fired
      expect(frozen.status).toBe(200);
      expect(frozen.body.data).toEqual({ place: { name: 'Tarnów' }, event: null });
      expect(frozen.body.errors).toHaveLength(1);
      expect(frozen.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/did not answer within 1500 ms \(UPSTREAM_TIMEOUT_MS\)/),
        extensions: { code: 'SUBGRAPH_TIMEOUT' },
      });
      // Nothing about the subgraph behind it: no name, address or request.
      expect(JSON.stringify(frozen.body.errors)).not.toMatch(/serviceName|127\.0\.0\.1|hmac-signature|"events"/);
    } finally {
      events.child.kill('SIGCONT');
    }
    const thawed = await cityProfile(gateway.url);
    expect(thawed.body.errors).toBeUndefined();
  });

  it('ends at the request deadline with a GraphQL error and a code, never a hung socket', async () => {
    const deadlined = await spawnGateway(Object.values(subgraphs), { REQUEST_DEADLINE_MS: '1000', UPSTREAM_TIMEOUT_MS: '20000' });
    const events = subgraphs.events as Service;
    events.child.kill('SIGSTOP');
    try {
      const t0 = performance.now();
      const late = await post(deadlined.url, { query: `{ event(id: "${MEETING}") { id } }` });
      console.log(`request deadline 1000 ms: answered ${late.status} in ${(performance.now() - t0).toFixed(0)} ms`);
      expect(late.status).toBe(504);
      expect(late.body.errors?.[0]?.extensions?.code).toBe('GATEWAY_TIMEOUT');
      expect(late.body.errors?.[0]?.message).toContain('1000 ms');
    } finally {
      events.child.kill('SIGCONT');
      deadlined.child.kill('SIGTERM');
    }
    expect(await deadlined.exited).toBe(0);
  });
});

describe('a killed subgraph', () => {
  it('leaves the gateway answering 200 with the other subgraphs’ data and errors for its part', async () => {
    const own = await ownStack(['outcomes']);
    const outcomes = own.subgraphs.outcomes as Service;
    const before = await post(own.gateway.url, { query: '{ outcome(id: "outcome:public4msme:piaseczno-banner") { id } }' });
    expect(before.body.data?.outcome).toEqual({ id: 'outcome:public4msme:piaseczno-banner' });
    outcomes.child.kill('SIGKILL');
    await outcomes.exited;
    const res = await post(own.gateway.url, {
      query:
        '{ place(name: "Tarnów") { name } project(name: "PGI06047") { acronym } outcome(id: "outcome:public4msme:piaseczno-banner") { id } }',
    });
    expect(res.status).toBe(200);
    expect(res.body.data?.place).toEqual({ name: 'Tarnów' });
    expect(res.body.data?.project).toEqual({ acronym: 'ECoC-SME' });
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(res.body.data?.outcome).toBeNull();
    expect(res.body.errors?.some((e) => e.path?.[0] === 'outcome')).toBe(true);
  });
});

describe('SIGTERM', () => {
  it('lets a subgraph run alone finish the request in flight, then exit 0', async () => {
    const alone = await spawnService('organisations', 'subgraphs/organisations/dist/main.js', subgraphEnv(db));
    const lock = await lockPlaces();
    let released = false;
    try {
      const inFlight = post(alone.url, { query: '{ place(name: "Tarnów") { name } }' });
      await lock.waitForWaiters();
      alone.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(alone.child.exitCode).toBeNull(); // still draining
      await lock.release();
      released = true;
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ place: { name: 'Tarnów' } });
      expect(await alone.exited).toBe(0);
      expect(alone.output()).toMatch(/SIGTERM, finishing requests in flight/);
    } finally {
      if (!released) await lock.release();
    }
  });

  it('lets the gateway and the subgraph behind it finish a request in flight, then both exit 0', async () => {
    const own = await ownStack(['organisations']);
    const gateway = own.gateway;
    const organisations = own.subgraphs.organisations as Service;
    const lock = await lockPlaces();
    let released = false;
    try {
      const inFlight = post(gateway.url, { query: '{ place(name: "Tarnów") { name government { name } } }' });
      await lock.waitForWaiters();
      gateway.child.kill('SIGTERM');
      organisations.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(gateway.child.exitCode).toBeNull();
      expect(organisations.child.exitCode).toBeNull();
      // New connections are refused while draining.
      await expect(fetch(gateway.url, { method: 'POST', body: '{}' })).rejects.toThrow();
      await lock.release();
      released = true;
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ place: { name: 'Tarnów', government: { name: 'Gmina Miasta Tarnowa' } } });
      expect(await gateway.exited).toBe(0);
      expect(await organisations.exited).toBe(0);
    } finally {
      if (!released) await lock.release();
    }
  });

  it('stops the all-in-one hub on Ctrl-C with exit 0 and no stale lock of the embedded database', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-faults-'));
    try {
      const dataDir = join(dir, 'pglite');
      const hub = await spawnService('hub', 'hub/dist/main.js', {
        PGLITE_DIR: dataDir,
        PGLITE_PORT: String(await freePort()),
        GATEWAY_PORT: '0',
        SUBGRAPH_PORT_BASE: '0',
        HOST: '0.0.0.0',
      });
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      // npm start honours HOST for the gateway; its subgraphs stay on 127.0.0.1, where only the gateway calls them.
      expect(listeningOn(hub.port)).toEqual(['0.0.0.0']);
      const subgraphPorts = [...hub.output().matchAll(/subgraph \w+\s+http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(subgraphPorts).toHaveLength(5);
      for (const port of subgraphPorts) expect(listeningOn(port)).toEqual(['127.0.0.1']);
      expect((await cityProfile(hub.url)).body.data?.place.name).toBe('Tarnów');
      hub.child.kill('SIGINT');
      expect(await hub.exited).toBe(0);
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad limit settings', () => {
  it('stop a subgraph with one line naming the variable', async () => {
    const { code, stderr } = await runNode([join(root, 'subgraphs', 'projects', 'dist', 'main.js')], {
      DATABASE_URL: db.url,
      PORT: '0',
      DB_POOL_SIZE: '-1',
    });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      'projects subgraph failed to start: DB_POOL_SIZE must be a whole number of at least 1, got "-1"',
    ]);
  });

  it('stop the gateway with one line naming the variable', async () => {
    const { code, stderr } = await runNode([join(root, 'gateway', 'dist', 'main.js')], { PORT: '0', UPSTREAM_TIMEOUT_MS: 'abc' });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      'gateway failed to start: UPSTREAM_TIMEOUT_MS must be a whole number of at least 1, got "abc"',
    ]);
  });

  it('stop the hub with one line naming the variable', async () => {
    const { code, stderr } = await runNode([join(root, 'hub', 'dist', 'main.js')], { DATABASE_URL: db.url, SHUTDOWN_DRAIN_MS: '-5' });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      'Regiograph failed to start: SHUTDOWN_DRAIN_MS must be a whole number of at least 0, got "-5"',
    ]);
  });
});
