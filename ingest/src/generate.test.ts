import 'reflect-metadata';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSynthetic, removeSynthetic, SYNTHETIC_IDS } from './generate.js';
import { createProgress } from './progress.js';
import { runIngest } from './run.js';
import { bundledFolders } from './sources.js';
import { createWiring, resolveIdentitiesOnly } from './wiring.js';

const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
const PROJECTS = 2000;

/** The real places: both registers, as `ingest all` loads them (without the slower sources). */
async function loadRegisters(url: string): Promise<void> {
  for (const source of ['countries', 'nuts', 'teryt', 'siruta']) {
    const r = await runIngest(wiring, { source, paths: bundledFolders(source), databaseUrl: url, reportFile: null, progress: quiet });
    expect(r.ok, source).toBe(true);
  }
  // The identity step of a run that brings records: every place gets its government organisation.
  await resolveIdentitiesOnly(wiring, url);
}

async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A digest of a table's rows (all columns but updated_at), those with synthetic IDs or the others. */
async function digest(url: string, table: string, synthetic: boolean): Promise<{ rows: number; md5: string }> {
  const prefixes = Object.values(SYNTHETIC_IDS);
  const [r] = await query<{ rows: number; md5: string }>(
    url,
    `select count(*)::int as rows, md5(coalesce(string_agg((to_jsonb(t) - 'updated_at' - 'created_at')::text, '|' order by t.id), '')) as md5
     from ${table} t where (starts_with(t.id, 'org:synthetic') or exists (select 1 from unnest($1::text[]) p where starts_with(t.id, p))) = $2`,
    [prefixes, synthetic],
  );
  return r as { rows: number; md5: string };
}

const REAL_TABLES = [
  'projects.project',
  'projects.partnership',
  'funding.programme',
  'organisations.place',
  'organisations.organisation_record',
];

describe('npm run generate', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  const before: Record<string, { rows: number; md5: string }> = {};

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase('generate_a'), createTestDatabase('generate_b')]);
    await Promise.all([loadRegisters(a.url), loadRegisters(b.url)]);
    for (const t of [...REAL_TABLES, 'organisations.organisation']) before[t] = await digest(a.url, t, false);
    await generateSynthetic(wiring, { databaseUrl: a.url, projects: PROJECTS, chunk: 700 });
    await generateSynthetic(wiring, { databaseUrl: b.url, projects: PROJECTS });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it("writes Kohesio's shapes: projects, about three partnerships each, 0.3 records per project, programmes", async () => {
    const [c] = await query<Record<string, number>>(
      b.url,
      `select (select count(*) from projects.project where starts_with(id, $1))::int as projects,
              (select count(*) from projects.partnership where starts_with(id, $2))::int as partnerships,
              (select count(*) from organisations.organisation_record where starts_with(id, $3))::int as records,
              (select count(*) from funding.programme where starts_with(id, $4))::int as programmes,
              (select count(*) from projects.partnership where starts_with(id, $2) and organisation_id is null)::int as unlinked,
              (select count(distinct place_ids[1]) from projects.project where starts_with(id, $1))::int as places`,
      [SYNTHETIC_IDS.project, SYNTHETIC_IDS.partnership, SYNTHETIC_IDS.record, SYNTHETIC_IDS.programme],
    );
    expect(c?.projects).toBe(PROJECTS);
    expect(c?.partnerships).toBeGreaterThan(PROJECTS * 2.6);
    expect(c?.partnerships).toBeLessThan(PROJECTS * 3.2);
    expect(c?.records).toBe(PROJECTS * 0.3);
    expect(c?.programmes).toBe(4);
    // Every partnership reaches a canonical organisation through the identity step, as an ingest's do.
    expect(c?.unlinked).toBe(0);
    expect(c?.places).toBeGreaterThan(300);
  });

  it('leaves the synthetic rows found by region filters and counted in the figures, as an ingest does', async () => {
    const [d] = await query<Record<string, number>>(
      b.url,
      `select (select count(*) from projects.project where starts_with(id, $1) and cardinality(place_path) = 0)::int as pathless,
              (select count(*) from projects.project_fact where starts_with(project_id, $1))::int as facts,
              (select count(*) from projects.partnership_fact where starts_with(partnership_id, $2))::int as partner_facts,
              (select count(*) from projects.partnership where starts_with(id, $2))::int as partnerships`,
      [SYNTHETIC_IDS.project, SYNTHETIC_IDS.partnership],
    );
    expect(d?.pathless).toBe(0);
    expect(d?.facts).toBe(PROJECTS);
    expect(d?.partner_facts).toBe(d?.partnerships);
  });

  it('puts the most projects in the capitals and links their governments by name', async () => {
    const top = await query<{ place: string; n: number }>(
      b.url,
      `select place_ids[1] as place, count(*)::int as n from projects.project where starts_with(id, $1)
       group by 1 order by 2 desc, 1 limit 2`,
      [SYNTHETIC_IDS.project],
    );
    expect(top.map((t) => t.place).sort()).toEqual(['place:lau:PL:1465011', 'place:lau:RO:179132']);
    const [warsaw] = await query<{ n: number }>(
      b.url,
      `select count(*)::int as n from projects.partnership where starts_with(id, $1) and organisation_id = 'org:municipality:PL:1465011'`,
      [SYNTHETIC_IDS.partnership],
    );
    expect(warsaw?.n).toBeGreaterThan(5);
  });

  // One test, as its steps depend on each other (vitest may shuffle the tests of a file): the removal
  // comes last, on database a only.
  it('writes the same rows on every run whatever the chunk size, leaves the real rows as they were, and --remove takes every synthetic row out again', async () => {
    for (const t of REAL_TABLES) expect(await digest(b.url, t, true), t).toEqual(await digest(a.url, t, true));
    for (const t of REAL_TABLES) expect(await digest(a.url, t, false), t).toEqual(before[t]);
    await removeSynthetic(wiring, a.url);
    for (const t of REAL_TABLES) expect((await digest(a.url, t, true)).rows, t).toBe(0);
    const [facts] = await query<{ n: number }>(
      a.url,
      'select count(*)::int as n from projects.project_fact where starts_with(project_id, $1)',
      [SYNTHETIC_IDS.project],
    );
    expect(facts?.n).toBe(0);
    // The identity step after the removal drops the organisations only synthetic records made, and the
    // governments lose the synthetic names and citations again.
    expect(await digest(a.url, 'organisations.organisation', false)).toEqual(before['organisations.organisation']);
  });
});
