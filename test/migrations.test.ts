import { migrate, openOrm } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

// Schema changes reach a database only through committed migrations. This checks that those migrations
// build exactly what the entities describe, so nobody relies on schema:update at run time.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrations');
});
afterAll(async () => db?.drop());

describe.each(SUBGRAPHS.map((m) => [m.name, m] as const))('%s migrations', (name, module) => {
  it('create exactly the tables, columns and indexes the entities declare, in the subgraph’s own schema', async () => {
    const orm = await openOrm({ databaseUrl: db.url, schema: name, entities: module.entities, migrations: module.migrations });
    try {
      const applied = await migrate(orm);
      expect(applied.length).toBe(module.migrations.length);
      expect(await migrate(orm)).toEqual([]);
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, schema: name });
      expect(diff.split('\n').filter((line) => line.trim())).toEqual([]);
      const tables = await orm.em
        .fork()
        .execute(`select table_schema from information_schema.tables where table_schema = ? and table_name = 'source'`, [name]);
      expect(tables).toHaveLength(1);
    } finally {
      await orm.close(true);
    }
  });
});
