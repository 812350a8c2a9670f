import { randomBytes } from 'node:crypto';
import { canConnect, dropDatabase, ensureDatabase, listDatabases, withDatabaseName } from './db.js';
import { startEmbeddedPostgres } from './embedded.js';
import { seedsDir } from './paths.js';
import { freePort } from './ports.js';
import { type RunningSubgraph, type StartOptions, type SubgraphModule, startSubgraph } from './service.js';

export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Which PostgreSQL the tests use: DATABASE_URL, else the local server if it answers, else PGlite. */
export async function chooseTestServer(): Promise<{ kind: 'DATABASE_URL' | 'local' | 'pglite'; url?: string }> {
  if (process.env.DATABASE_URL) return { kind: 'DATABASE_URL', url: process.env.DATABASE_URL };
  if (await canConnect(LOCAL_POSTGRES)) return { kind: 'local', url: LOCAL_POSTGRES };
  return { kind: 'pglite' };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, so files run in parallel without sharing rows. On a real
 * server it is a fresh `rg_test_*` database; on the PGlite fallback, a fresh in-memory instance.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = await chooseTestServer();
  if (server.kind === 'pglite' || !server.url) {
    const embedded = await startEmbeddedPostgres({ port: await freePort() });
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  // The creation time in the name lets a later run drop databases that an interrupted run left behind.
  const created = Math.floor(Date.now() / 1000);
  const name = `rg_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${created}_${randomBytes(4).toString('hex')}`;
  const url = withDatabaseName(server.url, name);
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** POSTs an operation over real HTTP, as a gateway or any client would. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return (await response.json()) as GraphQLResult<T>;
}

export interface TestSubgraph extends RunningSubgraph {
  url: string;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResult<T>>;
}

/** Starts one subgraph on its own fresh database and a free port, seeded from `seeds/`. */
export async function startTestSubgraph<T extends object>(
  module: SubgraphModule<T>,
  options: Partial<Pick<StartOptions, 'seed' | 'databaseUrl'>> = {},
): Promise<TestSubgraph> {
  const db = options.databaseUrl ? null : await createTestDatabase(module.name);
  const running = await startSubgraph(module, {
    databaseUrl: options.databaseUrl ?? (db as TestDatabase).url,
    port: 0,
    host: '127.0.0.1',
    seed: options.seed ?? 'always',
  });
  return {
    ...running,
    url: running.server.url,
    query: <R>(query: string, variables?: Record<string, unknown>, operationName?: string) =>
      postGraphQL<R>(running.server.url, query, variables, operationName),
    async stop() {
      await running.stop();
      await db?.drop();
    },
  };
}

/**
 * Puts a running test subgraph back where it started: every table of its schema emptied (the migrations'
 * own record kept) and the seeds loaded again. A test that writes calls it first (in a beforeEach), so it
 * never depends on what an earlier test wrote, in whatever order the tests run.
 */
export async function resetTestSubgraph<T extends object>(running: RunningSubgraph, module: SubgraphModule<T>): Promise<void> {
  const connection = running.orm.em.getConnection();
  const tables = await connection.execute<Array<{ name: string }>>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = ? and tablename <> 'mikro_orm_migrations'`,
    [module.name],
  );
  if (tables.length) await connection.execute(`truncate ${tables.map((t) => t.name).join(', ')}`);
  await module.seed(running.orm, seedsDir());
}

/** Drops `rg_test_*` databases created more than `maxAgeHours` ago (left by runs that were killed). */
export async function dropStaleTestDatabases(serverUrl: string, maxAgeHours = 6): Promise<string[]> {
  const cutoff = Date.now() / 1000 - maxAgeHours * 3600;
  const created = (name: string) => Number(/_(\d{10})_[0-9a-f]{8}$/.exec(name)?.[1] ?? Number.POSITIVE_INFINITY);
  const stale = (await listDatabases(serverUrl, 'rg_test_')).filter((name) => created(name) < cutoff);
  for (const name of stale) await dropDatabase(withDatabaseName(serverUrl, name));
  return stale;
}
