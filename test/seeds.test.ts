import { join } from 'node:path';
import { migrate, openSubgraphOrm, readYaml, seedsDir, stableId } from '@regiograph/lib';
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

describe('seed IDs', () => {
  type Place = { id: string; kind: string; countryCode: string; nutsCode?: string; lauCode?: string };
  type Organisation = { id: string; kind: string; countryCode?: string; identifiers?: Array<{ scheme: string; value: string }> };
  const data = readYaml<{ places: Place[]; organisations: Organisation[] }>(join(seedsDir(), 'organisations.yaml'));

  it('derive every coded place from its official code (ISO 3166, NUTS, LAU), never from load order', () => {
    let checked = 0;
    for (const place of data.places) {
      const expected =
        place.kind === 'COUNTRY'
          ? stableId('place', 'country', place.countryCode)
          : place.kind.startsWith('NUTS') && place.nutsCode
            ? stableId('place', 'nuts', place.nutsCode)
            : place.lauCode
              ? stableId('place', 'lau', place.countryCode, place.lauCode)
              : null;
      if (expected === null) continue;
      expect(place.id).toBe(expected);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(35);
  });

  it('derive every municipal government from its TERYT or SIRUTA code', () => {
    const municipalities = data.organisations.filter((o) => o.kind === 'MUNICIPALITY');
    expect(municipalities.length).toBeGreaterThanOrEqual(9);
    for (const org of municipalities) {
      const code = org.identifiers?.find((i) => i.scheme === 'teryt' || i.scheme === 'siruta')?.value;
      expect(code, org.id).toBeDefined();
      expect(org.id).toBe(stableId('org', 'municipality', org.countryCode ?? '', code ?? ''));
    }
  });
});
