import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSynthetic, removeSynthetic } from './generate.js';
import { createProgress } from './progress.js';
import { runIngest } from './run.js';
import { bundledFolders } from './sources.js';
import { createWiring, resolveIdentitiesOnly } from './wiring.js';

// The totals and the place -> project member table the projects schema keeps by trigger
// (Migration20261204100000MaintainedTotals, lib/src/totals.ts) against the same figures counted from the
// rows, after every kind of write: the seeds, an ingest that inserts, one that updates a title and drops a
// partner, the same file again, `npm run generate` and `--remove`, plain SQL updates and deletes, a TRUNCATE.

const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
// biome-ignore lint/suspicious/noExplicitAny: a keep.eu record as its file gives it
type Obj = Record<string, any>;

/** Each place's projects as Place.projectsConnection defined them before the member table: counted from the rows. */
const COUNTED_MEMBERS = `
  select distinct m.place_id, m.project_id from (
    select x as place_id, p.id as project_id from projects.project p cross join unnest(p.place_ids || p.country_ids) x
    union all select s.place_id, s.project_id from projects.partnership s
    union all select s.country_id, s.project_id from projects.partnership s) m
  join projects.project p on p.id = m.project_id where m.place_id is not null`;

/** What differs between the maintained figures and the counted ones (empty when they agree). */
async function differences(client: Client): Promise<Obj> {
  const q = async (sql: string) => (await client.query(sql)).rows;
  const maintained = (list: string) => `select parent, n::int from projects.list_total where list = '${list}' and n <> 0`;
  const both = (a: string, b: string) => `(${a} except ${b}) union all (${b} except ${a})`;
  const counted = {
    projects: `select ''::text as parent, count(*)::int as n from projects.project having count(*) > 0`,
    placeProjects: `select place_id, count(*)::int from (${COUNTED_MEMBERS}) c group by place_id`,
    placePartnerships: `select e, count(*)::int from projects.partnership s
      cross join lateral (select distinct e from unnest(array[s.place_id, s.country_id]) e where e is not null) p group by e`,
  };
  return {
    projects: await q(both(maintained('Query.projectsConnection'), counted.projects)),
    placeProjects: await q(both(maintained('Place.projectsConnection'), counted.placeProjects)),
    placePartnerships: await q(both(maintained('Place.partnershipsConnection'), counted.placePartnerships)),
    members: await q(both('select place_id, project_id from projects.project_place_members', COUNTED_MEMBERS)),
    titles: await q(
      `select m.project_id from projects.project_place_members m join projects.project p on p.id = m.project_id where m.title <> p.title`,
    ),
  };
}

const NONE = { projects: [], placeProjects: [], placePartnerships: [], members: [], titles: [] };

describe('maintained totals and place lists', () => {
  let db: TestDatabase;
  let client: Client;
  let work: string;

  beforeAll(async () => {
    db = await createTestDatabase('maintained_totals');
    await wiring.prepare(db.url);
    client = new Client({ connectionString: db.url });
    await client.connect();
    work = mkdtempSync(join(tmpdir(), 'rg-totals-'));
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const ingest = async (source: string, paths: string[]) => {
    const r = await runIngest(wiring, { source, paths, databaseUrl: db.url, reportFile: null, progress: quiet });
    expect(r.ok, source).toBe(true);
  };

  it('agree with the rows counted after every kind of write', { timeout: 600_000 }, async () => {
    const [seeded] = (await client.query(`select n::int from projects.list_total where list = 'Query.projectsConnection'`)).rows;
    expect(seeded?.n, 'the seeds are counted').toBeGreaterThan(0);
    expect(await differences(client), 'after the seeds').toEqual(NONE);

    // Inserts, then an update of the title and a partner dropped, then the same file again.
    const record = JSON.parse(readFileSync(join(sourcesDir(), 'keep-eu-api-samples', 'keep-project-17853.json'), 'utf8')) as Obj;
    const file = join(work, 'keep-project-17853.json');
    writeFileSync(file, JSON.stringify(record));
    await ingest('keep-eu', [file]);
    expect(await differences(client), 'after a keep.eu project with its partners').toEqual(NONE);
    const revised = structuredClone(record);
    revised.translations.en.name = `${record.translations.en.name} (revised)`;
    revised.partnerships = record.partnerships.filter((p: Obj) => p.type !== 'lead');
    writeFileSync(file, JSON.stringify(revised));
    await ingest('keep-eu', [file]);
    expect(await differences(client), 'after its new title and a partner dropped').toEqual(NONE);
    const titles = await client.query(
      `select distinct title from projects.project_place_members where project_id = 'project:keep-eu:17853'`,
    );
    expect(titles.rows).toEqual([{ title: revised.translations.en.name }]);
    await ingest('keep-eu', [file]);
    expect(await differences(client), 'after the same file again').toEqual(NONE);

    // The registers, then a synthetic graph and its removal.
    for (const source of ['countries', 'nuts', 'teryt', 'siruta']) await ingest(source, bundledFolders(source));
    await resolveIdentitiesOnly(wiring, db.url);
    expect(await differences(client), 'after the registers').toEqual(NONE);
    await generateSynthetic(wiring, { databaseUrl: db.url, projects: 400, chunk: 150 });
    const [big] = (await client.query(`select n::int from projects.list_total where list = 'Query.projectsConnection'`)).rows;
    expect(big?.n).toBe((seeded?.n ?? 0) + 1 + 400);
    expect(await differences(client), 'after npm run generate').toEqual(NONE);
    await removeSynthetic(wiring, db.url);
    expect(await differences(client), 'after npm run generate -- --remove').toEqual(NONE);

    // Plain SQL: places and titles changed, a partner moved to another project, rows deleted, a partnership
    // whose project is not stored yet (it counts once the project comes).
    await client.query(`update projects.project set title = title || ' (2)', country_ids = country_ids || '{place:country:ZZ}'
      where id in (select id from projects.project order by id limit 5)`);
    await client.query(`update projects.partnership set place_id = 'place:country:ZZ', project_id = (select min(id) from projects.project)
      where id in (select id from projects.partnership order by id limit 3)`);
    await client.query(`delete from projects.partnership where id in (select id from projects.partnership order by id desc limit 2)`);
    await client.query(`delete from projects.project where id in (select id from projects.project order by id desc limit 2)`);
    await client.query(`insert into projects.partnership (id, project_id, place_id, country_id, role, source_ids)
      values ('partnership:test:1', 'project:test:later', 'place:country:ZZ', 'place:country:ZZ', 'PARTNER', '{}')`);
    expect(await differences(client), 'after SQL updates and deletes').toEqual(NONE);
    await client.query(`insert into projects.project (id, title, themes, status, country_ids, place_ids, search_keys, source_ids,
      identifiers, identifier_keys, attributes) values ('project:test:later', 'Later', '{}', 'ONGOING', '{}', '{}', '{}', '{}', '[]', '{}', '{}')`);
    const zz = await client.query(
      `select n::int from projects.list_total where list = 'Place.projectsConnection' and parent = 'place:country:ZZ'`,
    );
    expect(zz.rows[0]?.n).toBeGreaterThan(1);
    expect(await differences(client), 'after the project of a stored partnership came').toEqual(NONE);
    await client.query('truncate projects.partnership');
    expect(await differences(client), 'after a TRUNCATE').toEqual(NONE);
  });
});
