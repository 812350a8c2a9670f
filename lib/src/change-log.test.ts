import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_PAGE, type ChangeConnection, changeLogIgnoring, changeLogMigration, changesPage } from './change-log.js';
import { startEmbeddedPostgres } from './embedded.js';
import { openOrm } from './orm.js';
import { freePort } from './ports.js';
import { createTestDatabase } from './testing.js';

// The change log's triggers and the feed over two schemas, on the local PostgreSQL and on the embedded
// PGlite that `npm start` uses: what each write logs, the order and the cursor, and the horizon that keeps a
// cursor from passing a transaction still in flight (PostgreSQL only: PGlite serves one connection).

const SCHEMAS = ['alpha', 'beta'];

async function install(client: Client) {
  for (const schema of SCHEMAS) {
    await client.query(`create schema ${schema}`);
    // `copied` and `lookup` stand for what the ingest's derive step copies and the keys computed from a name.
    await client.query(`create table ${schema}.thing (id text primary key, name text not null, size int, tags text[] not null default '{}',
      copied text[] not null default '{}', lookup text[] not null default '{}',
      created_at timestamptz not null default now(), updated_at timestamptz not null default now())`);
    await client.query(
      `create table ${schema}.thing_part (thing_id text not null, part text not null, copied text, updated_at timestamptz not null default now())`,
    );
    const tables = [
      { table: 'thing', type: schema === 'alpha' ? 'Thing' : 'Other' },
      { table: 'thing_part', type: schema === 'alpha' ? 'Thing' : 'Other', id: 'thing_id', field: 'parts', parent: 'thing' },
    ];
    // The two versions, as the migrations apply them: the log, then the columns it leaves out.
    for (const statement of changeLogMigration(schema, tables).up) await client.query(statement);
    const ignoring = changeLogIgnoring(schema, tables, { thing: ['copied', 'lookup'], thing_part: ['copied'] });
    for (const statement of ignoring.up) await client.query(statement);
  }
}

type Node = ChangeConnection['edges'][number]['node'];
const brief = (n: Node) => [n.entityType, n.entityId, n.operation, n.changedFields];

/** Every change after `since`, page by page; the cursor to resume from. */
async function readAll(em: EntityManager, since: string | null, first = 2): Promise<{ nodes: Node[]; cursor: string }> {
  const nodes: Node[] = [];
  let cursor = since;
  for (let pages = 0; pages < 50; pages++) {
    const page = await changesPage(em, SCHEMAS, { since: cursor, first });
    nodes.push(...page.edges.map((e) => e.node));
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { nodes, cursor: cursor as string };
  }
  throw new Error('the feed did not end');
}

interface Opened {
  url: string;
  client: Client;
  em: EntityManager;
  close(): Promise<void>;
}

/** A database with the two schemas and their logs, a client to write with and an EntityManager to read the feed. */
async function open(server: 'postgresql' | 'pglite'): Promise<Opened> {
  let url: string;
  let stop: () => Promise<void>;
  if (server === 'pglite') {
    const embedded = await startEmbeddedPostgres({ port: await freePort() });
    url = embedded.url;
    stop = () => embedded.stop();
  } else {
    const db = await createTestDatabase('change_log');
    url = db.url;
    stop = () => db.drop();
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  await install(client);
  const orm: MikroORM = await openOrm({ databaseUrl: url, schema: 'alpha', entities: [], migrations: [], poolMax: 1 });
  return {
    url,
    client,
    em: orm.em.fork() as EntityManager,
    async close() {
      await orm.close(true);
      await client.end();
      await stop();
    },
  };
}

/** The database of a describe block, opened before its tests and closed after them. */
function useDatabase(server: 'postgresql' | 'pglite'): () => Opened {
  let db: Opened | undefined;
  beforeAll(async () => {
    db = await open(server);
  }, 60_000);
  afterAll(async () => db?.close());
  return () => {
    if (!db) throw new Error(`the ${server} database is not open`);
    return db;
  };
}

describe.each(['postgresql', 'pglite'] as const)('the change log on %s', (server) => {
  const db = useDatabase(server);
  let client: Client;
  let em: EntityManager;
  beforeAll(() => {
    ({ client, em } = db());
  });

  it('logs creations, real updates with the changed fields, deletions and list changes, in commit order across schemas', async () => {
    const start = await readAll(em, null);
    expect(start.nodes).toEqual([]);
    await client.query(`insert into alpha.thing (id, name) values ('a1', 'one'), ('a2', 'two')`);
    await client.query(`insert into beta.thing (id, name) values ('b1', 'uno')`);
    await client.query(`update alpha.thing set name = 'ONE', size = 3, updated_at = now() where id = 'a1'`);
    // Nothing but the timestamp: no change.
    await client.query(`update alpha.thing set updated_at = now() + interval '1 second'`);
    await client.query(`insert into alpha.thing_part (thing_id, part) values ('a2', 'x'), ('a2', 'y')`);
    await client.query('begin');
    await client.query(`delete from alpha.thing where id = 'a2'`);
    // A part of a thing deleted in the same transaction logs no update of it.
    await client.query(`delete from alpha.thing_part where thing_id = 'a2'`);
    await client.query(`update beta.thing set tags = '{t}' where id = 'b1'`);
    await client.query('commit');

    const { nodes, cursor } = await readAll(em, start.cursor);
    expect(nodes.map(brief)).toEqual([
      ['Thing', 'a1', 'CREATED', []],
      ['Thing', 'a2', 'CREATED', []],
      ['Other', 'b1', 'CREATED', []],
      ['Thing', 'a1', 'UPDATED', ['name', 'size']],
      ['Thing', 'a2', 'UPDATED', ['parts']],
      ['Thing', 'a2', 'DELETED', []],
      ['Other', 'b1', 'UPDATED', ['tags']],
    ]);
    expect(nodes.every((n) => !Number.isNaN(Date.parse(n.at)))).toBe(true);

    // Resuming from the cursor gives nothing until something changes, then only that.
    expect((await readAll(em, cursor)).nodes).toEqual([]);
    await client.query(`update beta.thing set size = 1 where id = 'b1'`);
    const next = await readAll(em, cursor, CHANGES_PAGE.default);
    expect(next.nodes.map(brief)).toEqual([['Other', 'b1', 'UPDATED', ['size']]]);
    // Any edge's cursor resumes right after that edge.
    const page = await changesPage(em, SCHEMAS, { since: start.cursor, first: 3 });
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await readAll(em, page.edges[2]?.cursor as string, 100);
    expect(rest.nodes.map(brief)).toEqual([...nodes.slice(3), ...next.nodes].map(brief));
  });

  it('refuses a since that the feed did not issue, and a page above the limit, naming the argument', async () => {
    const refused = async (args: Parameters<typeof changesPage>[2]) => {
      try {
        await changesPage(em, SCHEMAS, args);
      } catch (error) {
        return error as { message: string; extensions: Record<string, unknown> };
      }
      throw new Error('accepted');
    };
    for (const since of ['nonsense', Buffer.from('12345678[1,"Query.changes",["1","a","2"]]').toString('base64url')]) {
      const error = await refused({ since });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'since' });
    }
    const tooMany = await refused({ first: CHANGES_PAGE.max + 1 });
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(tooMany.message).toContain(String(CHANGES_PAGE.max));
  });
});

// A database of their own: the feed's first test reads the log from its beginning, and the order is shuffled.
describe.each(['postgresql', 'pglite'] as const)('the columns the change log ignores on %s', (server) => {
  const db = useDatabase(server);
  let client: Client;
  let em: EntityManager;
  beforeAll(() => {
    ({ client, em } = db());
  });

  it('leaves the columns it is told to ignore out of the comparison: an update of only those logs nothing', async () => {
    const { cursor } = await readAll(em, null, 1000);
    await client.query(`insert into alpha.thing (id, name) values ('c1', 'copy'), ('c2', 'copy too')`);
    await client.query(`insert into alpha.thing_part (thing_id, part) values ('c1', 'p')`);
    const created = await readAll(em, cursor, 100);
    expect(created.nodes.map(brief)).toEqual([
      ['Thing', 'c1', 'CREATED', []],
      ['Thing', 'c2', 'CREATED', []],
      ['Thing', 'c1', 'UPDATED', ['parts']],
    ]);
    // What a derive step does on every load: rewrites the copies and keys, here of every row, twice.
    await client.query(`update alpha.thing set copied = array[id, 'x'], lookup = array[lower(name)], updated_at = now()`);
    await client.query(`update alpha.thing set copied = '{}'`);
    await client.query(`update alpha.thing_part set copied = 'x'`);
    expect((await readAll(em, created.cursor)).nodes).toEqual([]);
    // A real change beside a copied one names the real one alone.
    await client.query(`update alpha.thing set size = 7, copied = '{y}' where id = 'c2'`);
    await client.query(`update alpha.thing_part set part = 'q', copied = 'z' where thing_id = 'c1'`);
    const real = await readAll(em, created.cursor);
    expect(real.nodes.map(brief)).toEqual([
      ['Thing', 'c2', 'UPDATED', ['size']],
      ['Thing', 'c1', 'UPDATED', ['parts']],
    ]);
    await client.query(`delete from alpha.thing_part where thing_id = 'c1'`);
    await client.query(`delete from alpha.thing where id in ('c1', 'c2')`);
  });

  it('refuses to ignore a column that is not there, or a table it does not follow', async () => {
    const tables = [{ table: 'thing', type: 'Thing' }];
    expect(() => changeLogIgnoring('alpha', tables, { nothing: ['x'] })).toThrow(/nothing is not a tracked table/);
    // Its statements: the table, its rows, the check of the rows, then the functions.
    const [, rows, check] = changeLogIgnoring('alpha', tables, { thing: ['no_such_column'] }).up;
    await client.query('begin');
    try {
      await client.query(`delete from alpha.change_log_ignored`);
      await client.query(rows as string);
      await expect(client.query(check as string)).rejects.toThrow(
        /change_log_ignored of alpha names no such column: thing\.no_such_column/,
      );
    } finally {
      await client.query('rollback');
    }
  });
});

// Its own database: the first block's test expects an empty log at its start, whatever order the tests run in.
describe.each(['postgresql', 'pglite'] as const)('the feed on %s, past a change of digits', (server) => {
  const db = useDatabase(server);
  it('pages in number order when positions change their count of digits (99 before 100), losing none', async () => {
    const { client, em } = db();
    const start = await readAll(em, null, CHANGES_PAGE.default);
    await client.query('alter table alpha.change_log alter column position restart with 95');
    const ids = Array.from({ length: 10 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    await client.query(`insert into alpha.thing (id, name) select unnest($1::text[]), 'p'`, [ids]);
    const { nodes } = await readAll(em, start.cursor, 2);
    expect(nodes.map((n) => n.entityId)).toEqual(ids);
  });
});

describe('the feed horizon on postgresql', () => {
  const db = useDatabase('postgresql');

  it('holds back a later commit while an earlier transaction is in flight, and hands both out once it ends', async () => {
    const { client, em } = db();
    const { cursor } = await readAll(em, null, 1000);
    const slow = new Client({ connectionString: db().url });
    await slow.connect();
    try {
      await slow.query('begin');
      // The slow transaction takes its ID first, then a quick one commits.
      await slow.query(`insert into alpha.thing (id, name) values ('s1', 'slow')`);
      await client.query(`insert into beta.thing (id, name) values ('q1', 'quick')`);
      const during = await readAll(em, cursor);
      expect(during.nodes).toEqual([]);
      await slow.query('commit');
      const after = await readAll(em, during.cursor);
      expect(after.nodes.map(brief)).toEqual([
        ['Thing', 's1', 'CREATED', []],
        ['Other', 'q1', 'CREATED', []],
      ]);
    } finally {
      await slow.end();
    }
  });
  it('is not held back by the transactions of another database, however many end while it reads', async () => {
    const { client, em } = db();
    const other = await createTestDatabase('change_log_other');
    const writers: Client[] = [];
    let writing = true;
    const loops: Array<Promise<void>> = [];
    try {
      for (let w = 0; w < 5; w++) {
        const c = new Client({ connectionString: other.url });
        await c.connect();
        writers.push(c);
      }
      await writers[0]?.query('create table busy (n int)');
      // A stream of short write transactions elsewhere: each takes an ID, is in the feed's snapshot, and ends.
      for (const c of writers) {
        loops.push(
          (async () => {
            while (writing) {
              await c.query('begin');
              await c.query('insert into busy values (1)');
              await c.query('commit');
            }
          })(),
        );
      }
      let { cursor } = await readAll(em, null, 1000);
      // Each change of this database is handed out on the first read after its commit. (The horizon once
      // took every transaction in the snapshot that the statistics did not show in another database: one that
      // ended between the two reads held the page back, about 1 read in 500 beside such a stream.)
      for (let i = 0; i < 150; i++) {
        await client.query(`insert into beta.thing (id, name) values ($1, 'busy')`, [`busy${i}`]);
        const page = await changesPage(em, SCHEMAS, { since: cursor, first: 10 });
        expect(
          page.edges.map((e) => brief(e.node)),
          `read ${i}`,
        ).toEqual([['Other', `busy${i}`, 'CREATED', []]]);
        cursor = page.pageInfo.endCursor as string;
      }
    } finally {
      writing = false;
      await Promise.all(loops);
      for (const c of writers) await c.end();
      await other.drop();
    }
  }, 120_000);
});
