import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm } from './orm.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('lib_orm');
});
afterAll(async () => db?.drop());

describe('openOrm', () => {
  it('connects with every query parameter of DATABASE_URL, not only host, user and database', async () => {
    const url = new URL(db.url);
    url.searchParams.set('application_name', 'regiograph-orm-test');
    const orm = await openOrm({ databaseUrl: url.toString(), schema: 'public', entities: [], migrations: [] });
    try {
      const [row] = await orm.em.fork().execute(`select current_setting('application_name') as name`);
      expect(row?.name).toBe('regiograph-orm-test');
    } finally {
      await orm.close(true);
    }
  });
});
