import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllReport } from '@regiograph/ingest';
import { SOURCE_FOLDERS } from '@regiograph/ingest';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from './support/run-node.js';

// The README's commands on a fresh clone: `npm run ingest -- all` and `npm run ingest -- <source>` with no path
// read the files the repository ships in data/sources. The command runs as a user runs it (the built CLI, only
// PATH and DATABASE_URL in its environment: no SOURCES_DIR), into a real PostgreSQL.
const root = join(__dirname, '..');
const bundled = join(root, 'data', 'sources');
let db: TestDatabase;
let client: Client;
let work: string;

function ingest(args: string[], databaseUrl: string, env: Record<string, string> = {}) {
  return runNode([join(root, 'ingest', 'dist', 'main.js'), ...args], { DATABASE_URL: databaseUrl, ...env }, 300_000);
}

/** Per table the ingest writes: row count and latest updated_at; equal before and after = nothing written. */
async function tableStates(on: Client): Promise<Record<string, string>> {
  const tables = await on.query<{ t: string }>(
    `select table_schema || '.' || table_name as t from information_schema.columns
     where column_name = 'updated_at' and table_schema in ('organisations', 'projects', 'funding', 'events', 'outcomes')`,
  );
  const states: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await on.query(`select count(*)::int as n, max(updated_at)::text as u from ${t}`);
    states[t] = `${r.rows[0].n} rows, last update ${r.rows[0].u}`;
  }
  return states;
}

beforeAll(async () => {
  db = await createTestDatabase('ingest_all');
  client = new Client({ connectionString: db.url });
  await client.connect();
  work = mkdtempSync(join(tmpdir(), 'rg-ingest-all-'));
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run ingest -- all, from the bundled data/sources', () => {
  let first: AllReport;
  let firstRun: Awaited<ReturnType<typeof ingest>>;

  beforeAll(async () => {
    firstRun = await ingest(['all', '--report', join(work, 'all-1.json')], db.url);
    first = JSON.parse(readFileSync(join(work, 'all-1.json'), 'utf8'));
  }, 300_000);

  it('loads every source, strict, in dependency order, each from its bundled folders', async () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    expect(first.ok).toBe(true);
    expect(first.notRun).toEqual([]);
    expect(first.reports.map((r) => r.source)).toEqual(SOURCE_FOLDERS.map((s) => s.source));
    for (const [i, report] of first.reports.entries()) {
      const entry = SOURCE_FOLDERS[i] as (typeof SOURCE_FOLDERS)[number];
      expect(report.rejections, report.source).toEqual([]);
      expect(report.totals.created, report.source).toBeGreaterThan(0);
      // Every file it read lies in one of its bundled folders.
      const read = report.files.filter((f) => f.format).map((f) => f.file);
      expect(read.length, report.source).toBeGreaterThan(0);
      for (const file of read) expect(entry.folders.some((folder) => file.startsWith(join(bundled, folder)))).toBe(true);
    }
    expect(firstRun.stdout).toMatch(/^all: 7 of 7 source\(s\): [1-9]\d* created/m);
    // The later sources found the places the earlier ones wrote: the gminas of TERYT under Polish NUTS regions,
    // and EEA projects placed in them.
    const gminas = await client.query(
      `select count(*)::int as n from organisations.place where id like 'place:lau:PL:%' and parent_id like 'place:nuts:PL%'`,
    );
    expect(gminas.rows[0].n).toBeGreaterThan(2400);
    const placed = await client.query(
      `select count(*)::int as n from projects.project where exists (select 1 from unnest(place_ids) p where p like 'place:nuts:%')`,
    );
    expect(placed.rows[0].n).toBeGreaterThan(1000);
  });

  it('reports no change on a second run, and writes nothing', { timeout: 300_000 }, async () => {
    const before = await tableStates(client);
    const again = await ingest(['all', '--report', join(work, 'all-2.json')], db.url);
    expect(again.code, again.stderr).toBe(0);
    const second: AllReport = JSON.parse(readFileSync(join(work, 'all-2.json'), 'utf8'));
    expect(second.reports.map((r) => [r.source, r.totals.created, r.totals.updated])).toEqual(SOURCE_FOLDERS.map((s) => [s.source, 0, 0]));
    expect(again.stdout).toMatch(/^all: 7 of 7 source\(s\): 0 created, 0 updated, [1-9]\d* unchanged, 0 rejected/m);
    expect(await tableStates(client)).toEqual(before);
  });
});

describe('npm run ingest -- <source> with no path', () => {
  let other: TestDatabase;
  let on: Client;
  beforeAll(async () => {
    other = await createTestDatabase('ingest_one');
    on = new Client({ connectionString: other.url });
    await on.connect();
  });
  afterAll(async () => {
    await on?.end();
    await other?.drop();
  });

  it("reads the source's bundled folders", async () => {
    const run = await ingest(['countries', '--no-report'], other.url);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^countries: 2 file\(s\), 498 records/m);
    const mongolia = await on.query(`select name from organisations.place where id = 'place:country:MN'`);
    expect(mongolia.rows).toEqual([{ name: 'Mongolia' }]);
  });

  it('reads SOURCES_DIR instead when set, and all stops before writing when a folder is missing there', async () => {
    const elsewhere = join(work, 'sources');
    // The countries are there and the NUTS regions are not: nothing may be written, not even the countries.
    for (const folder of ['country-codes', 'pl-teryt-terc-2024'])
      cpSync(join(bundled, folder), join(elsewhere, folder), { recursive: true });
    const before = await tableStates(on);
    const all = await ingest(['all', '--no-report'], other.url, { SOURCES_DIR: elsewhere });
    expect(all.code).toBe(2);
    expect(all.stderr).toContain(
      `the nuts files are not where they should be (${join(elsewhere, 'nuts-2021-2024')}, ${join(elsewhere, 'kohesio-nuts-wikidata')} missing)`,
    );
    expect(await tableStates(on)).toEqual(before);

    const teryt = await ingest(['teryt', '--report', join(work, 'teryt.json')], other.url, { SOURCES_DIR: elsewhere });
    expect(teryt.code, teryt.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'teryt.json'), 'utf8'));
    expect(report.files.map((f: { file: string }) => f.file)).toContain(join(elsewhere, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'));
    const lublin = await on.query(`select name from organisations.place where id = 'place:lau:PL:0663011'`);
    expect(lublin.rows).toEqual([{ name: 'Lublin' }]);
  });

  it('refuses a file or folder after all', async () => {
    const withPath = await ingest(['all', bundled], other.url);
    expect(withPath.code).toBe(2);
    expect(withPath.stderr).toContain('all reads the bundled folders');
  });
});
