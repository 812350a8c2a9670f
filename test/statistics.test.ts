import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Hub, startHub } from '@regiograph/hub';
import { resolveNuts } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { BigNumber } from 'bignumber.js';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from './support/hub.js';
import { loadEverySource } from './support/open-data.js';

// Statistics after a real ingest of every source, through the gateway: RegionDashboard's money reconciles
// with the EEA Grants files (summed here from the files), a region is its sub-regions plus what sits at
// itself, the countries' own allocations are overview.json's, and bad group-by values are refused.

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;
const EEA = join(sourcesDir(), 'eea-grants-2009-2014');
const json = <T>(file: string): T => JSON.parse(readFileSync(join(EEA, file), 'utf8')) as T;
const iso = (code: string) => ({ EL: 'GR', UK: 'GB' })[code] ?? code;
const FUND: Record<string, string> = { 'EEA Grants': 'fund:eea-grants', 'Norway Grants': 'fund:norway-grants' };
interface NutsRecord {
  fm: string;
  id: string;
  allocation: string | number;
  programmes: Record<string, unknown>;
}
const add = (sums: Map<string, BigNumber>, key: string, amount: BigNumber.Value) =>
  sums.set(key, (sums.get(key) ?? new BigNumber(0)).plus(amount));
const plain = (sums: Map<string, BigNumber>): Record<string, string> =>
  Object.fromEntries(
    [...sums]
      .filter(([, v]) => !v.isZero())
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, v.toFixed()]),
  );
/** The groups of a connection that is its own last page (so the sums below read every group). */
const nodes = (connection: Obj): Obj[] => {
  expect(connection.pageInfo.hasNextPage).toBe(false);
  return (connection.edges as Obj[]).map((e) => e.node);
};
/** The EUR amount of a Money list (every amount of these sources is in EUR). */
const eur = (money: Obj[]) => {
  expect(money.every((m) => m.currency === 'EUR')).toBe(true);
  return money.reduce<BigNumber>((s, m) => s.plus(m.amount), new BigNumber(0));
};

let db: TestDatabase;
let sql: Client;
let hub: Hub;
const query = async (text: string, variables?: Record<string, unknown>) => {
  const res = await postGraphQL<Obj>(hub.gateway.url, text, variables);
  expect(res.errors).toBeUndefined();
  return res.data as Obj;
};

beforeAll(async () => {
  db = await createTestDatabase('statistics');
  await loadEverySource(db.url);
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1' });
}, 600_000);
afterAll(async () => {
  await hub?.stop();
  await sql?.end();
  await db?.drop();
});

describe('RegionDashboard on the ingested data', () => {
  it.each([
    ['PL91', 'grants-PL.json'],
    ['RO42', 'grants-RO.json'],
  ])('%s: money per NUTS 3 region is the sum of %s rows placed there', async (nuts, file) => {
    // From the file: every allocation row with a programme, at the current region its code resolves to.
    const expected = new Map<string, BigNumber>();
    for (const r of json<NutsRecord[]>(file)) {
      if (Object.keys(r.programmes).length === 0) continue;
      const place = resolveNuts(r.id).placeId;
      if (place?.startsWith(`place:nuts:${nuts}`)) add(expected, place, r.allocation);
    }
    expect(expected.size).toBeGreaterThan(1);
    const res = await postGraphQL<Obj>(hub.gateway.url, readOperation('RegionDashboard'), { nuts }, 'RegionDashboard');
    expect(res.errors).toBeUndefined();
    const region = res.data?.placeByIdentifier as Obj;
    expect(region.id).toBe(`place:nuts:${nuts}`);
    // By region and fund: rows per NUTS 3 region (null for what sits at the region itself).
    const byRegion = new Map<string, BigNumber>();
    for (const row of nodes(region.moneyByRegion)) add(byRegion, row.key.nuts3 ?? region.id, eur(row.total.allocated));
    expect(plain(byRegion)).toEqual(plain(expected));
    // By region, programme and year: the rows add up to the same money, and each row is direct + withinChildren.
    const detailed = new Map<string, BigNumber>();
    for (const row of nodes(region.money)) {
      add(detailed, row.key.nuts3 ?? region.id, eur(row.total.allocated));
      expect(row.key.programme).toMatch(/^programme:eea-grants:/);
      expect(row.key.year).toBe(2009);
    }
    expect(plain(detailed)).toEqual(plain(expected));
    // Every sub-region the money sits in is a child of the region.
    const children = new Set((region.children as Obj[]).map((c) => c.id));
    for (const place of expected.keys()) if (place !== region.id) expect(children.has(place), place).toBe(true);
    // Projects: each counted once, at one place inside the region; the rows are the projects the data places there.
    const rows = nodes(region.projectStatisticsConnection);
    for (const row of rows) expect(row.total.projects).toBe(row.direct.projects + row.withinChildren.projects);
    const counted = rows.reduce((n, row) => n + row.total.projects, 0);
    const stored = await sql.query<{ n: number }>(
      `select count(*)::int as n from projects.project p
        where exists (select 1 from unnest(p.place_ids) u where u like $1)
          and not exists (select 1 from unnest(p.place_ids) u where u not like $1)`,
      [`place:nuts:${nuts}%`],
    );
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBe(stored.rows[0]?.n);
    const organisations = nodes(region.organisationStatisticsConnection).reduce((n, row) => n + row.total.organisations, 0);
    expect(organisations).toBeGreaterThan(0);
  });
});

describe('no double counting', () => {
  it('a region is the sum of its sub-regions plus what sits at itself, for money, projects and organisations', async () => {
    const data = await query(`{ place(id: "place:country:PL") {
      money: fundingStatistics(breakdown: GRANTS) { total { allocated { amount currency } } direct { allocated { amount currency } } withinChildren { allocated { amount currency } } }
      byRegion: fundingStatistics(breakdown: GRANTS, groupBy: [NUTS1]) { key { nuts1 } total { allocated { amount currency } } }
      projects: projectStatistics { total { projects } direct { projects } withinChildren { projects } }
      projectsByRegion: projectStatistics(groupBy: [NUTS1]) { key { nuts1 } total { projects } }
      orgs: organisationStatistics { total { organisations } direct { organisations } withinChildren { organisations } }
      orgsByRegion: organisationStatistics(groupBy: [NUTS1]) { key { nuts1 } total { organisations } }
    } }`);
    const pl = data.place as Obj;
    const money = (pl.money as Obj[])[0] as Obj;
    const total = eur(money.total.allocated);
    expect(total.isGreaterThan(0)).toBe(true);
    expect(total.toFixed()).toBe(eur(money.direct.allocated).plus(eur(money.withinChildren.allocated)).toFixed());
    // The NUTS 1 rows (null: placed at the country itself) add up to the country.
    const byRegion = (pl.byRegion as Obj[]).reduce((s, row) => s.plus(eur(row.total.allocated)), new BigNumber(0));
    expect(byRegion.toFixed()).toBe(total.toFixed());
    expect((pl.byRegion as Obj[]).filter((row) => row.key.nuts1).length).toBeGreaterThan(3);
    for (const [all, split, figure] of [
      ['projects', 'projectsByRegion', 'projects'],
      ['orgs', 'orgsByRegion', 'organisations'],
    ] as const) {
      const whole = (pl[all] as Obj[])[0] as Obj;
      expect(whole.total[figure]).toBe(whole.direct[figure] + whole.withinChildren[figure]);
      expect((pl[split] as Obj[]).reduce((n, row) => n + row.total[figure], 0)).toBe(whole.total[figure]);
    }
    // The same money from the root field with a region filter as from the place.
    const root = await query(
      '{ fundingStatistics(breakdown: GRANTS, filter: { country: "PL" }) { total { allocated { amount currency } } } }',
    );
    expect(eur((root.fundingStatistics as Obj[])[0]?.total.allocated).toFixed()).toBe(total.toFixed());
  });

  it("the countries' own allocations, with their technical assistance, are overview.json's, per fund; no breakdown adds to them", async () => {
    const overview = json<Array<{ fm: string; beneficiary: string; allocation: number }>>('overview.json');
    const assistance = new Map<string, BigNumber>();
    for (const r of json<Array<NutsRecord & { beneficiary: string }>>('projects.json')) {
      if (Object.keys(r.programmes).length === 0) add(assistance, `place:country:${iso(r.beneficiary)} ${FUND[r.fm]}`, r.allocation);
    }
    const expected = new Map<string, BigNumber>();
    for (const o of overview) add(expected, `place:country:${iso(o.beneficiary)} ${FUND[o.fm]}`, o.allocation);
    const data = await query(
      '{ fundingStatistics(groupBy: [COUNTRY, FUND], limit: 200) { key { country fund } total { allocated { amount currency } } } }',
    );
    const got = new Map<string, BigNumber>();
    for (const row of data.fundingStatistics as Obj[]) {
      const key = `${row.key.country} ${row.key.fund}`;
      if (expected.has(key)) add(got, key, eur(row.total.allocated));
    }
    for (const [key, amount] of assistance) add(got, key, amount);
    expect(plain(got)).toEqual(plain(expected));
    expect(expected.size).toBeGreaterThan(10);
  });

  it('ProgrammeDashboard: a programme’s own allocations are its total', async () => {
    const res = await postGraphQL<Obj>(
      hub.gateway.url,
      readOperation('ProgrammeDashboard'),
      { id: 'programme:eea-grants:2009-2014:PL08' },
      'ProgrammeDashboard',
    );
    expect(res.errors).toBeUndefined();
    const programme = res.data?.programme as Obj;
    const own = nodes(programme.own).reduce((s, row) => s.plus(eur(row.total.allocated)), new BigNumber(0));
    expect(own.toFixed()).toBe(new BigNumber(programme.total.amount).toFixed());
    expect(nodes(programme.byRegion).length).toBeGreaterThan(10);
  });
});

describe('the statistics connections on the ingested data', () => {
  it('page by keyset through the same groups as the deprecated lists, totalCount their number', async () => {
    const groupBy = '[COUNTRY, FUND, PROGRAMME]';
    const list = await query(
      `{ fundingStatistics(groupBy: ${groupBy}, limit: 200) { key { country fund programme } total { allocations } } }`,
    );
    const groups = list.fundingStatistics as Obj[];
    expect(groups.length).toBeGreaterThan(20);
    expect(groups.length).toBeLessThan(200);
    const paged: Obj[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const data = await query(
        `query($after: String) { fundingStatisticsConnection(groupBy: ${groupBy}, first: 7, after: $after) { totalCount
          edges { node { key { country fund programme } total { allocations } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const connection = data.fundingStatisticsConnection as Obj;
      expect(connection.totalCount).toBe(groups.length);
      paged.push(...(connection.edges as Obj[]).map((e) => e.node));
      after = connection.pageInfo.endCursor;
      if (!connection.pageInfo.hasNextPage) break;
    }
    expect(paged).toEqual(groups);
  });

  it('refuse a cursor that is not one, naming `after`, and an unknown group-by value listing the valid ones', async () => {
    const bad = await postGraphQL<Obj>(hub.gateway.url, '{ projectStatisticsConnection(after: "nope") { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^Argument "after"/);
    const unknown = await postGraphQL<Obj>(hub.gateway.url, '{ organisationStatisticsConnection(groupBy: [FUND]) { totalCount } }');
    expect(unknown.errors?.[0]?.message).toContain('Valid values: COUNTRY, NUTS1, NUTS2, NUTS3, MUNICIPALITY, ORGANISATION_KIND');
  });
});

describe('bad input', () => {
  it('refuses an unknown group-by value listing the valid ones, and a filter field the type does not have', async () => {
    const unknown = await postGraphQL<Obj>(hub.gateway.url, '{ projectStatistics(groupBy: [FUND]) { total { projects } } }');
    expect(unknown.errors?.[0]?.message).toContain('"ProjectStatisticsGroupBy"');
    expect(unknown.errors?.[0]?.message).toContain('Valid values: COUNTRY, NUTS1, NUTS2, NUTS3, MUNICIPALITY, PROGRAMME, YEAR');
    const variable = await postGraphQL<Obj>(
      hub.gateway.url,
      'query($g: [FundingStatisticsGroupBy!]!) { fundingStatistics(groupBy: $g) { total { grants } } }',
      { g: ['ROLE'] },
    );
    expect(variable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.errors?.[0]?.message).toContain('FUND, PERIOD, YEAR');
    const field = await postGraphQL<Obj>(
      hub.gateway.url,
      '{ organisationStatistics(filter: { programme: "x" }) { total { organisations } } }',
    );
    expect(field.errors?.[0]?.message).toMatch(/"programme" is not defined by type "OrganisationStatisticsFilter"/);
    const code = await postGraphQL<Obj>(hub.gateway.url, '{ projectStatistics(filter: { region: "Mazovia" }) { total { projects } } }');
    expect(code.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(code.errors?.[0]?.message).toMatch(/^filter\.region: "Mazovia"/);
  });
});
