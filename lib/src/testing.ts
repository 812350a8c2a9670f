import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Sql } from './bulk.js';
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

/** A test file's own database with one open connection to it; `close()` ends the connection and drops it. */
export interface ConnectedTestDatabase extends TestDatabase {
  client: Client;
  /** The connection as the data modules' executor: plain parameterised statements, rows back. */
  sql: Sql;
  close(): Promise<void>;
}

/** createTestDatabase, connected: what a test file that writes SQL of its own opens in beforeAll. */
export async function connectTestDatabase(label: string): Promise<ConnectedTestDatabase> {
  const db = await createTestDatabase(label);
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
  } catch (error) {
    await db.drop();
    throw error;
  }
  const sql = (async (text: string, params?: unknown[]) => (await client.query(text, params)).rows) as Sql;
  return {
    ...db,
    client,
    sql,
    async close() {
      await client.end().catch(() => undefined);
      await db.drop();
    },
  };
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

/** A page of a connection as tests read it: node IDs with their cursors, and the page info. */
export interface TestConnectionPage {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Walks a whole connection a page of `size` at a time, forward (first/after, from the start) or backward
 * (last/before, from the end), and gives the node IDs in list order with the number of pages. Fails on a
 * page longer than asked, on an edge whose cursor differs from the page info's, and after 10,000 pages.
 */
export async function pageThrough(
  fetchPage: (args: { first?: number; after?: string; last?: number; before?: string }) => Promise<TestConnectionPage>,
  size: number,
  direction: 'forward' | 'backward',
): Promise<{ ids: string[]; pages: number }> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const page = await fetchPage(
      direction === 'forward'
        ? { first: size, ...(cursor ? { after: cursor } : {}) }
        : { last: size, ...(cursor ? { before: cursor } : {}) },
    );
    if (page.edges.length > size) throw new Error(`page ${i + 1} has ${page.edges.length} edges, asked for ${size}`);
    if ((page.edges[0]?.cursor ?? null) !== page.pageInfo.startCursor || (page.edges.at(-1)?.cursor ?? null) !== page.pageInfo.endCursor) {
      throw new Error(`page ${i + 1}: startCursor/endCursor are not the cursors of its first and last edges`);
    }
    pages.push(page.edges.map((e) => e.node.id));
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) {
      const ordered = direction === 'forward' ? pages : pages.reverse();
      return { ids: ordered.flat(), pages: pages.length };
    }
    cursor = (direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor) ?? undefined;
    if (!cursor) throw new Error(`page ${i + 1} says more rows follow but has no cursor`);
  }
  throw new Error('more than 10,000 pages');
}
