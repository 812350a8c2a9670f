import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Hub, startHub } from '@regiograph/hub';
import { parseDelimited, readInput, resolveNuts } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { BigNumber } from 'bignumber.js';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEverySource } from './support/open-data.js';

// Money that adds up, after a real ingest of every source file: a country's allocations, a programme's
// total and a region's total reconcile with the totals the sources themselves publish (EEA Grants
// overview.json, keep.eu's NUTS 3 aggregates), read from the files here, never written into the test.
// Country and programme totals are read through the gateway; the per-region sums of whole files through SQL.

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;
const EEA = join(sourcesDir(), 'eea-grants-2009-2014');
const FUND: Record<string, string> = { 'EEA Grants': 'fund:eea-grants', 'Norway Grants': 'fund:norway-grants' };
const json = <T>(file: string): T => JSON.parse(readFileSync(join(EEA, file), 'utf8')) as T;
const iso = (code: string) => ({ EL: 'GR', UK: 'GB' })[code] ?? code;

interface AreaRecord {
  fm: string;
  beneficiary: string;
  allocation: string | number;
  programmes: Record<string, unknown>;
}
interface NutsRecord {
  fm: string;
  id: string;
  allocation: string | number;
  programmes: Record<string, unknown>;
}

/** Adds amount to the exact sum kept under key. */
function add(sums: Map<string, BigNumber>, key: string, amount: BigNumber.Value) {
  sums.set(key, (sums.get(key) ?? new BigNumber(0)).plus(amount));
}
/** Exact sums as plain decimal strings, for a readable diff. */
const plain = (sums: Map<string, BigNumber>) =>
  Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.toFixed()]));

let db: TestDatabase;
let sql: Client;
let hub: Hub;
const query = async (text: string, variables?: Record<string, unknown>) => {
  const res = await postGraphQL<Obj>(hub.gateway.url, text, variables);
  expect(res.errors).toBeUndefined();
  return res.data as Obj;
};

beforeAll(async () => {
  db = await createTestDatabase('money');
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

describe('EEA Grants money reconciles with the source', () => {
  it("every beneficiary country's own allocations, with its technical assistance, are overview.json's allocation, per fund", async () => {
    const overview = json<Array<{ fm: string; beneficiary: string; allocation: number }>>('overview.json');
    // Technical assistance (no programme) is part of a country's allocation but no allocation row.
    const assistance = new Map<string, BigNumber>();
    for (const r of json<AreaRecord[]>('projects.json')) {
      if (Object.keys(r.programmes).length === 0) add(assistance, `${iso(r.beneficiary)} ${FUND[r.fm]}`, r.allocation);
    }
    const expected = new Map<string, BigNumber>();
    const got = new Map<string, BigNumber>();
    for (const o of overview) {
      const key = `${iso(o.beneficiary)} ${FUND[o.fm]}`;
      add(expected, key, o.allocation);
      add(got, key, assistance.get(key) ?? 0);
    }
    const countries = [...new Set(overview.map((o) => iso(o.beneficiary)))].sort();
    expect(countries.length).toBeGreaterThan(10);
    for (const cc of countries) {
      for (let offset = 0; ; offset += 200) {
        const data = await query(
          'query($id: ID!, $offset: Int!) { place(id: $id) { allocations(limit: 200, offset: $offset) { breakdown fund { id } allocated { amount currency } } } }',
          { id: `place:country:${cc}`, offset },
        );
        const page = (data.place?.allocations ?? []) as Obj[];
        // The regional breakdowns repeat the country's money: only its own allocations count.
        for (const a of page.filter((x) => x.breakdown === null)) {
          expect(a.allocated.currency).toBe('EUR');
          add(got, `${cc} ${a.fund.id}`, a.allocated.amount);
        }
        if (page.length < 200) break;
      }
    }
    expect(plain(got)).toEqual(plain(expected));
  });

  it("every programme's total is the sum of its programme-area allocations in projects.json; no breakdown adds to it", async () => {
    const expected = new Map<string, BigNumber>();
    for (const r of json<AreaRecord[]>('projects.json')) {
      const [first] = Object.keys(r.programmes).sort();
      if (first) add(expected, first, r.allocation); // an area shared by two programmes counts for the first
    }
    const got = new Map<string, BigNumber>();
    const without: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const data = await query('query($offset: Int!) { programmes(limit: 200, offset: $offset) { id code total { amount currency } } }', {
        offset,
      });
      const page = data.programmes as Obj[];
      for (const p of page.filter((x) => x.id.startsWith('programme:eea-grants:'))) {
        if (p.total) got.set(p.code, new BigNumber(p.total.amount));
        else without.push(p.code);
      }
      if (page.length < 200) break;
    }
    expect(plain(got)).toEqual(plain(expected));
    // A programme whose only area it shares with another (PL13 with PL07) has no allocation of its own:
    // no breakdown stands in for it, so the shared money is counted once.
    const shared = json<AreaRecord[]>('projects.json').flatMap((r) => Object.keys(r.programmes).sort().slice(1));
    expect(without.sort()).toEqual([...new Set(shared)].filter((c) => !expected.has(c)).sort());
    expect([...expected.keys()].filter((c) => c.startsWith('PL')).length).toBeGreaterThan(10);
  });

  it('each region gets the rows of a breakdown whose codes resolve to it, once; no row falls back to its country', async () => {
    for (const [file, breakdown] of [
      ['grants-PL.json', 'GRANTS'],
      ['grants-RO.json', 'GRANTS'],
      ['projects-PL.json', 'PROJECTS'],
      ['projects-RO.json', 'PROJECTS'],
    ] as const) {
      const cc = file.slice(-7, -5);
      const expected = new Map<string, BigNumber>();
      for (const r of json<NutsRecord[]>(file)) {
        if (Object.keys(r.programmes).length === 0) continue; // no programme: not loaded (the report counts it)
        const place = resolveNuts(r.id).placeId;
        expect(place, `${file} ${r.id}`).toBeTruthy();
        if (r.id.length === 5) expect(place, `${file} ${r.id} is a NUTS 3 code`).toMatch(/^place:nuts:/);
        add(expected, place as string, r.allocation);
      }
      const rows = await sql.query<{ place_id: string; total: string }>(
        `select place_id, sum(amount)::text as total from funding.allocation
          where breakdown = $1 and place_code like $2 and id like 'allocation:eea-grants:%' group by place_id`,
        [breakdown, `${cc}%`],
      );
      const got = new Map(rows.rows.map((r) => [r.place_id, new BigNumber(r.total)]));
      expect(plain(got), file).toEqual(plain(expected));
    }
    // Through the gateway: Miasto Warszawa (PL127 in the files, PL911 today) gets its NUTS 3 share of grants-PL.json.
    const warsaw = json<NutsRecord[]>('grants-PL.json')
      .filter((r) => r.id === 'PL127' && Object.keys(r.programmes).length > 0)
      .reduce((sum, r) => sum.plus(r.allocation), new BigNumber(0));
    const data = await query('{ place(id: "place:nuts:PL911") { allocations(limit: 200) { breakdown placeCode allocated { amount } } } }');
    const grants = (data.place.allocations as Obj[]).filter((a) => a.breakdown === 'GRANTS');
    expect(grants.every((a) => a.placeCode === 'PL127')).toBe(true);
    expect(grants.reduce((sum, a) => sum.plus(a.allocated.amount), new BigNumber(0)).toFixed()).toBe(warsaw.toFixed());
    expect(warsaw.isGreaterThan(0)).toBe(true);
  });
});

describe('keep.eu and Kohesio figures reconcile with the source', () => {
  it("per country, the keep.eu NUTS 3 figures on its regions add up to the aggregates file's matched lines", async () => {
    const file = readInput(join(sourcesDir(), 'keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv'));
    const columns: Record<string, string> = {
      keep_no_of_projects: 'keep.eu/projects',
      keep_no_of_partners: 'keep.eu/partners',
      keep_total_budgets_meur: 'keep.eu/total-budget',
      keep_erdf_meur: 'keep.eu/erdf',
    };
    const expected = new Map<string, BigNumber>();
    for (const { record } of parseDelimited(file, ',').rows) {
      const code = record.nuts3_code_matched ?? '';
      if (!code || code.includes('|') || record.match === 'none' || record.match === 'ambiguous') continue;
      for (const [column, indicator] of Object.entries(columns)) add(expected, `${record.cntr_code} ${indicator}`, record[column] ?? 'NaN');
    }
    const rows = await sql.query<{ cc: string; indicator: string; total: string }>(
      `select substring(place_id from 12 for 2) as cc, indicator, sum(value)::text as total
         from organisations.place_statistic where indicator like 'keep.eu/%' group by 1, 2`,
    );
    const got = new Map(rows.rows.map((r) => [`${r.cc} ${r.indicator}`, new BigNumber(r.total)]));
    expect(plain(got)).toEqual(plain(expected));
    expect(new Set([...expected.keys()].map((k) => k.slice(0, 2))).size).toBeGreaterThan(30);
    // Through the gateway: Timiș, the source's sample line.
    const data = await query('{ place(id: "place:nuts:RO424") { statistics(limit: 50) { indicator value } } }');
    expect((data.place.statistics as Obj[]).find((s) => s.indicator === 'keep.eu/total-budget')?.value).toBe(54.27);
  });

  it("a sum over an organisation's Kohesio records counts the figures Kohesio repeats per region once, in every country", async () => {
    const file = readInput(join(sourcesDir(), 'kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv'));
    const seenLine = new Set<string>();
    const seenFigures = new Set<string>();
    const expected = new Map<string, BigNumber>();
    let repeated = 0;
    for (const { record: r } of parseDelimited(file, '\t', { quotes: false }).rows) {
      const line = [r.Country, r.Region, r['Beneficiary Name']].join('\t');
      if (seenLine.has(line)) continue; // the same line again: one record (its other figures are kept aside)
      seenLine.add(line);
      const figures = [r.Country, r['Beneficiary Name'], r['Total Budget'], r['EU Contribution'], r['Number of Projects']].join('\t');
      if (seenFigures.has(figures)) {
        repeated++;
        continue;
      }
      seenFigures.add(figures);
      if (r['Total Budget']) add(expected, r.Country as string, r['Total Budget']);
    }
    expect(repeated).toBeGreaterThan(800);
    const byCode = await sql.query<{ country_code: string; total: string }>(
      `select country_code, sum((attributes->>'budget')::numeric)::text as total
         from organisations.organisation_record where dataset = 'kohesio-beneficiaries' group by country_code`,
    );
    const names: Record<string, string> = {
      Bulgaria: 'BG',
      Czechia: 'CZ',
      'Czech Republic': 'CZ',
      Estonia: 'EE',
      Croatia: 'HR',
      Hungary: 'HU',
      Lithuania: 'LT',
      Latvia: 'LV',
      Poland: 'PL',
      Romania: 'RO',
      Slovenia: 'SI',
      Slovakia: 'SK',
    };
    const want = new Map([...expected].map(([country, sum]) => [names[country] ?? country, sum]));
    expect(plain(new Map(byCode.rows.map((r) => [r.country_code, new BigNumber(r.total)])))).toEqual(plain(want));
    // One body Kohesio lists under all eight Romanian regions with the same figures: its budget once.
    const [office] = (
      await sql.query<{ n: number; total: string }>(
        `select count(*)::int as n, sum((attributes->>'budget')::numeric)::text as total from organisations.organisation_record
          where dataset = 'kohesio-beneficiaries' and name = 'OFICIUL NATIONAL PENTRU ACHIZITII CENTRALIZATE'`,
      )
    ).rows;
    const line = readFileSync(file.path, 'utf8')
      .split('\n')
      .find((l) => l.includes('\tOFICIUL NATIONAL PENTRU ACHIZITII CENTRALIZATE\t')) as string;
    expect(office?.n).toBe(8);
    expect(office?.total).toBe(new BigNumber(line.split('\t')[3] as string).toFixed());
  });

  it('stores no money as 0 where the source did not publish it', async () => {
    const zero = await sql.query<{ n: number }>(`select count(*)::int as n from projects.partnership where budget = 0 or co_financing = 0`);
    expect(zero.rows[0]?.n).toBe(0);
  });
});
