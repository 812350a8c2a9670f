import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRecordset, type Sql } from './bulk.js';
import { type ConnectedTestDatabase, connectTestDatabase } from './testing.js';

// insertRecordset on the local PostgreSQL: every row lands once whatever the chunk, values typed by the record.
describe('insertRecordset', () => {
  let db: ConnectedTestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await connectTestDatabase('lib_bulk');
    sql = db.sql;
  }, 60_000);
  afterAll(() => db?.close());

  it('writes every row once across chunk boundaries, with arrays and nulls as the record type says', async () => {
    await sql('create table staged (id text primary key, path text[], n int)');
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, path: i % 2 ? [`p${i}`, 'q'] : null, n: i }));
    const statements: string[] = [];
    const counting = (async (text: string, params?: unknown[]) => {
      statements.push(text);
      return sql(text, params);
    }) as Sql;
    await insertRecordset(counting, 'staged', 'id text, path text[], n int', rows, 3);
    expect(statements).toHaveLength(3);
    const stored = await sql<{ id: string; path: string[] | null; n: number }>('select id, path, n from staged order by n');
    expect(stored).toEqual(rows);
    await insertRecordset(counting, 'staged', 'id text, path text[], n int', []);
    expect(statements).toHaveLength(3);
  });
});
