import { data as fundingData } from '@regiograph/funding';
import { createProgress, createWiring, runIngest } from '@regiograph/ingest';
import {
  CommandWrites,
  clientSql,
  freePort,
  type Sql,
  SourceDocument,
  serverTakesCopy,
  sourcesDir,
  startEmbeddedPostgres,
  type WriteTable,
  writeRows,
  writeTable,
} from '@regiograph/lib';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { data as organisationsData } from '@regiograph/organisations';
import { data as outcomesData } from '@regiograph/outcomes';
import { data as projectsData, projects } from '@regiograph/projects';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The write path takes its columns from the MikroORM entities: these tests tie them to the migrated
// database (a property without a column, or a column no property knows, fails here) and check that rows
// staged by COPY and rows sent as jsonb land as the same values.
let db: TestDatabase;
let client: Client;

const modules = [organisationsData, projectsData, fundingData, outcomesData];
const tables: WriteTable[] = modules.flatMap((m) => m.tables);

beforeAll(async () => {
  db = await createTestDatabase('write_path');
  await createWiring().prepare(db.url);
  client = new Client({ connectionString: db.url });
  await client.connect();
}, 120_000);
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Column -> type of a table as the migrations made it. */
async function columnsOf(schema: string, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped`,
    [schema, table],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

/** The names PostgreSQL prints for the types MikroORM's metadata spells. */
function canonical(type: string): string {
  const t = type.toLowerCase();
  if (t === 'double' || t === 'float8') return 'double precision';
  if (t === 'int' || t === 'int4') return 'integer';
  if (t === 'bool') return 'boolean';
  return t;
}

describe('the write path', () => {
  it('covers every data module table, and each one has at least one written column', () => {
    const names = new Set(tables.map((t) => `${t.schema}.${t.name}`));
    for (const expected of [
      'organisations.place',
      'organisations.place_identifier',
      'organisations.place_statistic',
      'organisations.organisation_record',
      'organisations.organisation',
      'projects.project',
      'projects.partnership',
      'funding.fund',
      'funding.programme',
      'funding.allocation',
      'funding.programme_participant',
      'funding.grant',
      'outcomes.outcome',
      'outcomes.outcome_link',
    ])
      expect(names).toContain(expected);
    for (const t of tables) expect(t.columns.length).toBeGreaterThan(1);
  });

  it('writes or deliberately skips every entity property, and every column of the migrated table, with its type', async () => {
    for (const t of [...tables, writeTable({ schema: 'projects', entity: SourceDocument, entities: [SourceDocument] })]) {
      const where = `${t.schema}.${t.name}`;
      // Every entity property is a written column or skipped with a reason; nothing else.
      expect([...t.columns.map((c) => c.property), ...Object.keys(t.skipped)].sort(), where).toEqual([...t.properties].sort());
      for (const reason of Object.values(t.skipped)) expect(reason.length, where).toBeGreaterThan(10);
      // Every column of the table in the database belongs to a property; every written column exists, typed alike.
      const stored = await columnsOf(t.schema, t.name);
      expect(stored.size, where).toBeGreaterThan(0);
      for (const c of t.columns) expect(canonical(stored.get(c.column) ?? 'missing'), `${where}.${c.column}`).toBe(canonical(c.type));
      expect(stored.size, `${where}: columns ${[...stored.keys()].join(', ')} vs properties ${t.properties.join(', ')}`).toBe(
        t.properties.length,
      );
    }
  });

  it('refuses a merge rule or a skip that names no property of the entity', () => {
    const Project = projects.entities.find((e) => e.name === 'Project');
    expect(Project).toBeDefined();
    const spec = { schema: 'projects', entity: Project, entities: projects.entities };
    expect(() => writeTable({ ...spec, merge: { titel: 'coalesce' } } as never)).toThrow(/"titel" is not a property of the entity/);
    expect(() => writeTable({ ...spec, skip: { webSite: 'seeds only' } } as never)).toThrow(/"webSite" is not a property of the entity/);
  });

  it('lands the same values by COPY and by jsonb: a COPY write followed by the same rows as jsonb changes nothing', async () => {
    const copy = clientSql(client, true);
    const json: Sql = clientSql(client, false);
    const tricky = 'Tab\there, new\nline, back\\slash, "quotes", {braces}, NULL, \\N, ünïcödé';
    const rows = [
      {
        id: 'project:test:copy-1',
        title: tricky,
        status: 'ONGOING',
        acronym: null,
        startDate: '2024-01-31',
        totalBudget: 1234567.89,
        coFinancingRate: 85,
        themes: [],
        countryIds: ['place:country:PL', 'place:country:RO'],
        placeIds: [],
        identifiers: [{ scheme: 'test', value: tricky }],
        identifierKeys: ['test:1'],
        attributes: { note: tricky, nested: { n: 1, list: [1, 'two', null] }, flag: false },
        searchKeys: ['a"b', 'c,d', 'e\\f', 'NULL'],
        sourceIds: ['src:test#1'],
      },
    ];
    const table = projectsData.tables.find((t) => t.name === 'project') as WriteTable;
    await client.query('begin');
    try {
      expect(await writeRows(copy, table, rows)).toEqual({ created: 1, updated: 0, unchanged: 0 });
      expect(await writeRows(json, table, rows)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(await writeRows(copy, table, rows)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      const stored = await client.query(
        `select title, identifiers, attributes, search_keys, country_ids, total_budget::text, start_date::text from projects.project where id = $1`,
        ['project:test:copy-1'],
      );
      expect(stored.rows[0]).toEqual({
        title: tricky,
        identifiers: [{ scheme: 'test', value: tricky }],
        attributes: { note: tricky, nested: { n: 1, list: [1, 'two', null] }, flag: false },
        search_keys: ['NULL', 'a"b', 'c,d', 'e\\f'],
        country_ids: ['place:country:PL', 'place:country:RO'],
        total_budget: '1234567.89',
        start_date: '2024-01-31',
      });
      expect(await writeRows(json, table, [{ ...rows[0], title: 'Changed' }])).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect(await writeRows(copy, table, rows)).toEqual({ created: 0, updated: 1, unchanged: 0 });
    } finally {
      await client.query('rollback');
    }
  });
});

describe('a value the database refuses', () => {
  it('names the table, the row by its key and the property, and writes nothing of the table', async () => {
    const table = projectsData.tables.find((t) => t.name === 'project') as WriteTable;
    const row = (id: string, startDate: string) => ({
      id,
      title: 'A test project',
      status: 'ONGOING',
      startDate,
      themes: [],
      countryIds: [],
      placeIds: [],
      identifiers: [],
      identifierKeys: [],
      attributes: {},
      searchKeys: [],
      sourceIds: ['src:test#1'],
    });
    await client.query('begin');
    try {
      await expect(
        writeRows(clientSql(client, true), table, [row('project:test:good-1', '2024-02-29'), row('project:test:bad-2', '2024-02-30')]),
      ).rejects.toThrow(/^projects\.project row project:test:bad-2: startDate: .*"2024-02-30"/);
    } finally {
      await client.query('rollback');
    }
    const { rows } = await client.query(`select id from projects.project where id like 'project:test:%'`);
    expect(rows).toEqual([]);
  });
});

describe('a table merged once per command', () => {
  it("stages each file's rows, merges them once at the end, counts them for the file that brought them, and forgets a rolled-back file", async () => {
    const table = projectsData.tables.find((t) => t.name === 'project') as WriteTable;
    expect(table.perCommand).toBe(true);
    const row = (id: string, title: string, source: string) => ({
      id,
      title,
      status: 'ONGOING',
      themes: [],
      countryIds: [],
      placeIds: [],
      identifiers: [],
      identifierKeys: [],
      attributes: { [source]: true },
      searchKeys: [],
      sourceIds: [`src:test:${source}#1`],
    });
    const stored = async () =>
      (
        await client.query(
          `select id, title, source_ids, attributes from projects.project where id like 'project:test:command-%' order by id`,
        )
      ).rows;
    const file = async (writes: CommandWrites, index: number, rows: object[], keep = true) => {
      const sql = clientSql(client, true);
      sql.command = writes;
      await client.query('savepoint file');
      writes.beginFile(index);
      // Only staged: nothing is counted (or merged) before the flush.
      expect(await writeRows(sql, table, rows)).toEqual({ created: 0, updated: 0, unchanged: 0 });
      if (keep) {
        await client.query('release savepoint file');
        writes.keepFile();
      } else {
        await client.query('rollback to savepoint file');
        writes.dropFile();
      }
    };
    await client.query('begin');
    try {
      const first = new CommandWrites();
      await file(first, 0, [row('project:test:command-a', 'A', 'one'), row('project:test:command-b', 'B', 'one')]);
      await file(first, 1, [row('project:test:command-a', 'A again', 'two')]);
      await file(first, 2, [row('project:test:command-c', 'C', 'three')], false);
      expect(await stored()).toEqual([]);
      const counts = await first.flush(clientSql(client, true));
      expect(Object.fromEntries(counts)).toEqual({
        0: { 'projects.project': { created: 2, updated: 0, unchanged: 0 } },
        1: { 'projects.project': { created: 0, updated: 0, unchanged: 1 } },
      });
      // The second file's row merged into the first's as a second merge would have: title replaced, sources
      // and attributes accumulated; the rolled-back file's row is not there.
      expect(await stored()).toEqual([
        {
          id: 'project:test:command-a',
          title: 'A again',
          source_ids: ['src:test:one#1', 'src:test:two#1'],
          attributes: { one: true, two: true },
        },
        { id: 'project:test:command-b', title: 'B', source_ids: ['src:test:one#1'], attributes: { one: true } },
      ]);
      // The next command: the same row again changes nothing, a changed one is an update of its file.
      const second = new CommandWrites();
      await file(second, 0, [row('project:test:command-a', 'A again', 'two')]);
      await file(second, 1, [row('project:test:command-b', 'B changed', 'one')]);
      expect(Object.fromEntries(await second.flush(clientSql(client, true)))).toEqual({
        0: { 'projects.project': { created: 0, updated: 0, unchanged: 1 } },
        1: { 'projects.project': { created: 0, updated: 1, unchanged: 0 } },
      });
      expect((await stored()).map((r) => r.title)).toEqual(['A again', 'B changed']);
    } finally {
      await client.query('rollback');
    }
  });
});

describe('the write path on the embedded PGlite', () => {
  it('finds that PGlite cannot take COPY, and loads and reloads a source through jsonb instead', { timeout: 240_000 }, async () => {
    const embedded = await startEmbeddedPostgres({ port: await freePort() });
    const pglite = new Client({ connectionString: embedded.url });
    try {
      await pglite.connect();
      expect(await serverTakesCopy(pglite)).toBe(false);
      expect(await serverTakesCopy(client)).toBe(true);
      const wiring = createWiring();
      await wiring.prepare(embedded.url);
      const load = () =>
        runIngest(wiring, {
          source: 'keep-eu',
          paths: [join(sourcesDir(), 'keep-eu-api-samples')],
          databaseUrl: embedded.url,
          reportFile: null,
          progress: createProgress(process.stderr, true),
        });
      const first = await load();
      expect(first.ok).toBe(true);
      expect(first.totals.created).toBeGreaterThan(20);
      expect(first.identity?.relinked).toBeGreaterThan(0);
      const { rows } = await pglite.query(
        `select count(*)::int as n from projects.partnership where organisation_id is null and organisation_record_id is not null`,
      );
      expect(rows[0].n).toBe(0);
      const again = await load();
      expect(again.totals).toMatchObject({ created: 0, updated: 0 });
    } finally {
      await pglite.end().catch(() => undefined);
      await embedded.stop();
    }
  });
});
