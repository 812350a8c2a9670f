import { describe, expect, it } from 'vitest';
import { DatabaseBusyError, databaseFailure, FairGate } from './db-limits.js';
import { startEmbeddedPostgres } from './embedded.js';
import { openOrm, startServing } from './orm.js';
import { freePort } from './ports.js';
import { chooseTestServer, createTestDatabase } from './testing.js';

describe('the fair gate in front of the pool', () => {
  it('lets one owner hold at most its share, and serves waiting owners in turn', async () => {
    const gate = new FairGate(3, 1000, 2);
    const heavy = {};
    const light = {};
    const order: string[] = [];
    await gate.acquire(heavy);
    await gate.acquire(heavy);
    // The heavy owner's third statement waits although a place is free: that place is kept for others.
    const third = gate.acquire(heavy).then(() => order.push('heavy 3'));
    const fourth = gate.acquire(heavy).then(() => order.push('heavy 4'));
    await gate.acquire(light);
    order.push('light 1');
    const second = gate.acquire(light).then(() => order.push('light 2'));
    expect(gate.waiting).toBe(3);
    gate.release(heavy); // heavy holds 1 now: its waiter is first in line
    gate.release(light); // the light owner's waiter comes before heavy's next one
    gate.release(heavy);
    await Promise.all([third, second, fourth]);
    expect(order).toEqual(['light 1', 'heavy 3', 'light 2', 'heavy 4']);
  });

  it('gives up after the acquire timeout with a coded error', async () => {
    const gate = new FairGate(1, 50);
    const owner = {};
    await gate.acquire(owner);
    const waited = gate.acquire({});
    await expect(waited).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(databaseFailure(await waited.catch((e: unknown) => e), { acquireTimeoutMs: 50 })).toEqual({
      code: 'DATABASE_BUSY',
      message: 'Every database connection stayed busy for 50 ms; try again.',
    });
    gate.release(owner);
    await gate.acquire({}); // the timed-out waiter left no place taken
  });
});

describe('the statement timeout of a subgraph’s sessions', () => {
  it('cancels a statement on PostgreSQL after DB_STATEMENT_TIMEOUT_MS with a coded failure, once serving starts', async () => {
    const db = await createTestDatabase('statement_timeout');
    const orm = await openOrm({
      databaseUrl: db.url,
      schema: 'public',
      entities: [],
      migrations: [],
      statementTimeoutMs: 200,
      fairPool: true,
    });
    try {
      // Before serving (migrations, seeds) the server's own setting holds.
      await expect(orm.em.fork().execute('select pg_sleep(0.3)')).resolves.toBeDefined();
      startServing(orm);
      const shown = await orm.em.fork().execute('show statement_timeout');
      // On the PGlite fallback (no PostgreSQL server for the tests) only the next test's check applies.
      if ((await chooseTestServer()).kind !== 'pglite') {
        expect(shown).toEqual([{ statement_timeout: '200ms' }]);
        const error = await orm.em
          .fork()
          .execute('select pg_sleep(1)')
          .catch((e: unknown) => e);
        expect(databaseFailure(error, { statementTimeoutMs: 200 })?.code).toBe('DATABASE_TIMEOUT');
      }
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });

  it('is accepted by the embedded PGlite (which cannot enforce it)', async () => {
    const embedded = await startEmbeddedPostgres({ port: await freePort() });
    const orm = await openOrm({
      databaseUrl: embedded.url,
      schema: 'public',
      entities: [],
      migrations: [],
      statementTimeoutMs: 5000,
      fairPool: true,
    });
    try {
      startServing(orm);
      expect(await orm.em.fork().execute('show statement_timeout')).toEqual([{ statement_timeout: '5s' }]);
    } finally {
      await orm.close(true);
      await embedded.stop();
    }
  });
});
