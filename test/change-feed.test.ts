import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress, createWiring, type IngestReport, runIngest } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// The done-when of issue 9's change feed: a dashboard that keeps a copy of the graph by reading
// `changes` (the SyncChanges operation, through the gateway over real HTTP) after each ingest holds
// exactly what a full reload through the API gives. The copy is a plain map of "Type:id" -> fields of the
// projects, partnerships and organisations; the ingests create (a keep.eu project with its partners),
// update (its title) and delete (a partner dropped from the record, and what identity resolution made of
// it) real rows from real files.

// biome-ignore lint/suspicious/noExplicitAny: answers are compared as data
type Obj = Record<string, any>;

const PROJECT = 'id acronym title status';
const PARTNERSHIP = 'id role project { id } organisation { id }';
const ORGANISATION = 'id name organisationKind: kind countryCode derived';
const TRACKED = ['Project', 'Partnership', 'Organisation'];

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

/** The dashboard's copy, and the cursor it resumes from. */
interface Mirror {
  entities: Map<string, Obj>;
  cursor: string | null;
}

/** Reads the feed from the mirror's cursor to its end with SyncChanges and applies each change in order. */
async function sync(mirror: Mirror): Promise<Obj[]> {
  const seen: Obj[] = [];
  for (let pages = 0; pages < 1000; pages++) {
    const res = await hub.operation<{ changes: Obj }>('SyncChanges', { since: mirror.cursor, first: 500 });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = (res.data as Obj).changes as Obj;
    for (const { node } of edges as Obj[]) {
      seen.push(node);
      if (!TRACKED.includes(node.entityType)) continue;
      const key = `${node.entityType}:${node.entityId}`;
      // A tombstone, or an entity a later change deleted: not in the copy.
      if (node.operation === 'DELETED' || node.entity === null) mirror.entities.delete(key);
      else {
        const { __typename, ...fields } = node.entity;
        expect(__typename).toBe(node.entityType);
        mirror.entities.set(key, fields);
      }
    }
    mirror.cursor = pageInfo.endCursor;
    if (!pageInfo.hasNextPage) return seen;
  }
  throw new Error('the feed did not end');
}

/** The same entities as a dashboard would load them from scratch: every page of the root connections. */
async function fullReload(): Promise<Map<string, Obj>> {
  const out = new Map<string, Obj>();
  for (const [field, type, selection] of [
    ['projectsConnection', 'Project', `${PROJECT} partnerships(limit: 200) { ${PARTNERSHIP} }`],
    ['organisationsConnection', 'Organisation', ORGANISATION],
  ] as const) {
    let after: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await hub.query<Obj>(
        `query Reload($after: String) { ${field}(first: 200, after: $after) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data?.[field] as Obj;
      for (const { node } of page.edges as Obj[]) {
        const { partnerships, ...fields } = node;
        out.set(`${type}:${node.id}`, fields);
        for (const p of (partnerships ?? []) as Obj[]) out.set(`Partnership:${p.id}`, p);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
  }
  return out;
}

const sorted = (m: Map<string, Obj>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b)));

describe('a dashboard synced from the change feed', () => {
  // One test: each step starts from the copy and the cursor the step before left.
  it('holds what a full reload gives after the seeds, after an ingest that creates, and after one that updates and drops a partner', {
    timeout: 300_000,
  }, async () => {
    const mirror: Mirror = { entities: new Map(), cursor: null };

    // 1. The seeds.
    const first = await sync(mirror);
    expect(first.length).toBeGreaterThan(100);
    for (const type of ['Place', 'Organisation', 'Network', 'Project', 'Partnership', 'Programme', 'Fund', 'Event', 'Outcome', 'Source']) {
      expect(
        first.some((c) => c.entityType === type),
        `a ${type} in the seeds' changes`,
      ).toBe(true);
    }
    expect(mirror.entities.size).toBeGreaterThan(20);
    expect(sorted(mirror.entities), 'after the seeds').toEqual(sorted(await fullReload()));

    // 2. A keep.eu project with its two partners: created.
    const before = mirror.entities.size;
    await ingestKeep(record);
    const second = await sync(mirror);
    const created = second.filter((c) => c.operation === 'CREATED').map((c) => `${c.entityType}:${c.entityId}`);
    expect(created).toEqual(
      expect.arrayContaining([
        'Project:project:keep-eu:17853',
        'Partnership:partnership:keep-eu:80590',
        'Partnership:partnership:keep-eu:80594',
      ]),
    );
    expect(mirror.entities.size).toBeGreaterThan(before);
    expect(sorted(mirror.entities), 'after the first ingest').toEqual(sorted(await fullReload()));

    // 3. Its next version: a new title, the lead partner dropped (a tombstone).
    await ingestKeep(revised);
    const third = await sync(mirror);
    expect(third).toContainEqual(
      expect.objectContaining({ entityType: 'Partnership', entityId: 'partnership:keep-eu:80590', operation: 'DELETED', entity: null }),
    );
    const retitled = third.find((c) => c.entityId === 'project:keep-eu:17853' && c.operation === 'UPDATED');
    expect(retitled?.fields).toContain('title');
    expect(mirror.entities.get('Project:project:keep-eu:17853')?.title).toBe(revised.translations.en.name);
    expect(mirror.entities.has('Partnership:partnership:keep-eu:80590')).toBe(false);
    expect(sorted(mirror.entities), 'after the second ingest').toEqual(sorted(await fullReload()));

    // 4. The same version again: nothing changes, nothing is logged.
    const again = await ingestKeep(revised);
    expect([again.totals.created, again.totals.updated]).toEqual([0, 0]);
    expect(await sync(mirror)).toEqual([]);
    expect(sorted(mirror.entities), 'after a reload that changes nothing').toEqual(sorted(await fullReload()));
  });

  it('refuses a cursor it did not issue and a page above its limit, naming the argument', async () => {
    const forged = await hub.operation('SyncChanges', { since: 'bm90LWEtY3Vyc29y', first: 10 });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'since' });
    const tooMany = await hub.operation('SyncChanges', { since: null, first: 5000 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(tooMany.errors?.[0]?.message).toContain('1000');
  });
});
