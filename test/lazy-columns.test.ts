import { openOrm } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

// The read path leaves lazy columns out of every select (lib/src/rows.ts, readColumns): they are the copies
// only SQL filters read (place paths, search keys, ...). An API field on one would silently answer null.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('lazy_columns');
});
afterAll(async () => db?.drop());

describe.each(SUBGRAPHS.map((m) => [m.name, m] as const))('%s lazy columns', (name, module) => {
  it('are none of the API’s fields, and are the filter copies the read path need not parse', async () => {
    const orm = await openOrm({ databaseUrl: db.url, schema: name, entities: module.entities, migrations: module.migrations });
    try {
      const fields = getMetadataStorage().fields;
      const lazy: string[] = [];
      for (const meta of Object.values(orm.getMetadata().getAll())) {
        for (const prop of meta.props.filter((p) => p.lazy)) {
          lazy.push(`${meta.className}.${prop.name}`);
          const exposed = fields.filter(
            (f) => f.name === prop.name && (f.target === meta.class || meta.class.prototype instanceof f.target),
          );
          expect(exposed, `${meta.className}.${prop.name} is lazy and a GraphQL field`).toEqual([]);
        }
      }
      expect(
        lazy.every((p) => /\.(placePath|searchKeys|takesPartIn|partnerRoles|programmeFundIds|identifierKeys)$/.test(p)),
        lazy.join(', '),
      ).toBe(true);
    } finally {
      await orm.close(true);
    }
  });
});
