import { readHubConfig } from '@regiograph/hub';
import { ConfigError, openSubgraphOrm, prepareSubgraph, readSubgraphConfig, type RunningSubgraph, startSubgraph } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { organisations } from '@regiograph/organisations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// DATABASE_READ_URL: a subgraph migrates and seeds on DATABASE_URL, then serves every query from the replica.
// No streaming replica runs here, so the "replica" is a second database prepared the same way, whose one row
// is then changed: an answer that shows the change came from the replica, one without it from the primary.
const REPLICA_NAME = 'Tarnów (read replica)';
let primary: TestDatabase;
let replica: TestDatabase;
let running: RunningSubgraph | undefined;

async function execute(url: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const orm = await openSubgraphOrm(organisations, { databaseUrl: url });
  try {
    return (await orm.em.fork().execute(sql, params)) as Array<Record<string, unknown>>;
  } finally {
    await orm.close(true);
  }
}

async function tarnowName(url: string): Promise<unknown> {
  const rows = await execute(url, `select name from organisations.place where id = 'place:lau:PL:1263011'`);
  return rows[0]?.name;
}

beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase('replica_primary'), createTestDatabase('replica_read')]);
  const orm = await openSubgraphOrm(organisations, { databaseUrl: replica.url });
  try {
    await prepareSubgraph(organisations, orm, 'always');
  } finally {
    await orm.close(true);
  }
  await execute(replica.url, `update organisations.place set name = ? where id = 'place:lau:PL:1263011'`, [REPLICA_NAME]);
  // seed 'always' on the primary: were seeds written to the replica instead, they would undo the change above.
  running = await startSubgraph(organisations, {
    databaseUrl: primary.url,
    databaseReadUrl: replica.url,
    port: 0,
    host: '127.0.0.1',
    seed: 'always',
  });
}, 120_000);

afterAll(async () => {
  await running?.stop(0);
  await Promise.all([primary?.drop(), replica?.drop()]);
});

describe('a subgraph with DATABASE_READ_URL', () => {
  it('answers queries from the read replica', async () => {
    const answer = await postGraphQL<{ place: { id: string; name: string } }>(
      `${running?.server.url}`,
      `{ place(id: "place:lau:PL:1263011") { id name } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.place).toEqual({ id: 'place:lau:PL:1263011', name: REPLICA_NAME });
  });

  it('migrated and seeded the primary, and left the replica as it was', async () => {
    expect(running?.seeded?.created ?? 0).toBeGreaterThan(0);
    expect(await tarnowName(primary.url)).toBe('Tarnów');
    expect(await tarnowName(replica.url)).toBe(REPLICA_NAME);
  });
});

describe('DATABASE_READ_URL in the config readers', () => {
  it('is read by a subgraph and refused when it is not a PostgreSQL URL', () => {
    const env = { DATABASE_URL: 'postgres://rg@primary/rg', DATABASE_READ_URL: 'postgres://rg@replica/rg' };
    expect(readSubgraphConfig('projects', 4002, env).databaseReadUrl).toBe('postgres://rg@replica/rg');
    expect(readSubgraphConfig('projects', 4002, { DATABASE_URL: env.DATABASE_URL }).databaseReadUrl).toBeUndefined();
    expect(() => readSubgraphConfig('projects', 4002, { ...env, DATABASE_READ_URL: 'mysql://x' })).toThrow(
      /DATABASE_READ_URL must start with postgres/,
    );
  });

  it('is refused by the hub without DATABASE_URL, which the embedded PGlite has no replica of', () => {
    expect(() => readHubConfig({ DATABASE_READ_URL: 'postgres://rg@replica/rg' })).toThrow(ConfigError);
    expect(() => readHubConfig({ DATABASE_READ_URL: 'postgres://rg@replica/rg' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
    expect(readHubConfig({ DATABASE_URL: 'postgres://rg@primary/rg', DATABASE_READ_URL: 'postgres://rg@replica/rg' }).databaseReadUrl).toBe(
      'postgres://rg@replica/rg',
    );
  });
});
