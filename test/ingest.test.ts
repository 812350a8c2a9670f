import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress, createWiring, INGEST_LOCK, type IngestReport, runIngest, SOURCE_FOLDERS } from '@regiograph/ingest';
import { openSubgraphOrm, seedsDir, sourcesDir } from '@regiograph/lib';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { type Hub, startHub } from '@regiograph/hub';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from './support/hub.js';
import { runNode } from './support/run-node.js';

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

// The ingest command on a real PostgreSQL with the real source files: every connector strict on a fresh
// database, a reload that changes nothing, a changed record, the dry run, the rejection report, rollback
// on failure and on a kill, and the bad-input errors of the CLI.
// Two databases: the "fresh database" describe loads its own and only reloads the same files; every other
// test starts from a database with every source loaded (the file's beforeAll) and puts back what it changes,
// so the tests pass in any order.
const root = join(__dirname, '..');
const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
let db: TestDatabase;
let client: Client;
let work: string;

const src = (...parts: string[]) => join(sourcesDir(), ...parts);

async function ingest(
  source: string,
  paths: string[],
  extra: Partial<Parameters<typeof runIngest>[1]> = {},
  databaseUrl = db.url,
): Promise<IngestReport> {
  return runIngest(wiring, { source, paths, databaseUrl, reportFile: null, progress: quiet, ...extra });
}

/** Every file of every source folder, in the order the sources need. */
async function loadEverySource(databaseUrl: string): Promise<Record<string, IngestReport>> {
  const reports: Record<string, IngestReport> = {};
  for (const { source, folders } of SOURCE_FOLDERS) {
    reports[source] = await ingest(
      source,
      folders.map((f) => src(f)),
      {},
      databaseUrl,
    );
  }
  return reports;
}

async function count(table: string, on = client): Promise<number> {
  const r = await on.query(`select count(*)::int as n from ${table}`);
  return r.rows[0].n;
}

/** Row counts and latest update of every table the ingest writes: equal snapshots = nothing written. */
async function snapshot(on = client): Promise<string> {
  // Tables without updated_at (the change log, the statistics fact tables rebuilt by each command) count rows only.
  const tables = await on.query(
    `select table_schema || '.' || table_name as t,
            exists (select 1 from information_schema.columns c where c.table_schema = t.table_schema
                     and c.table_name = t.table_name and c.column_name = 'updated_at') as tracked
       from information_schema.tables t
      where table_schema in ('organisations','projects','funding','outcomes') and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations'
      order by 1`,
  );
  const parts: string[] = [];
  for (const { t, tracked } of tables.rows) {
    const r = await on.query(`select count(*)::int as n, ${tracked ? 'max(updated_at)::text' : 'null'} as u from ${t}`);
    parts.push(`${t}:${r.rows[0].n}:${r.rows[0].u}`);
  }
  return parts.join('\n');
}

function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  return runNode([join(root, 'ingest', 'dist', 'main.js'), ...args], { DATABASE_URL: db.url, ...env }, timeoutMs);
}

beforeAll(async () => {
  db = await createTestDatabase('ingest');
  client = new Client({ connectionString: db.url });
  await client.connect();
  work = mkdtempSync(join(tmpdir(), 'rg-ingest-'));
  const reports = await loadEverySource(db.url);
  for (const [source, report] of Object.entries(reports)) expect(report.ok, source).toBe(true);
}, 600_000);
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('every source, strict, on a fresh database', () => {
  let fresh: TestDatabase;
  let on: Client;
  let first: Record<string, IngestReport>;
  beforeAll(async () => {
    fresh = await createTestDatabase('ingest_fresh');
    on = new Client({ connectionString: fresh.url });
    await on.connect();
    first = await loadEverySource(fresh.url);
  }, 600_000);
  afterAll(async () => {
    await on?.end();
    await fresh?.drop();
  });

  it('loads every file of every source folder with no rejection', async () => {
    for (const { source } of SOURCE_FOLDERS) {
      const report = first[source] as IngestReport;
      // A reference list with nothing for the hub to store (EEA's sector and area lists) is read and checked only.
      const problems = report.files.filter(
        (f) => f.status !== 'loaded' && f.status !== 'skipped' && !(f.status === 'unchanged' && f.rows === 0),
      );
      expect(problems, `${source}: ${JSON.stringify(problems)}`).toEqual([]);
      expect(report.rejections, source).toEqual([]);
      expect(report.totals.created, source).toBeGreaterThan(0);
      // Nothing in the source folders is left unread but the SOURCE.md notes.
      const skipped = report.files.filter((f) => f.status === 'skipped').map((f) => f.file.split('/').pop());
      expect(
        skipped.every((n) => n === 'SOURCE.md'),
        `${source} skipped ${skipped}`,
      ).toBe(true);
    }
    expect(await count('organisations.place', on)).toBeGreaterThan(249 + 1582 + 2400 + 3181);
    expect(await count('organisations.organisation_record', on)).toBeGreaterThan(20_000);
    expect(await count('projects.project', on)).toBeGreaterThan(2400);
  });

  it('reports 0 created and 0 updated on a second run, and moves no updated_at', { timeout: 600_000 }, async () => {
    const before = await snapshot(on);
    const again = await loadEverySource(fresh.url);
    for (const [source, report] of Object.entries(again)) {
      expect(report.totals.created, source).toBe(0);
      expect(report.totals.updated, source).toBe(0);
      for (const f of report.files.filter((x) => x.format)) expect(f.status, f.file).toBe('unchanged');
    }
    expect(await snapshot(on)).toBe(before);
  });

  it('reloading the seeds after the data changes nothing, and the data after the seeds neither', { timeout: 600_000 }, async () => {
    const before = await snapshot(on);
    for (const module of SUBGRAPHS) {
      const orm = await openSubgraphOrm(module, { databaseUrl: fresh.url });
      try {
        const result = await module.seed(orm, seedsDir());
        expect([module.name, result.created, result.updated]).toEqual([module.name, 0, 0]);
      } finally {
        await orm.close(true);
      }
    }
    const again = await loadEverySource(fresh.url);
    for (const [source, report] of Object.entries(again)) {
      expect([source, report.totals.created, report.totals.updated]).toEqual([source, 0, 0]);
    }
    expect(await snapshot(on)).toBe(before);
  });

  it('keeps the figures of repeated Kohesio lines instead of dropping them', async () => {
    const r = await on.query(
      `select count(*)::int as n from organisations.organisation_record where dataset = 'kohesio-beneficiaries' and attributes ? 'alsoListed'`,
    );
    expect(r.rows[0].n).toBeGreaterThan(20);
  });

  it('cites every ingested record with its file, record ID, licence and retrieval date', async () => {
    const r = await on.query(
      `select o.source_ids, s.file, s.licence, s.attribution, s.publisher, s.url, s.retrieved_on::text as retrieved
       from organisations.organisation_record o join organisations.source s on s.id = split_part(o.source_ids[1], '#', 1)
       where o.id = 'eea-grants/organisation:507'`,
    );
    expect(r.rows[0].source_ids.some((id: string) => id.endsWith('#organisation/507'))).toBe(true);
    expect(r.rows[0].attribution).toMatch(/Financial Mechanism Office/);
    expect(r.rows[0].retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Each stored term against what the source's own SOURCE.md says, so a term dropped or swapped fails.
    const sourceMd = readFileSync(src('eea-grants-2009-2014', 'SOURCE.md'), 'utf8');
    const reuse = (/"(Reuse is authorised[^"]*)"/.exec(sourceMd)?.[1] ?? '').replace(/\s+/g, ' ');
    expect(reuse.length).toBeGreaterThan(10);
    expect(r.rows[0].licence).toContain(reuse);
    expect(r.rows[0].file).toMatch(/\.(json|csv)$/);
    expect(r.rows[0].source_ids[0]).toContain(`:${r.rows[0].file}#`);
    expect(sourceMd).toContain(r.rows[0].file);
    expect(r.rows[0].publisher).toMatch(/Financial Mechanism Office/);
    expect(sourceMd).toContain('Financial Mechanism Office');
    expect(r.rows[0].url).toMatch(/^https:\/\/data\.eeagrants\.org\/?$/);
    expect(sourceMd).toContain(new URL(r.rows[0].url).host);
    const untraced = await on.query(
      `select count(*)::int as n from projects.project where id like 'project:eea-grants:%' and cardinality(source_ids) = 0`,
    );
    expect(untraced.rows[0].n).toBe(0);
  });
});

describe('a changed record', () => {
  it('updates in place, keeps its ID and moves updated_at only for it; the dry run reports it and writes nothing', {
    timeout: 180_000,
  }, async () => {
    const file = join(work, 'keep-project-17853.json');
    const record = JSON.parse(readFileSync(src('keep-eu-api-samples', 'keep-project-17853.json'), 'utf8'));
    const before = await client.query(
      `select total_budget, created_at, updated_at from projects.project where id = 'project:keep-eu:17853'`,
    );
    expect(Number(before.rows[0].total_budget)).toBeCloseTo(5816165.49, 2);
    record.total_budget = '5900000.00';
    writeFileSync(file, JSON.stringify(record));

    const snap = await snapshot();
    const dry = await ingest('keep-eu', [file], { dryRun: true });
    expect(dry.files[0]?.status).toBe('dry-run');
    expect(dry.totals.updated).toBeGreaterThanOrEqual(1);
    expect(await snapshot()).toBe(snap);

    const real = await ingest('keep-eu', [file]);
    expect(real.totals.updated).toBe(dry.totals.updated);
    expect(real.totals.created).toBe(dry.totals.created);
    const after = await client.query(
      `select total_budget, created_at, updated_at from projects.project where id = 'project:keep-eu:17853'`,
    );
    expect(Number(after.rows[0].total_budget)).toBe(5900000);
    expect(after.rows[0].created_at).toEqual(before.rows[0].created_at);
    expect(after.rows[0].updated_at.getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime());

    // A partner dropped from the record is gone after the reload; the others stay.
    const withoutLead = { ...record, partnerships: record.partnerships.filter((p: Obj) => p.type !== 'lead') };
    writeFileSync(file, JSON.stringify(withoutLead));
    const dropped = await ingest('keep-eu', [file]);
    expect(dropped.files[0]?.tables['projects.partnership (removed)']?.updated).toBe(1);
    const left = await client.query(`select id from projects.partnership where project_id = 'project:keep-eu:17853' order by id`);
    expect(left.rows.map((r) => r.id)).toEqual(['partnership:keep-eu:80594']);

    // Loading the original again restores it; loading it once more changes nothing.
    expect((await ingest('keep-eu', [src('keep-eu-api-samples', 'keep-project-17853.json')])).totals.updated).toBeGreaterThanOrEqual(1);
    const again = await ingest('keep-eu', [src('keep-eu-api-samples', 'keep-project-17853.json')]);
    expect([again.totals.created, again.totals.updated]).toEqual([0, 0]);
  });
});

describe('a renamed place', () => {
  it('takes the new official name when no seed cites it, keeping the former one findable; a seeded place keeps its curated name', async () => {
    const text = readFileSync(src('pl-teryt-terc-2024', 'terc-2024-01-01.csv'), 'utf8');
    const file = join(work, 'terc-renamed.csv');
    // The rural gmina around Bolesławiec (not in the seeds) and Tarnów (a seeded town) renamed in a later register.
    writeFileSync(
      file,
      text
        .replace(',Bolesławiec,gmina wiejska,', ',Bolesławiec Wiejski,gmina wiejska,')
        .replace(',Tarnów,gmina miejska,', ',Tarnów Nowy,gmina miejska,'),
    );
    const place = async (id: string) => (await client.query(`select name, alt_names from organisations.place where id = $1`, [id])).rows[0];
    const renamed = await ingest('teryt', [file]);
    expect(renamed.ok).toBe(true);
    expect(await place('place:lau:PL:0201022')).toMatchObject({ name: 'Bolesławiec Wiejski' });
    expect((await place('place:lau:PL:0201022')).alt_names).toContain('Bolesławiec');
    expect(await place('place:lau:PL:1263011')).toMatchObject({ name: 'Tarnów' });
    expect((await place('place:lau:PL:1263011')).alt_names).toContain('Tarnów Nowy');
    // The register as it is again: the official name comes back, and reloading it changes nothing.
    await ingest('teryt', [src('pl-teryt-terc-2024')]);
    expect(await place('place:lau:PL:0201022')).toMatchObject({ name: 'Bolesławiec' });
    const again = await ingest('teryt', [src('pl-teryt-terc-2024')]);
    expect([again.totals.created, again.totals.updated]).toEqual([0, 0]);
  });
});

describe('invalid records', () => {
  function tercWithBadLine(): { file: string; line: number } {
    const text = readFileSync(src('pl-teryt-terc-2024', 'terc-2024-01-01.csv'), 'utf8').split('\n');
    // A town gmina (no parts depend on it) whose code is not the 7 digits of WOJ+POW+GMI+RODZ.
    const index = text.findIndex((l) => l.includes(',0604011,'));
    text[index] = (text[index] as string).replace('0604011', '06040X1');
    const file = join(work, 'terc-bad.csv');
    writeFileSync(file, text.join('\n'));
    return { file, line: index + 1 };
  }

  it('strict: a file with an invalid record loads nothing and the report names file, line, field and reason (also as JSON)', async () => {
    const { file, line } = tercWithBadLine();
    const snap = await snapshot();
    const reportFile = join(work, 'report.json');
    const report = await ingest('teryt', [file], { reportFile });
    expect(report.ok).toBe(false);
    expect(report.files[0]?.status).toBe('rejected');
    expect(report.rejections).toHaveLength(1);
    expect(report.rejections[0]).toMatchObject({ file, line });
    expect(report.rejections[0]?.field).toBeTruthy();
    expect(report.rejections[0]?.reason).toBeTruthy();
    expect(await snapshot()).toBe(snap);
    const json = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(json.rejections[0]).toMatchObject({ file, line, field: report.rejections[0]?.field });
  });

  it('--lenient loads the valid records and reports the rest', async () => {
    const { file } = tercWithBadLine();
    const report = await ingest('teryt', [file], { lenient: true });
    expect(report.ok).toBe(true);
    expect(report.files[0]?.status).not.toBe('rejected');
    expect(report.totals.rejected).toBe(1);
    expect(report.totals.rows).toBeGreaterThan(15_000);
    // The register as it is again, for the tests after this one.
    expect((await ingest('teryt', [src('pl-teryt-terc-2024')])).ok).toBe(true);
  });
});

describe('rollback', () => {
  it('a failure in the middle of a file leaves the database as it was before that file', async () => {
    const original = src('keep-eu-api-samples', 'keep-project-17853.json');
    // The file as it is, loaded (again) first: that is the state to come back to.
    expect((await ingest('keep-eu', [original])).ok).toBe(true);

    // A later version of the same file (same name, so the same source): existing rows changed, rows
    // added, and after them a partnership whose address holds a NUL character. The connector accepts it;
    // PostgreSQL refuses it in text, so the file fails while it is being written, after the rows before it.
    const record = JSON.parse(readFileSync(original, 'utf8'));
    record.total_budget = '6100000.00';
    const [first, second] = record.partnerships as Obj[];
    (first as Obj).total_budget = '123456.78';
    (first as Obj).partner.name = 'Orașul Turnu Măgurele (renamed)';
    (second as Obj).town = 'Nikopol (changed)';
    for (let i = 1; i <= 3; i++) {
      const added = JSON.parse(JSON.stringify(first));
      added.id = 99_100_000 + i;
      added.partner.id = 99_200_000 + i;
      added.partner.name = `Added partner ${i}`;
      record.partnerships.push(added);
    }
    const bad = JSON.parse(JSON.stringify(first));
    bad.id = 99_100_009;
    bad.partner.id = 99_200_009;
    bad.partner.name = 'Added partner with a bad address';
    bad.location_address = 'Strada \u0000 1';
    record.partnerships.push(bad);
    const dir = mkdtempSync(join(work, 'changed-'));
    const changed = join(dir, 'keep-project-17853.json');
    writeFileSync(changed, JSON.stringify(record));

    const state = async () => ({
      counts: {
        records: await count('organisations.organisation_record'),
        projects: await count('projects.project'),
        partnerships: await count('projects.partnership'),
        sources: await count('projects.source'),
      },
      project: (await client.query(`select total_budget::text, updated_at from projects.project where id = 'project:keep-eu:17853'`)).rows,
      partnerships: (
        await client.query(
          `select id, budget::text, town, address, updated_at from projects.partnership where project_id = 'project:keep-eu:17853' order by id`,
        )
      ).rows,
      partners: (
        await client.query(
          `select id, name, updated_at from organisations.organisation_record where id like 'keep.eu/organisation:%' and (id = any($1) or id like 'keep.eu/organisation:992%') order by id`,
          [[`keep.eu/organisation:${first?.partner.id}`, `keep.eu/organisation:${second?.partner.id}`]],
        )
      ).rows,
    });
    const before = await state();
    expect(before.project).toHaveLength(1);
    expect(before.partnerships.map((p) => p.id)).toEqual([`partnership:keep-eu:${second?.id}`, `partnership:keep-eu:${first?.id}`].sort());
    expect(before.partners.map((p) => p.name)).toEqual(expect.arrayContaining(['Orașul Turnu Măgurele']));
    const snap = await snapshot();

    let written = 0;
    const report = await ingest('keep-eu', [changed], {
      chunk: 1,
      afterChunk: async (_file, n) => {
        written = n;
      },
    });
    expect(report.ok).toBe(false);
    const failed = report.files.find((f) => f.format);
    expect(failed?.status).toBe('failed');
    expect(failed?.why).toMatch(/unicode|0x00|byte sequence/i);
    // The failure came after the changed and added rows were written, one a chunk: 6 partner records,
    // the project and 5 partnerships at least.
    expect(written).toBeGreaterThanOrEqual(6 + 1 + 5);

    expect(await state()).toEqual(before);
    expect(await snapshot()).toBe(snap);
  });

  it('the files after a failed one are not loaded, and the report says so rather than leaving them out', async () => {
    const several = await ingest('keep-eu', [src('keep-eu-api-samples')], {
      afterChunk: async (file) => {
        if (file.endsWith('keep-project-17853.json')) throw new Error('injected failure');
      },
    });
    expect(several.files.filter((f) => f.format).map((f) => [f.file.split('/').pop(), f.status])).toEqual([
      ['interreg-programmes-keep-cci-bg-subset.csv', 'unchanged'],
      ['keep-project-17853.json', 'failed'],
      ['keep-project-33607.json', 'skipped'],
    ]);
    expect(several.files.at(-1)?.why).toBe('not loaded: an earlier file failed');
  });

  it('a kill in the middle of a file leaves the database as it was before that file', async () => {
    const file = join(work, 'kill.tsv');
    // A fresh copy under another name: new source row, so an unfinished load would show.
    copyFileSync(src('kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv'), file);
    const snap = await snapshot();
    const child = spawn(process.execPath, [join(root, 'ingest', 'dist', 'main.js'), 'kohesio-beneficiaries', file, '--no-report'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, INGEST_PAUSE_AFTER_FIRST_CHUNK: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the ingest never paused')), 60_000);
      child.stderr.on('data', (d) => {
        if (String(d).includes('paused inside the transaction')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`ingest exited (${code}) before pausing`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The server notices the dropped connection and rolls the transaction back.
    for (let i = 0; i < 50; i++) {
      const open = await client.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
      );
      if (open.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await snapshot()).toBe(snap);
  });
});

describe('the identity step', () => {
  it("runs in the command's transaction: a failed identity step keeps nothing of the command; records left unresolved are resolved by the next run, even one that changes nothing", {
    timeout: 300_000,
  }, async () => {
    const record = JSON.parse(readFileSync(src('keep-eu-api-samples', 'keep-project-17853.json'), 'utf8'));
    // A new partner organisation in the project.
    const extra = JSON.parse(JSON.stringify(record.partnerships[0]));
    extra.id = 99_000_001;
    extra.partner.id = 99_000_002;
    extra.partner.name = 'Asociația de Test Turnu Măgurele';
    record.partnerships.push(extra);
    const file = join(work, 'keep-project-17853-plus.json');
    writeFileSync(file, JSON.stringify(record));
    const stored = async () =>
      (await client.query(`select organisation_id from organisations.organisation_record where id = 'keep.eu/organisation:99000002'`)).rows;
    const link = async () => (await stored())[0]?.organisation_id;
    const snap = await snapshot();

    const stopped = await ingest('keep-eu', [file], {
      beforeIdentity: async () => {
        throw new Error('stopped before the identity step');
      },
    });
    expect(stopped.ok).toBe(false);
    const failed = stopped.files.find((f) => f.format);
    expect(failed?.status).toBe('failed');
    expect(failed?.why).toMatch(/identity resolution failed \(stopped before the identity step\); the command was rolled back/);
    expect(failed?.created).toBe(0);
    expect(stopped.identity).toBeUndefined();
    // Nothing of the command stays: no record waits, unreachable, for an identity step.
    expect(await stored()).toEqual([]);
    expect(await snapshot()).toBe(snap);

    const next = await ingest('keep-eu', [file]);
    expect(next.files.find((f) => f.format)?.status).toBe('loaded');
    expect(next.identity?.changes).toBeGreaterThan(0);
    expect(await link()).toMatch(/^org:/);

    // A database an earlier version left with an unresolved record (it committed before its identity step):
    // the next run resolves it, although its file changes nothing.
    await client.query(`update organisations.organisation_record set organisation_id = null where id = 'keep.eu/organisation:99000002'`);
    const resumed = await ingest('keep-eu', [file]);
    expect(resumed.files.find((f) => f.format)?.status).toBe('unchanged');
    expect(resumed.identity?.changes).toBeGreaterThan(0);
    expect(await link()).toMatch(/^org:/);
    const partnership = await client.query(`select organisation_id from projects.partnership where id = 'partnership:keep-eu:99000001'`);
    expect(partnership.rows[0].organisation_id).toBe(await link());

    const again = await ingest('keep-eu', [file]);
    expect(again.identity).toBeUndefined();

    // The project as its file has it again, for the tests after this one.
    expect((await ingest('keep-eu', [src('keep-eu-api-samples', 'keep-project-17853.json')])).ok).toBe(true);
    expect((await client.query(`select id from projects.partnership where id = 'partnership:keep-eu:99000001'`)).rows).toEqual([]);
  });
});

describe('undoing a merge', () => {
  it('a curated non-match splits a merge on the next identity run, and removing it merges again; no record is lost', {
    timeout: 300_000,
  }, async () => {
    const linkOf = async (id: string) =>
      (await client.query(`select organisation_id, match_rule from organisations.organisation_record where id = $1`, [id])).rows[0];
    expect(await linkOf('eea-grants/organisation:507')).toMatchObject({
      organisation_id: 'org:PL:zwiazek-miast-polskich',
      match_rule: 'curated',
    });
    const participants = async () =>
      (
        await client.query(
          `select distinct organisation_id from funding.programme_participant where organisation_record_id = 'eea-grants/organisation:507'`,
        )
      ).rows.map((r) => r.organisation_id);
    expect(await participants()).toEqual(['org:PL:zwiazek-miast-polskich']);
    const records = await count('organisations.organisation_record');

    const curated = readFileSync(join(root, 'seeds', 'organisation-matches.yaml'), 'utf8');
    const edited = join(work, 'organisation-matches.yaml');
    // Drop the confirmed match and state the opposite.
    const withoutZmp = curated.replace(
      / {2}- records: \[org:PL:zwiazek-miast-polskich, "eea-grants\/organisation:507"\]\n {4}note: [^\n]*\n/,
      '',
    );
    expect(withoutZmp).not.toBe(curated);
    writeFileSync(
      edited,
      withoutZmp.replace(
        /^distinct:\n/m,
        `distinct:\n  - records: [org:PL:zwiazek-miast-polskich, "eea-grants/organisation:507"]\n    note: test - undo the merge\n`,
      ),
    );
    // Two identity runs over every record: minutes on a busy machine, so the run and the test get room.
    const run = (file: string) => runCli(['identities'], { ORGANISATION_MATCHES_FILE: file }, 240_000);
    const split = await run(edited);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toMatch(/identities: [\d,]+ source records -> [\d,]+ organisations/);
    const apart = await linkOf('eea-grants/organisation:507');
    expect(apart.organisation_id).not.toBe('org:PL:zwiazek-miast-polskich');
    expect(await participants()).toEqual([apart.organisation_id]);
    expect(await count('organisations.organisation_record')).toBe(records);

    const merged = await run(join(root, 'seeds', 'organisation-matches.yaml'));
    expect(merged.code, merged.stderr).toBe(0);
    expect(await linkOf('eea-grants/organisation:507')).toMatchObject({
      organisation_id: 'org:PL:zwiazek-miast-polskich',
      match_rule: 'curated',
    });
    expect(await participants()).toEqual(['org:PL:zwiazek-miast-polskich']);
    // The organisation made for the split is gone again.
    const orphan = await client.query(`select count(*)::int as n from organisations.organisation where id = $1`, [apart.organisation_id]);
    expect(orphan.rows[0].n).toBe(0);
  });
});

describe('one run at a time', () => {
  it('refuses to start while another ingest holds the database, and writes nothing', async () => {
    const snap = await snapshot();
    await client.query('select pg_advisory_lock($1)', [INGEST_LOCK]);
    try {
      await expect(ingest('countries', [src('country-codes')])).rejects.toThrow(/another ingest is running/);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [INGEST_LOCK]);
    }
    expect(await snapshot()).toBe(snap);
    expect((await ingest('countries', [src('country-codes')])).ok).toBe(true);
  });
});

describe('bad input on the command line: one clear error, exit code 2, nothing written', () => {
  it('refuses an unknown source, a missing file, a wrong format, broken JSON and a non-UTF-8 file', { timeout: 120_000 }, async () => {
    const snap = await snapshot();
    const unknown = await runCli(['eurostat', src('nuts-2021-2024')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown source "eurostat"; known sources: .*eea-grants/);

    const missing = await runCli(['teryt', join(work, 'no-such-file.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.csv: no such file or folder');

    const wrong = await runCli(['eea-grants', src('pl-teryt-terc-2024', 'terc-2024-01-01.csv')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/terc-2024-01-01\.csv: not a eea-grants file/);

    const broken = join(work, 'keep-project-broken.json');
    const text = readFileSync(src('keep-eu-api-samples', 'keep-project-17853.json'), 'utf8');
    writeFileSync(broken, text.replace('"status": "closed",', '"status": "closed"'));
    const json = await runCli(['keep-eu', broken]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/keep-project-broken\.json:\d+:\d+: broken JSON/);

    const latin = join(work, 'terc-cp1250.csv');
    const utf8 = readFileSync(src('pl-teryt-terc-2024', 'terc-2024-01-01.csv'), 'utf8');
    // Windows-1250 bytes for the Polish letters, as GUS files often come.
    const cp1250: Record<string, number> = {
      ą: 0xb9,
      ć: 0xe6,
      ę: 0xea,
      ł: 0xb3,
      ń: 0xf1,
      ó: 0xf3,
      ś: 0x9c,
      ź: 0x9f,
      ż: 0xbf,
      Ł: 0xa3,
      Ś: 0x8c,
      Ż: 0xaf,
    };
    const bytes: number[] = [];
    for (const ch of utf8) {
      const b = cp1250[ch];
      if (b !== undefined) bytes.push(b);
      else bytes.push(...Buffer.from(ch, 'utf8'));
    }
    writeFileSync(latin, Buffer.from(bytes));
    const enc = await runCli(['teryt', latin]);
    expect(enc.code).toBe(2);
    expect(enc.stderr).toMatch(/terc-cp1250\.csv:\d+:\d+: not UTF-8/);

    expect(await snapshot()).toBe(snap);
    expect(existsSync(join(work, 'no-such-file.csv'))).toBe(false);
  });

  it('prints plain progress lines and a summary when not on a terminal', async () => {
    const run = await runCli(['countries', src('country-codes', 'country-codes-compact.csv'), '--no-report']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/unchanged country-codes-compact\.csv \[.*\]: 249 records/);
    expect(run.stdout).toMatch(/countries: 1 file\(s\), 249 records -> \d+ rows: 0 created, 0 updated/);
  });
});

describe('through the gateway: what the articles say beside what the open data says', () => {
  let hub: Hub;
  const operation = (name: string, variables: Record<string, unknown>) =>
    postGraphQL<Obj>(hub.gateway.url, readOperation(name), variables, name);
  beforeAll(async () => {
    hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1' });
  });
  afterAll(async () => hub?.stop());

  it('OrganisationByIdentifier finds the Association of Polish Cities by its EEA Grants key, with its Polish name from the articles', async () => {
    const res = await operation('OrganisationByIdentifier', { scheme: 'eea-grants/organisation', value: '507' });
    expect(res.errors).toBeUndefined();
    const org = res.data?.organisationByIdentifier as Obj;
    expect(org).toMatchObject({ id: 'org:PL:zwiazek-miast-polskich', name: 'Związek Miast Polskich', acronym: 'ZMP', derived: false });
    const record = (org.records as Obj[]).find((r) => r.id === 'eea-grants/organisation:507') as Obj;
    expect(record).toMatchObject({ dataset: 'eea-grants', name: 'THE ASSOCIATION OF POLISH CITIES', countryCode: 'PL' });
    expect(record.match.rule).toBe('curated');
    expect(record.match.explanation).toMatch(/organisation-matches\.yaml/);
    expect(record.sources.map((s: Obj) => s.recordId)).toContain('organisation/507');
    expect(record.sources[0]).toMatchObject({ kind: 'DATASET', dataset: 'eea-grants' });
    expect(record.sources[0].attribution).toMatch(/data\.eeagrants\.org/);
    // Its names in every source: the articles' Polish name and the EEA Grants English one.
    const names = (org.names as Obj[]).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['Związek Miast Polskich', 'THE ASSOCIATION OF POLISH CITIES']));
    expect((org.identifiers as Obj[]).map((i) => `${i.scheme}|${i.value}`)).toContain('eea-grants/organisation|507');
    // The EEA Grants programme it took part in, and both the article and the data among its sources.
    expect((org.programmeRoles as Obj[]).map((r) => r.programme.code)).toContain('IN22');
    const kinds = new Set((org.sources as Obj[]).map((s) => s.kind));
    expect(kinds).toEqual(new Set(['ARTICLE', 'DATASET']));
  });

  it('ProjectByIdentifier finds a keep.eu project with its money and partners, and an EEA Grants project by its code', async () => {
    const keep = await operation('ProjectByIdentifier', { scheme: 'keep.eu/project', value: '17853' });
    expect(keep.errors).toBeUndefined();
    const p = keep.data?.projectByIdentifier as Obj;
    expect(p).toMatchObject({
      id: 'project:keep-eu:17853',
      status: 'COMPLETED',
      budget: { amount: '5816165.49', currency: 'EUR' },
      coFinanced: { amount: '4943740.67', currency: 'EUR' },
    });
    expect(p.programme).toMatchObject({ id: 'programme:keep-eu:35', period: '2014-2020' });
    const lead = (p.partnerships as Obj[]).find((x) => x.role === 'LEAD_PARTNER') as Obj;
    expect(lead.organisation).toMatchObject({ name: 'Община Никопол' });
    expect(lead.country.nameEn).toBe('Bulgaria');
    expect(lead.sources.map((x: Obj) => `${x.dataset}/${x.file}`)).toContain('keep-eu/keep-project-17853.json');

    const eea = await operation('ProjectByIdentifier', { scheme: 'eea-grants/project', value: 'PL03-0009' });
    expect(eea.errors).toBeUndefined();
    expect(eea.data?.projectByIdentifier).toMatchObject({
      id: 'project:eea-grants:PL03-0009',
      code: 'PL03-0009',
      programme: { code: 'PL03' },
    });
    const none = await operation('ProjectByIdentifier', { scheme: 'keep.eu/project', value: '0' });
    expect(none.data?.projectByIdentifier).toBeNull();
  });

  it('CityProfile shows Piaseczno, Tarnów and Timișoara with official codes, region figures and data records beside the article facts', async () => {
    const piaseczno = (await operation('CityProfile', { name: 'Piaseczno' })).data?.place as Obj;
    expect(piaseczno.id).toBe('place:lau:PL:1418043');
    expect(piaseczno.identifiers.map((i: Obj) => `${i.scheme}|${i.value}`)).toContain('teryt|1418043');
    expect(piaseczno.sources.map((s: Obj) => s.kind).sort()).toEqual(expect.arrayContaining(['ARTICLE', 'DATASET']));
    expect(piaseczno.government.partnerships[0].project.acronym).toBe('Public4mSME+');
    const kohesio = (piaseczno.government.records as Obj[]).find((r) => r.dataset === 'kohesio-beneficiaries');
    expect(kohesio).toMatchObject({ name: 'Gmina Piaseczno' });
    expect(kohesio?.attributes.projectCount).toBeGreaterThan(0);

    const tarnow = (await operation('CityProfile', { name: 'Tarnow' })).data?.place as Obj;
    expect(tarnow.government.name).toBe('Gmina Miasta Tarnowa');
    expect(tarnow.identifiers.map((i: Obj) => i.scheme)).toEqual(expect.arrayContaining(['teryt', 'lau']));
    expect(tarnow.parent).toMatchObject({ nutsCode: 'PL217', kind: 'NUTS3' });
    expect((tarnow.parent.statistics as Obj[]).map((s) => s.indicator)).toContain('keep.eu/projects');
    expect((tarnow.government.records as Obj[]).map((r) => r.dataset)).toContain('kohesio-beneficiaries');

    const timisoara = (await operation('CityProfile', { name: 'timisoara' })).data?.place as Obj;
    expect(timisoara.identifiers.map((i: Obj) => `${i.scheme}|${i.value}`)).toContain('siruta|155243');
    expect(timisoara.parent).toMatchObject({ nutsCode: 'RO424', kind: 'NUTS3' });
    const stats = timisoara.parent.statistics as Obj[];
    expect(stats.find((s) => s.indicator === 'keep.eu/projects')?.value).toBe(93);
    expect((timisoara.parent.allocations as Obj[]).length).toBeGreaterThan(0);
    // West University of Timișoara, from the EEA Grants data, in the city's NUTS 3 region.
    expect((timisoara.parent.organisations as Obj[]).some((o) => /timi[sș]oara/i.test(o.name) && o.derived)).toBe(true);
    expect(timisoara.government.partnerships.find((p: Obj) => p.project.code === 'PGI06047')).toBeTruthy();
  });

  it("a country's allocations are its own: breakdown rows whose old NUTS code only the country contains are not added to them", async () => {
    const res = await postGraphQL<Obj>(
      hub.gateway.url,
      '{ place(id: "place:country:PL") { allocations { placeCode breakdown allocated { amount } } } }',
    );
    expect(res.errors).toBeUndefined();
    const codes = (((res.data?.place as Obj | undefined)?.allocations as Obj[] | undefined) ?? []).map((a) => a.placeCode);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 'PL')).toBe(true);
    // PL1 and PL3 (NUTS 2013 regions split in 2016) resolve to the country through the correspondence table:
    // they are rows of a breakdown, never the country's own allocation.
    const stored = await client.query(
      `select count(*) filter (where breakdown is null)::int as own, count(*)::int as n
         from funding.allocation where place_id = 'place:country:PL' and length(place_code) > 2`,
    );
    expect(stored.rows[0]).toEqual({ own: 0, n: expect.any(Number) });
    expect(stored.rows[0].n).toBeGreaterThan(0);
  });
});
