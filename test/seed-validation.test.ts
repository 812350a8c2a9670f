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
});
