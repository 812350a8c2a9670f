import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAFETY_DEFAULTS } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { runNode } from './support/run-node.js';

// The package.json scripts no other test runs, run as `npm run <script>` runs them (the build is there:
// `npm test` builds first): the seed script on a fresh database, twice; migration:create, which must find
// nothing to write; and bench:representations on the seeded database.
const root = join(__dirname, '..');
const script = (name: string) => join(root, 'scripts', name);

let db: TestDatabase;
let firstSeed: { code: number | null; stdout: string; stderr: string };

/** `<subgraph> <n> created, <n> updated, <n> unchanged` per line of the seed script's output. */
function seedCounts(stdout: string): Record<string, { created: number; updated: number; unchanged: number }> {
  return Object.fromEntries(
    [...stdout.matchAll(/^ {2}(\w+) +(\d+) created, (\d+) updated, (\d+) unchanged$/gm)].map((m) => [
      m[1],
      { created: Number(m[2]), updated: Number(m[3]), unchanged: Number(m[4]) },
    ]),
  );
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('scripts');
  firstSeed = await runNode([script('seed.cjs')], { DATABASE_URL: db.url }, 120_000);
}, 150_000);
afterAll(async () => db?.drop());

describe('npm run seed', () => {
  it('migrates a fresh database, each subgraph in its own schema, and loads the seeds into it', async () => {
    expect(firstSeed.code, firstSeed.stderr).toBe(0);
    const counts = seedCounts(firstSeed.stdout);
    expect(Object.keys(counts)).toEqual(SUBGRAPHS.map((m) => m.name));
    for (const module of SUBGRAPHS) {
      expect(counts[module.name]?.created, module.name).toBeGreaterThan(0);
      const applied = await query<{ name: string }>(`select name from "${module.name}".mikro_orm_migrations order by id`);
      expect(applied.map((r) => r.name)).toEqual(module.migrations.map((m) => m.name));
    }
    // A fact of seeds/organisations.yaml, read back with SQL.
    expect(await query('select name, kind from organisations.organisation where id = $1', ['org:municipality:PL:1263011'])).toEqual([
      { name: 'Gmina Miasta Tarnowa', kind: 'MUNICIPALITY' },
    ]);
  });

  it('changes nothing when run again: every seeded row is unchanged', async () => {
    const again = await runNode([script('seed.cjs')], { DATABASE_URL: db.url }, 120_000);
    expect(again.code, again.stderr).toBe(0);
    const first = seedCounts(firstSeed.stdout);
    const second = seedCounts(again.stdout);
    expect(Object.keys(second)).toEqual(SUBGRAPHS.map((m) => m.name));
    for (const module of SUBGRAPHS) {
      const total = (first[module.name]?.created ?? 0) + (first[module.name]?.updated ?? 0) + (first[module.name]?.unchanged ?? 0);
      expect(second[module.name], module.name).toEqual({ created: 0, updated: 0, unchanged: total });
    }
  });

  it('stops with one line naming the database when it cannot reach it, without the password', async () => {
    const run = await runNode([script('seed.cjs')], { DATABASE_URL: 'postgres://seed:s3cret-pw@127.0.0.1:1/regiograph' }, 60_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^seed failed to start: cannot reach PostgreSQL at postgres:\/\/seed:\*\*\*@127\.0\.0\.1:1\/regiograph/);
    expect(run.stderr + run.stdout).not.toContain('s3cret-pw');
  });
});

describe('npm run migration:create', () => {
  it('finds nothing to write for any subgraph: the committed migrations build what the entities declare', async () => {
    const base = new URL(db.url);
    base.pathname = '/postgres';
    const runs = await Promise.all(
      SUBGRAPHS.map(async (module) => {
        const dir = join(root, 'subgraphs', module.name, 'src', 'migrations');
        const before = new Set(readdirSync(dir));
        const run = await runNode([script('migration-create.cjs'), module.name], { DATABASE_URL: base.toString() }, 120_000);
        // A migration written here means the entities changed without one: remove it, the test fails below.
        for (const file of readdirSync(dir)) if (!before.has(file)) rmSync(join(dir, file));
        return { name: module.name, ...run };
      }),
    );
    for (const run of runs) {
      expect(run.code, `${run.name}: ${run.stderr}`).toBe(0);
      expect(run.stdout.trim(), run.name).toBe('no changes');
    }
    // Each run works in a database of its own and drops it.
    const left = await query<{ datname: string }>(`select datname from pg_database where datname like 'rg_migration_%'`);
    expect(left.filter((d) => runs.some((r) => d.datname.startsWith(`rg_migration_${r.name}_`)))).toEqual([]);
  });

  it('says how to call it when no subgraph is named', async () => {
    const run = await runNode([script('migration-create.cjs')], {}, 30_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('usage: migration-create <subgraph>');
  });
});

describe('npm run bench:representations', () => {
  it('runs the operations on the seeded database and prints the largest _entities batch, below MAX_REPRESENTATIONS', async () => {
    expect(existsSync(join(root, 'hub', 'dist', 'hub.js'))).toBe(true);
    const run = await runNode([script('bench-representations.cjs')], { DATABASE_URL: db.url }, 180_000);
    expect(run.code, run.stderr).toBe(0);
    const summary =
      /^(\d+) operations; largest batch (\d+) representations \(by subgraph: (\{.*\})\); MAX_REPRESENTATIONS default (\d+)$/m.exec(
        run.stdout,
      );
    expect(summary, run.stdout).not.toBeNull();
    const [, operations, largest, bySubgraph, cap] = summary ?? [];
    expect(Number(operations)).toBeGreaterThan(0);
    expect(Number(cap)).toBe(SAFETY_DEFAULTS.maxRepresentations);
    // CityProfile on a seeded city batches at least one representation per subgraph it reaches.
    expect(Number(largest)).toBeGreaterThan(0);
    expect(Number(largest)).toBeLessThan(SAFETY_DEFAULTS.maxRepresentations);
    expect(Object.keys(JSON.parse(bySubgraph ?? '{}')).sort()).toEqual(SUBGRAPHS.map((m) => m.name).sort());
    // The table's last column: errors per operation, none on the seeds.
    const rows = run.stdout.split('\n').filter((line) => /^[A-Z]\w+ {2,}.* \d+ +\d+ +\d+$/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.trim().split(/\s+/).at(-1), row).toBe('0');
  });
});
