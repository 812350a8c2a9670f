import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress, createWiring, runIngest } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real ingest process killed (SIGKILL) in its identity step and in the middle of a file: afterwards every
// organisation record stored is linked to an organisation, every reference to a record in projects and
// funding points at that organisation, and the killed command left nothing (its files are not loaded).
const root = join(__dirname, '..');
const src = (...parts: string[]) => join(sourcesDir(), ...parts);
let db: TestDatabase;
let client: Client;
let work: string;

beforeAll(async () => {
  db = await createTestDatabase('ingest_kill');
  client = new Client({ connectionString: db.url });
  await client.connect();
  work = mkdtempSync(join(tmpdir(), 'rg-ingest-kill-'));
  const wiring = createWiring();
  for (const [source, folder] of [
    ['countries', 'country-codes'],
    ['eea-grants', 'eea-grants-2009-2014'],
  ] as const) {
    const report = await runIngest(wiring, {
      source,
      paths: [src(folder)],
      databaseUrl: db.url,
      reportFile: null,
      progress: createProgress(process.stderr, true),
    });
    expect(report.ok).toBe(true);
  }
}, 300_000);
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Records without a (stored) organisation, and references that do not point at their record's organisation. */
async function unreachable(): Promise<Record<string, number>> {
  const refs = (table: string) =>
    `(select count(*)::int from ${table} x where x.organisation_record_id is not null and x.organisation_id is distinct from
       (select r.organisation_id from organisations.organisation_record r where r.id = x.organisation_record_id))`;
  const { rows } = await client.query(
    `select
       (select count(*)::int from organisations.organisation_record r where r.organisation_id is null
          or not exists (select 1 from organisations.organisation o where o.id = r.organisation_id)) as records,
       ${refs('projects.partnership')} as partnerships,
       ${refs('funding.programme_participant')} as participants,
       ${refs('funding."grant"')} as grants`,
  );
  return rows[0];
}

const none = { records: 0, partnerships: 0, participants: 0, grants: 0 };

async function sourcesOf(dataset: string): Promise<string[]> {
  const { rows } = await client.query(`select id from organisations.source where dataset = $1 order by id`, [dataset]);
  return rows.map((r) => r.id);
}

/** Starts the ingest command, waits until it says it paused where `variable` asks, and kills it. */
async function killWhenPaused(args: string[], variable: string): Promise<void> {
  const child = spawn(process.execPath, ['--max-old-space-size=1024', join(root, 'ingest', 'dist', 'main.js'), ...args, '--no-report'], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, SOURCES_DIR: sourcesDir(), [variable]: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ingest never paused: ${stderr}`)), 240_000);
    child.stderr.on('data', (d) => {
      stderr += String(d);
      if (stderr.includes(`paused inside the transaction (${variable})`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`ingest exited (${code}) before pausing: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  // The server notices the dropped connection and rolls its transaction back.
  for (let i = 0; i < 100; i++) {
    const open = await client.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state is not null`,
    );
    if (open.rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the killed ingest left its session open');
}

describe('a killed ingest', () => {
  it('starts from a database where every record is reachable', async () => {
    expect(await unreachable()).toEqual(none);
    expect((await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n).toBeGreaterThan(1000);
  });

  it('killed in its identity step (resolution stored, references not yet relinked) leaves its files not loaded and every record reachable', {
    timeout: 300_000,
  }, async () => {
    const records = (await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n;
    expect(await sourcesOf('keep-eu')).toEqual([]);
    await killWhenPaused(['keep-eu', src('keep-eu-api-samples')], 'INGEST_PAUSE_IN_IDENTITY');
    expect(await sourcesOf('keep-eu')).toEqual([]);
    expect((await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n).toBe(records);
    expect(await unreachable()).toEqual(none);

    // Run again to the end: loaded, and still every record and reference reachable.
    const report = await runIngest(createWiring(), {
      source: 'keep-eu',
      paths: [src('keep-eu-api-samples')],
      databaseUrl: db.url,
      reportFile: null,
      progress: createProgress(process.stderr, true),
    });
    expect(report.ok).toBe(true);
    expect(report.identity?.relinked).toBeGreaterThan(0);
    expect((await sourcesOf('keep-eu')).length).toBeGreaterThan(0);
    expect(await unreachable()).toEqual(none);
    expect(
      (await client.query(`select count(*)::int as n from projects.partnership where organisation_id is not null`)).rows[0].n,
    ).toBeGreaterThan(0);
  });

  it('killed in the middle of a file leaves that file not loaded and every record reachable', { timeout: 300_000 }, async () => {
    const file = join(work, 'kohesio-kill.tsv');
    copyFileSync(src('kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv'), file);
    const records = (await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n;
    await killWhenPaused(['kohesio-beneficiaries', file], 'INGEST_PAUSE_AFTER_FIRST_CHUNK');
    expect(await sourcesOf('kohesio-beneficiaries')).toEqual([]);
    expect((await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n).toBe(records);
    expect(await unreachable()).toEqual(none);
  });

  it('ingest all killed in its one identity step leaves nothing of the run and every record reachable', { timeout: 300_000 }, async () => {
    // Every source runs in one transaction with one identity step at the end: killed there, after all the
    // sources' files were written, none of them stays (not even the registers, which need no identity step).
    const records = (await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n;
    const places = (await client.query(`select count(*)::int as n from organisations.place`)).rows[0].n;
    expect(await sourcesOf('kohesio-beneficiaries')).toEqual([]);
    await killWhenPaused(['all'], 'INGEST_PAUSE_IN_IDENTITY');
    expect(await sourcesOf('kohesio-beneficiaries')).toEqual([]);
    expect(await sourcesOf('siruta')).toEqual([]);
    expect((await client.query(`select count(*)::int as n from organisations.organisation_record`)).rows[0].n).toBe(records);
    expect((await client.query(`select count(*)::int as n from organisations.place`)).rows[0].n).toBe(places);
    expect(await unreachable()).toEqual(none);
  });
});
