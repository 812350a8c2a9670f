import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress } from '../progress.js';
import { describeRejection, type IngestReport, runIngest } from '../run.js';
import { createWiring } from '../wiring.js';

/**
 * The reference files with one bad record, against a database that holds the real files: the strict
 * command names file, line, column and reason and writes nothing; --lenient loads the rest and leaves the
 * stored version of the bad record as it was (nothing already stored is lost or blanked).
 */

const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
let db: TestDatabase;
let client: Client;
let work: string;

const real = (folder: string, file: string) => join(sourcesDir(), folder, file);

function ingest(source: string, path: string, lenient = false): Promise<IngestReport> {
  return runIngest(wiring, { source, paths: [path], databaseUrl: db.url, reportFile: null, progress: quiet, lenient });
}

/** Every row of the tables the reference sources write, timestamps included: equal = nothing written. */
async function stored(): Promise<string> {
  const parts: string[] = [];
  for (const table of ['organisations.place', 'organisations.place_identifier', 'organisations.source']) {
    const r = await client.query<{ n: number; md5: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from ${table} t`,
    );
    parts.push(`${table} ${r.rows[0]?.n} ${r.rows[0]?.md5}`);
  }
  return parts.join('\n');
}

/** A copy of a real file with the one line that starts with `starts` changed; returns it and that line's number. */
function withBadLine(folder: string, file: string, starts: string, change: (line: string) => string): { path: string; line: number } {
  const lines = readFileSync(real(folder, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.startsWith(starts));
  expect(index, `${file}: no line starts with ${starts}`).toBeGreaterThan(0);
  const changed = change(lines[index] as string);
  expect(changed).not.toBe(lines[index]);
  lines[index] = changed;
  const path = join(work, file);
  writeFileSync(path, lines.join('\n'));
  return { path, line: index + 1 };
}

beforeAll(async () => {
  db = await createTestDatabase('reference_rejections');
  client = new Client({ connectionString: db.url });
  await client.connect();
  work = mkdtempSync(join(tmpdir(), 'rg-reference-'));
  for (const [source, folder, file] of [
    ['nuts', 'nuts-2021-2024', 'nuts2024.csv'],
    ['teryt', 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'],
    ['siruta', 'ro-siruta-lau', 'siruta.csv'],
  ] as const) {
    const report = await ingest(source, real(folder, file));
    expect(report.ok, source).toBe(true);
    expect(report.totals.created, source).toBeGreaterThan(0);
  }
}, 300_000);
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe.each([
  {
    what: 'a TERYT gmina with a letter in its gmina code',
    source: 'teryt',
    folder: 'pl-teryt-terc-2024',
    file: 'terc-2024-01-01.csv',
    starts: '06,04,01,1,Hrubieszów,',
    change: (l: string) => l.replace(/^06,04,01,/, '06,04,0A,'),
    expected: { field: 'GMI', reason: '"0A" is not a two-digit gmina code', recordId: '06040A1' },
    storedId: 'place:lau:PL:0604011',
  },
  {
    what: 'a SIRUTA locality without a name',
    source: 'siruta',
    folder: 'ro-siruta-lau',
    file: 'siruta.csv',
    starts: '155252;TIMIȘOARA;',
    change: (l: string) => l.replace(';TIMIȘOARA;', ';;'),
    expected: { field: 'DENLOC', reason: 'missing', recordId: '155252' },
    storedId: 'place:siruta:RO:155252',
  },
  {
    what: 'a NUTS region of level 4',
    source: 'nuts',
    folder: 'nuts-2021-2024',
    file: 'nuts2024.csv',
    starts: 'PL,PL81,Lubelskie,2,',
    change: (l: string) => l.replace(',Lubelskie,2,', ',Lubelskie,4,'),
    expected: { field: 'nuts_level', reason: '"4" is not a level 1-3', recordId: 'PL81' },
    storedId: 'place:nuts:PL81',
  },
])('$what', ({ source, folder, file, starts, change, expected, storedId }) => {
  it('strict: the file is refused with file, line, column and reason, and nothing is written', async () => {
    const { path, line } = withBadLine(folder, file, starts, change);
    const before = await stored();
    const report = await ingest(source, path);
    expect(report.ok).toBe(false);
    expect(report.files.find((f) => f.file === path)?.status).toBe('rejected');
    expect(report.rejections).toEqual([{ file: path, line, ...expected }]);
    expect(describeRejection(report.rejections[0] as (typeof report.rejections)[number])).toBe(
      `  ${path} (line ${line}) record ${expected.recordId}: ${expected.field}: ${expected.reason}`,
    );
    expect(await stored()).toBe(before);
  });

  it('--lenient: the other records load, and the stored version of the bad one stays as it was', async () => {
    const { path } = withBadLine(folder, file, starts, change);
    const row = async () =>
      (await client.query('select to_jsonb(p) as p from organisations.place p where id = $1', [storedId])).rows[0]?.p as
        | Record<string, unknown>
        | undefined;
    const kept = await row();
    expect(kept?.name, storedId).toBeTruthy();
    const before = await stored();
    const report = await ingest(source, path, true);
    expect(report.ok).toBe(true);
    expect(report.totals.rejected).toBe(1);
    expect(report.totals.rows).toBeGreaterThan(1000);
    // The file differs from the stored one only in the bad record, which is not written: nothing changes.
    expect([report.totals.created, report.totals.updated]).toEqual([0, 0]);
    expect(await row()).toEqual(kept);
    expect(await stored()).toBe(before);
  });
});
