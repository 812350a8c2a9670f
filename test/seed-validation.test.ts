import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSubgraphOrm, SeedError, seedsDir } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { runNode } from './support/run-node.js';

// A copy of the real seeds in which one network's launch date names a day that does not exist (30 February)
// and, earlier in the file, one organisation is renamed: were anything written before the refusal, the
// rename would show in the table.
const root = join(__dirname, '..');
const GOOD_DATE = '2022-03-01';
const BAD_DATE = '2022-02-30';
const organisations = SUBGRAPHS.find((m) => m.name === 'organisations')!;

let dir: string;
let badSeeds: string;
let badLine: number;
let network: { index: number; id: string };
let db: TestDatabase;
let hubDb: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seed-validation-'));
  badSeeds = join(dir, 'seeds');
  cpSync(seedsDir(), badSeeds, { recursive: true });
  const file = join(badSeeds, 'organisations.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim() === `launchedOn: ${GOOD_DATE}`);
  expect(at).toBeGreaterThan(0);
  badLine = at + 1;
  // Which network that is, read with the YAML library directly (not the loader under test).
  const networks = (parse(text) as { networks: Array<{ id: string; launchedOn?: string }> }).networks;
  const index = networks.findIndex((n) => n.launchedOn === GOOD_DATE);
  network = { index, id: networks[index]?.id ?? '' };
  lines[at] = lines[at]?.replace(GOOD_DATE, BAD_DATE) ?? '';
  const renamed = lines.findIndex((line) => line.startsWith('  - { id: org:') && line.includes(', name: '));
  expect(renamed).toBeGreaterThan(0);
  expect(renamed).toBeLessThan(at);
  lines[renamed] = lines[renamed]?.replace(', name: ', ', name: Renamed ') ?? '';
  writeFileSync(file, lines.join('\n'));
  db = await createTestDatabase('seed_validation');
  hubDb = await createTestDatabase('seed_validation_hub');
});
afterAll(async () => {
  await db?.drop();
  await hubDb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a seed value that is not valid', () => {
  it('is refused at load by file:line, record, field and value, and the rows already stored stay', async () => {
    const orm = await openSubgraphOrm(organisations, { databaseUrl: db.url });
    try {
      await migrate(orm);
      const first = await organisations.seed(orm, seedsDir());
      expect(first.created).toBeGreaterThan(0);
      const snapshot = async () => ({
        networks: await orm.em
          .fork()
          .execute(`select id, name, launched_on::text as launched_on, updated_at from organisations.network order by id`),
        organisations: await orm.em.fork().execute(`select id, name, updated_at from organisations.organisation order by id`),
      });
      const before = await snapshot();
      expect(before.networks.find((n) => n.id === network.id)?.launched_on).toBe(GOOD_DATE);

      const refused = organisations.seed(orm, badSeeds);
      await expect(refused).rejects.toThrow(SeedError);
      await expect(refused).rejects.toThrow(
        `${join(badSeeds, 'organisations.yaml')}:${badLine}: networks[${network.index}] (${network.id}) launchedOn: "${BAD_DATE}" is not a calendar date`,
      );
      const after = await snapshot();
      expect(after.organisations.filter((o) => String(o.name).startsWith('Renamed '))).toEqual([]);
      expect(after).toEqual(before);
    } finally {
      await orm.close(true);
    }
  });

  it('stops the hub with a message naming the file, line, field and value', async () => {
    const { code, stderr } = await runNode([join(root, 'hub', 'dist', 'main.js')], {
      DATABASE_URL: hubDb.url,
      SEEDS_DIR: badSeeds,
      GATEWAY_PORT: '0',
      SUBGRAPH_PORT_BASE: '0',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Regiograph failed to start: ${join(badSeeds, 'organisations.yaml')}:${badLine}: networks[${network.index}] (${network.id}) launchedOn: "${BAD_DATE}" is not a calendar date`,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 90_000);

  it('refuses a sources.yaml whose publication date names no day, by file:line, before any subgraph writes', async () => {
    const seeds = join(dir, 'bad-sources');
    cpSync(seedsDir(), seeds, { recursive: true });
    const file = join(seeds, 'sources.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((line) => /^ {4}publishedOn: \d{4}-\d{2}-\d{2}$/.test(line));
    expect(at).toBeGreaterThan(0);
    const sources = (parse(lines.join('\n')) as { sources: Array<{ id: string; publishedOn?: string | null }> }).sources;
    const index = sources.findIndex((s) => typeof s.publishedOn === 'string' || (s.publishedOn as unknown) instanceof Date);
    lines[at] = '    publishedOn: 2023-06-31';
    writeFileSync(file, lines.join('\n'));
    // A database of its own: the other tests count what a first seed load creates.
    const own = await createTestDatabase('seed_validation_sources');
    const orm = await openSubgraphOrm(organisations, { databaseUrl: own.url });
    try {
      await migrate(orm);
      await organisations.seed(orm, seedsDir());
      const before = await orm.em
        .fork()
        .execute(`select id, published_on::text as published_on, updated_at from organisations.source order by id`);
      const refused = organisations.seed(orm, seeds);
      await expect(refused).rejects.toThrow(SeedError);
      await expect(refused).rejects.toThrow(
        `${file}:${at + 1}: sources[${index}] (${sources[index]?.id}) publishedOn: "2023-06-31" is not a calendar date`,
      );
      expect(before.length).toBeGreaterThan(0);
      expect(
        await orm.em.fork().execute(`select id, published_on::text as published_on, updated_at from organisations.source order by id`),
      ).toEqual(before);
    } finally {
      await orm.close(true);
      await own.drop();
    }
  });
});
