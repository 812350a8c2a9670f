import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS } from '@regiograph/hub';
import { createProgress, createWiring, type IngestReport, resolveIdentitiesOnly, runIngest } from '@regiograph/ingest';
import { openSubgraphOrm, prepareSubgraph, sourcesDir } from '@regiograph/lib';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMirror, fullReload, type Mirror, type Obj, sorted, sync, syncAndCompare } from './support/feed.js';
import { startTestHub, type TestHub } from './support/hub.js';

// The done-when of issue 9's change feed: a dashboard that keeps a copy of the graph by reading
// `changes` (the SyncChanges operation, through the gateway over real HTTP) after each ingest holds
// exactly what a full reload through the API gives. The copy is a plain map of "Type:id" -> fields of the
// projects, partnerships and organisations; the ingests create (a keep.eu project with its partners),
// update (its title) and delete (a partner dropped from the record, and what identity resolution made of
// it) real rows from real files.

let hub: TestHub;
let client: Client;
let work: string;
const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
const record = JSON.parse(readFileSync(join(sourcesDir(), 'keep-eu-api-samples', 'keep-project-17853.json'), 'utf8')) as Obj;

/** The second version of the record: a new title, and its lead partner dropped. */
const revised = structuredClone(record);
revised.translations.en.name = `${record.translations.en.name} (revised)`;
revised.partnerships = record.partnerships.filter((p: Obj) => p.type !== 'lead');

beforeAll(async () => {
  hub = await startTestHub('change_feed');
  client = new Client({ connectionString: hub.hub.database.url });
  await client.connect();
  work = mkdtempSync(join(tmpdir(), 'rg-change-feed-'));
}, 180_000);
afterAll(async () => {
  await client?.end();
  await hub?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function ingestKeep(content: Obj): Promise<IngestReport> {
  const file = join(work, 'keep-project-17853.json');
  writeFileSync(file, JSON.stringify(content));
  const report = await runIngest(wiring, {
    source: 'keep-eu',
    paths: [file],
    databaseUrl: hub.hub.database.url,
    reportFile: null,
    progress: quiet,
  });
  expect(report.ok).toBe(true);
  return report;
}

describe('a dashboard synced from the change feed', () => {
  // One test: each step starts from the copy and the cursor the step before left.
  it('holds what a full reload gives after the seeds, after an ingest that creates, and after one that updates and drops a partner', {
    timeout: 300_000,
  }, async () => {
    const mirror: Mirror = emptyMirror();

    // 1. The seeds.
    const first = await sync(hub, mirror);
    expect(first.length).toBeGreaterThan(100);
    for (const type of ['Place', 'Organisation', 'Network', 'Project', 'Partnership', 'Programme', 'Fund', 'Event', 'Outcome', 'Source']) {
      expect(
        first.some((c) => c.entityType === type),
        `a ${type} in the seeds' changes`,
      ).toBe(true);
    }
    expect(mirror.entities.size).toBeGreaterThan(20);
    expect(sorted(mirror.entities), 'after the seeds').toEqual(sorted(await fullReload(hub)));

    // 2. A keep.eu project with its two partners: created.
    const before = mirror.entities.size;
    await ingestKeep(record);
    const second = await sync(hub, mirror);
    const created = second.filter((c) => c.operation === 'CREATED').map((c) => `${c.entityType}:${c.entityId}`);
    expect(created).toEqual(
      expect.arrayContaining([
        'Project:project:keep-eu:17853',
        'Partnership:partnership:keep-eu:80590',
        'Partnership:partnership:keep-eu:80594',
      ]),
    );
    expect(mirror.entities.size).toBeGreaterThan(before);
    expect(sorted(mirror.entities), 'after the first ingest').toEqual(sorted(await fullReload(hub)));

    // 3. Its next version: a new title, the lead partner dropped (a tombstone).
    await ingestKeep(revised);
    const third = await sync(hub, mirror);
    expect(third).toContainEqual(
      expect.objectContaining({ entityType: 'Partnership', entityId: 'partnership:keep-eu:80590', operation: 'DELETED', entity: null }),
    );
    const retitled = third.find((c) => c.entityId === 'project:keep-eu:17853' && c.operation === 'UPDATED');
    expect(retitled?.fields).toContain('title');
    expect(mirror.entities.get('Project:project:keep-eu:17853')?.title).toBe(revised.translations.en.name);
    expect(mirror.entities.has('Partnership:partnership:keep-eu:80590')).toBe(false);
    expect(sorted(mirror.entities), 'after the second ingest').toEqual(sorted(await fullReload(hub)));

    // 4. The same version again: nothing changes, nothing is logged.
    const again = await ingestKeep(revised);
    expect([again.totals.created, again.totals.updated]).toEqual([0, 0]);
    expect(await sync(hub, mirror)).toEqual([]);
    expect(sorted(mirror.entities), 'after a reload that changes nothing').toEqual(sorted(await fullReload(hub)));
  });

  it('logs nothing for a reload of the seeds or a refill of the copies the filters read, and a real change as one UPDATED naming it', {
    timeout: 300_000,
  }, async () => {
    const mirror = emptyMirror();
    const url = hub.hub.database.url;
    // Identity resolved once (on the seeds alone it makes the governments of places no seed names): real changes.
    await resolveIdentitiesOnly(wiring, url);
    await syncAndCompare(hub, mirror, 'after identity resolution');

    // The seeds again, as a start with SEED=always loads them: rows and copies rewritten, nothing different.
    for (const module of SUBGRAPHS) {
      const orm = await openSubgraphOrm(module, { databaseUrl: url });
      try {
        await prepareSubgraph(module, orm, 'always');
      } finally {
        await orm.close(true);
      }
    }
    expect(await sync(hub, mirror), 'a reload of the seeds').toEqual([]);

    // Every copy emptied (as a migration that adds one leaves it), then refilled by the derive step of
    // `npm run ingest -- identities`: two updates of every row that hold one, and no change of an entity.
    const copies = `select (select count(*) from projects.partnership where place_path <> '{}')::int as partnerships,
      (select count(*) from projects.project where place_path <> '{}')::int as projects,
      (select count(*) from organisations.organisation where takes_part_in <> '{}')::int as organisations`;
    const filled = (await client.query(copies)).rows[0];
    expect(filled.partnerships).toBeGreaterThan(0);
    expect(filled.organisations).toBeGreaterThan(0);
    await client.query(`update projects.partnership set place_path = '{}', organisation_kind = null`);
    await client.query(`update projects.project set place_path = '{}', programme_fund_ids = '{}'`);
    await client.query(`update organisations.organisation set takes_part_in = '{}', partner_roles = '{}'`);
    await resolveIdentitiesOnly(wiring, url);
    expect((await client.query(copies)).rows[0], 'the copies refilled').toEqual(filled);
    expect(await sync(hub, mirror), 'copies emptied and refilled').toEqual([]);

    // A real change beside a copied one: one UPDATED, naming the real field alone.
    const { rows } = await client.query<{ id: string; title: string }>('select id, title from projects.project order by id limit 1');
    const [project] = rows;
    if (!project) throw new Error('no project in the seeds');
    await client.query(`update projects.project set title = $2, place_path = '{}' where id = $1`, [
      project.id,
      `${project.title} (changed)`,
    ]);
    const changed = await syncAndCompare(hub, mirror, 'after a real change');
    expect(changed.map((c) => [c.entityType, c.entityId, c.operation, c.fields])).toEqual([['Project', project.id, 'UPDATED', ['title']]]);
    expect(mirror.entities.get(`Project:${project.id}`)?.title).toBe(`${project.title} (changed)`);
    await resolveIdentitiesOnly(wiring, url);
    expect(await sync(hub, mirror), 'the copy of that project refilled').toEqual([]);
  });

  it('refuses a cursor it did not issue and a page above its limit, naming the argument', async () => {
    const forged = await hub.operation('SyncChanges', { since: 'bm90LWEtY3Vyc29y', first: 10 });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'since' });
    const tooMany = await hub.operation('SyncChanges', { since: null, first: 5000 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(tooMany.errors?.[0]?.message).toContain('1000');
  });
});
