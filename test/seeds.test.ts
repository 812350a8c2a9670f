import { migrate } from '@regiograph/lib';
import { openSubgraphOrm, seedsDir } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('seeds');
});
afterAll(async () => db?.drop());

describe.each(SUBGRAPHS.map((m) => [m.name, m] as const))('%s seeds', (_name, module) => {
  it('load into an empty schema, and a second load changes nothing', async () => {
    const orm = await openSubgraphOrm(module, { databaseUrl: db.url });
    try {
      await migrate(orm);
      expect(await module.isEmpty(orm)).toBe(true);
      const first = await module.seed(orm, seedsDir());
      expect(first.created).toBeGreaterThan(0);
      expect(await module.isEmpty(orm)).toBe(false);
      const second = await module.seed(orm, seedsDir());
      expect(second).toEqual({ created: 0, updated: 0, unchanged: first.created });
    } finally {
      await orm.close(true);
    }
  });
});
