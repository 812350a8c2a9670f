import { type Hub, startHub } from '@regiograph/hub';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from './support/hub.js';
import { loadEverySource } from './support/open-data.js';

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

// The city walk on the open data: TERYT, SIRUTA and NUTS places, EEA Grants, keep.eu and Kohesio records
// loaded with the real ingest, then CityProfile through the gateway for cities the articles do not name.
// Every LAU place has its municipal government; the records that name it link to it, and through them
// the projects it partners in, with their programmes and money.
let db: TestDatabase;
let client: Client;
let hub: Hub;
beforeAll(async () => {
  db = await createTestDatabase('city_walk');
  client = new Client({ connectionString: db.url });
  await client.connect();
  await loadEverySource(db.url);
  hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1' });
}, 900_000);
afterAll(async () => {
  await hub?.stop();
  await client?.end();
  await db?.drop();
});

const cityProfile = async (name: string) => {
  const res = await postGraphQL<{ place: Obj }>(hub.gateway.url, readOperation('CityProfile'), { name }, 'CityProfile');
  expect(res.errors, name).toBeUndefined();
  return res.data?.place as Obj;
};

/**
 * What the government's records say about its projects and money: Kohesio beneficiary records carry the
 * beneficiary's project count, total budget and EU contribution (the file lists no single projects).
 */
const kohesioFigures = (gov: Obj) =>
  (gov.records as Obj[]).filter(
    (r) => r.dataset === 'kohesio-beneficiaries' && r.attributes?.projectCount > 0 && r.attributes?.euContribution > 0,
  );

describe('every municipality is a city', () => {
  it('has as many municipalities with a government as LAU places', async () => {
    const lau = await client.query(
      `select count(*)::int as n from organisations.place where kind = 'MUNICIPALITY' and lau_code is not null`,
    );
    const governed = await client.query(
      `select count(distinct p.id)::int as n from organisations.place p
       join organisations.organisation o on o.place_id = p.id and o.kind = 'MUNICIPALITY'
       where p.kind = 'MUNICIPALITY' and p.lau_code is not null`,
    );
    expect(lau.rows[0].n).toBeGreaterThan(2400 + 3100);
    expect(governed.rows[0].n).toBe(lau.rows[0].n);
  });

  it('shows Kraków with its government, the Kohesio records that name it, their projects and money', async () => {
    const place = await cityProfile('Kraków');
    expect(place).toMatchObject({ id: 'place:lau:PL:1261011', lauCode: '1261011' });
    const gov = place.government as Obj;
    expect(gov).toMatchObject({ id: 'org:municipality:PL:1261011', kind: 'MUNICIPALITY', name: 'Miasto Kraków' });
    const records = gov.records as Obj[];
    expect(records.map((r) => r.name)).toEqual(
      expect.arrayContaining(['GMINA MIEJSKA KRAKÓW', 'GMINA MIEJSKA KRAKÓW - MIASTO NA PRAWACH POWIATU']),
    );
    // Each record is linked by the government rule, or by its name to a record that is.
    const byGovernment = records.filter((r) => r.match.rule === 'government');
    expect(byGovernment.length).toBeGreaterThanOrEqual(2);
    for (const r of byGovernment)
      expect(r.match.explanation).toMatch(/^municipal government of place:lau:PL:1261011 \(Kraków\): '.*' parsed as/);
    expect(records.every((r) => ['government', 'name'].includes(r.match.rule))).toBe(true);
    expect(kohesioFigures(gov).length).toBeGreaterThan(0);
  });

  it('shows Lublin and Cluj-Napoca with their governments and the money of their Kohesio projects', async () => {
    for (const [name, id] of [
      ['Lublin', 'org:municipality:PL:0663011'],
      ['Cluj-Napoca', 'org:municipality:RO:54975'],
    ]) {
      const place = await cityProfile(name as string);
      expect(place.lauCode, name).toBe((id as string).split(':').pop());
      const gov = place.government as Obj;
      expect(gov?.id, name).toBe(id);
      expect(kohesioFigures(gov).length, name).toBeGreaterThan(0);
    }
  });

  it('shows Suwałki with one government for "City of Suwałki" (EEA Grants) and "MIASTO SUWAŁKI" (Kohesio), and its EEA programme', async () => {
    const gov = (await cityProfile('Suwałki')).government as Obj;
    expect(gov.id).toBe('org:municipality:PL:2063011');
    const datasets = new Set((gov.records as Obj[]).map((r) => r.dataset));
    expect(datasets).toEqual(new Set(['eea-grants', 'kohesio-beneficiaries']));
    expect((gov.records as Obj[]).map((r) => r.name)).toEqual(expect.arrayContaining(['City of Suwałki', 'MIASTO SUWAŁKI']));
    expect(kohesioFigures(gov).length).toBeGreaterThan(0);
    // The EEA Grants programme it partners in, with the programme's money, in the profile itself.
    const roles = gov.programmeRoles as Obj[];
    expect(roles.map((r) => `${r.role} ${r.programme.code}`)).toContain('PROJECT_PARTNER PL09');
    expect(roles[0]?.sources.map((s: Obj) => s.dataset)).toContain('eea-grants');
    const pl09 = roles.find((r) => r.programme.code === 'PL09')?.programme as Obj;
    expect(pl09.total).toMatchObject({ currency: 'EUR', amount: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect(Number(pl09.total.amount)).toBeGreaterThan(0);
    expect(roles[0]?.programme.funds.length).toBeGreaterThan(0);
  });
});
