import { type ConnectedTestDatabase, connectTestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_AFTER_ROWS, analyzeWritten, type FileReport, rowsWritten, sqlOf } from './run.js';

// The planner statistics a large load refreshes before its identity step (analyzeWritten): without them the
// relink of 300,000 synthetic partnerships was planned for the real data's size and ran for over 11 minutes.

describe('analyzeWritten', () => {
  let db: ConnectedTestDatabase;
  beforeAll(async () => {
    db = await connectTestDatabase('analyze_written');
  });
  afterAll(() => db?.close());
  const query = (text: string, params?: unknown[]) => db.client.query(text, params);

  /** The planner's row estimate of a table: -1 until it is first analysed (or vacuumed). */
  const estimate = async (table: string) =>
    Number((await db.client.query<{ n: number }>('select reltuples as n from pg_class where oid = $1::regclass', [table])).rows[0]?.n);

  it('refreshes the statistics of the tables a load wrote many rows to, inside its transaction', async () => {
    await query('begin');
    try {
      await query('create schema load_test');
      await query('create table load_test.big (id int primary key)');
      await query('create table load_test.small (id int primary key)');
      await query('insert into load_test.big select generate_series(1, $1::int)', [ANALYZE_AFTER_ROWS + 500]);
      await query('insert into load_test.small select generate_series(1, 50)');
      expect(await estimate('load_test.big')).toBe(-1);

      const analysed = await analyzeWritten(sqlOf(db.client), { 'load_test.small': 50, 'load_test.big': ANALYZE_AFTER_ROWS + 500 });

      expect(analysed).toEqual(['load_test.big']);
      // The transaction's own, uncommitted rows are what the estimate counts now.
      expect(await estimate('load_test.big')).toBe(ANALYZE_AFTER_ROWS + 500);
      expect(await estimate('load_test.small')).toBe(-1);
    } finally {
      await query('rollback');
    }
  });

  it('takes only schema.table names of plain identifiers', async () => {
    const many = ANALYZE_AFTER_ROWS * 2;
    expect(await analyzeWritten(sqlOf(db.client), { 'pg_class; drop table x': many, public: many, 'a.b.c': many })).toEqual([]);
  });

  it("adds up the rows each of a session's files created and updated, per table", () => {
    const file = (tables: FileReport['tables']) => ({ tables }) as FileReport;
    const counts = rowsWritten([
      file({ 'projects.partnership': { created: 7, updated: 3, unchanged: 100 } }),
      file({
        'projects.partnership': { created: 1, updated: 0, unchanged: 5 },
        'projects.project': { created: 0, updated: 2, unchanged: 0 },
      }),
    ]);
    expect(counts).toEqual({ 'projects.partnership': 11, 'projects.project': 2 });
  });
});
