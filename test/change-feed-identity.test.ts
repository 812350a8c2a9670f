import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledFolders, createProgress, createWiring, runIngest } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMirror, type Obj, syncAndCompare } from './support/feed.js';
import { startTestHub, type TestHub } from './support/hub.js';

// Issue 9's change feed when identity resolution changes its mind: a merge made and undone, and a partner
// dropped from a keep.eu record, through the real ingest path (`npm run ingest -- keep-eu` reading the bundled
// folders from SOURCES_DIR). After each ingest a dashboard synced from the feed holds what a full reload gives,
// and every organisation that no cluster makes any more has its tombstone (each new one its CREATED).
//
// The folders are a copy of the bundled keep.eu ones plus one file of our own, a second project whose one
// partner is the Danube Delta Biosphere Reserve Authority of record 33607 again (another partner ID, the same
// PIC): the resolver merges the two records by the PIC. Its next version gives the partner another PIC (the
// merge undone: the resolver refuses a name match between two PICs), the one after that the PIC back (merged
// again), and the last drops the partner.

const ORIGINAL = 'keep.eu/organisation:27415';
const COPY = 'keep.eu/organisation:990201';
const PARTNERSHIP = 'partnership:keep-eu:990101';

let hub: TestHub;
let client: Client;
let sources: string;
const savedSourcesDir = process.env.SOURCES_DIR;
const wiring = createWiring();
const quiet = createProgress(process.stderr, true);
const bundled = JSON.parse(readFileSync(join(sourcesDir(), 'keep-eu-api-samples', 'keep-project-33607.json'), 'utf8')) as Obj;

/** The second project: record 33607's first partner (PIC 997786233) as the one partner of another project. */
function secondProject(partner: { pic: string } | null): Obj {
  const project = structuredClone(bundled);
  project.id = 990001;
  project.project_id = 'TEST990001';
  project.translations.en.name = 'A second project of the Danube Delta authority';
  const first = structuredClone(bundled.partnerships.find((p: Obj) => p.id === 161333));
  if (!first) throw new Error('record 33607 no longer has partnership 161333');
  first.id = 990101;
  first.type = 'lead';
  first.partner.id = 990201;
  project.partnerships = partner ? [{ ...first, pic: partner.pic }] : [];
  return project;
}

beforeAll(async () => {
  hub = await startTestHub('change_feed_identity');
  client = new Client({ connectionString: hub.hub.database.url });
  await client.connect();
  sources = mkdtempSync(join(tmpdir(), 'rg-change-feed-identity-'));
  for (const folder of bundledFolders('keep-eu')) cpSync(folder, join(sources, folder.split(/[\\/]/).pop() as string), { recursive: true });
  process.env.SOURCES_DIR = sources;
}, 180_000);
afterAll(async () => {
  if (savedSourcesDir === undefined) delete process.env.SOURCES_DIR;
  else process.env.SOURCES_DIR = savedSourcesDir;
  await client?.end();
  await hub?.stop();
  if (sources) rmSync(sources, { recursive: true, force: true });
});

/** Writes the second project's file into SOURCES_DIR and loads keep.eu's bundled folders from there. */
async function ingestKeep(partner: { pic: string } | null): Promise<void> {
  writeFileSync(join(sources, 'keep-eu-api-samples', 'keep-project-990001.json'), JSON.stringify(secondProject(partner)));
  const report = await runIngest(wiring, {
    source: 'keep-eu',
    paths: bundledFolders('keep-eu'),
    databaseUrl: hub.hub.database.url,
    reportFile: null,
    progress: quiet,
  });
  expect(report.ok).toBe(true);
}

async function organisationIds(): Promise<Set<string>> {
  return new Set((await client.query<{ id: string }>('select id from organisations.organisation')).rows.map((r) => r.id));
}

async function organisationOf(record: string): Promise<string | null> {
  const { rows } = await client.query<{ organisation_id: string | null }>(
    'select organisation_id from organisations.organisation_record where id = $1',
    [record],
  );
  return rows[0]?.organisation_id ?? null;
}

/** The organisations an ingest made and unmade, each with its change in the feed: CREATED, or a tombstone. */
async function expectCreatedAndTombstones(changes: Obj[], before: Set<string>): Promise<{ created: string[]; gone: string[] }> {
  const after = await organisationIds();
  const created = [...after].filter((id) => !before.has(id));
  const gone = [...before].filter((id) => !after.has(id));
  for (const id of created) {
    expect(changes, `CREATED ${id}`).toContainEqual(
      expect.objectContaining({ entityType: 'Organisation', entityId: id, operation: 'CREATED' }),
    );
  }
  for (const id of gone) {
    expect(changes, `the tombstone of ${id}`).toContainEqual(
      expect.objectContaining({ entityType: 'Organisation', entityId: id, operation: 'DELETED', entity: null }),
    );
  }
  // An organisation the feed calls deleted is gone, and one it calls created is there.
  for (const c of changes.filter((x) => x.entityType === 'Organisation')) {
    const last = changes.filter((x) => x.entityType === 'Organisation' && x.entityId === c.entityId).pop();
    expect(after.has(c.entityId), `${c.entityId} after ${last?.operation}`).toBe(last?.operation !== 'DELETED');
  }
  return { created, gone };
}

const changeOf = (changes: Obj[], type: string, id: string) => changes.filter((c) => c.entityType === type && c.entityId === id);

describe('the change feed when identity resolution changes its mind', () => {
  it('shows a merge made, undone and made again, and a partner dropped, with tombstones, as a full reload does', {
    timeout: 300_000,
  }, async () => {
    const mirror = emptyMirror();
    await syncAndCompare(hub, mirror, 'after the seeds');

    // 1. Both records, one PIC: one organisation.
    let before = await organisationIds();
    await ingestKeep({ pic: '997786233' });
    let changes = await syncAndCompare(hub, mirror, 'after the merge by PIC');
    const merged = await organisationOf(COPY);
    expect(merged).not.toBeNull();
    expect(await organisationOf(ORIGINAL)).toBe(merged);
    await expectCreatedAndTombstones(changes, before);
    // Written, then linked to its organisation by the identity step of the same command.
    expect(changeOf(changes, 'Partnership', PARTNERSHIP).map((c) => c.operation)).toEqual(['CREATED', 'UPDATED']);

    // 2. The merge undone: another PIC. The resolver keeps the ID for one part; the other gets a new one.
    before = await organisationIds();
    await ingestKeep({ pic: '999999999' });
    changes = await syncAndCompare(hub, mirror, 'after the merge was undone');
    const [original, copy] = [await organisationOf(ORIGINAL), await organisationOf(COPY)];
    expect(copy).not.toBe(original);
    expect([original, copy]).toContain(merged);
    const split = await expectCreatedAndTombstones(changes, before);
    const other = original === merged ? (copy as string) : (original as string);
    expect(split.created).toContain(other);
    // The partnership of the part that moved follows it: UPDATED, naming its organisation.
    const moved = original === merged ? PARTNERSHIP : 'partnership:keep-eu:161333';
    expect(changeOf(changes, 'Partnership', moved).flatMap((c) => c.fields)).toContain('organisationId');

    // 3. Merged again: the PIC back. Two clusters become one; the organisation no cluster makes any more is a tombstone.
    before = await organisationIds();
    await ingestKeep({ pic: '997786233' });
    changes = await syncAndCompare(hub, mirror, 'after the merge was made again');
    expect(await organisationOf(COPY)).toBe(await organisationOf(ORIGINAL));
    const remerged = await expectCreatedAndTombstones(changes, before);
    expect(remerged.gone.length).toBeGreaterThan(0);

    // 4. The partner dropped from the record: its partnership is a tombstone, and so is anything only it made.
    before = await organisationIds();
    await ingestKeep(null);
    changes = await syncAndCompare(hub, mirror, 'after the partner was dropped');
    expect(changeOf(changes, 'Partnership', PARTNERSHIP)).toEqual([expect.objectContaining({ operation: 'DELETED', entity: null })]);
    expect(mirror.entities.has(`Partnership:${PARTNERSHIP}`)).toBe(false);
    await expectCreatedAndTombstones(changes, before);
  });
});
