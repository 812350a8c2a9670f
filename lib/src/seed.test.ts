import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.js';
import { checkRecords, readYaml, SeedError, seedValue, upsertRows } from './seed.js';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase('lib_seed');
  orm = await MikroORM.init({ clientUrl: db.url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
  await orm.em.execute(
    `create schema s; create table s.t (id text primary key, name text, tags text[], created_at timestamptz not null default now(), updated_at timestamptz not null default now())`,
  );
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

const cols = { id: 'text', name: 'text', tags: 'text[]' };
const table = { schema: 's', name: 't' };

describe('upsertRows', () => {
  // Each test starts from an empty table and writes what it needs.
  beforeEach(async () => {
    await orm.em.execute('truncate s.t');
  });

  it('creates rows once; a second identical load reports 0 created and 0 updated and keeps updated_at', async () => {
    const rows = [
      { id: 'a', name: 'Tarnów', tags: ['x'] },
      { id: 'b', name: 'Piaseczno', tags: [] },
    ];
    expect(await upsertRows(orm.em.fork(), table, cols, rows)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const [before] = await orm.em.execute(`select updated_at from s.t where id = 'a'`);
    expect(await upsertRows(orm.em.fork(), table, cols, rows)).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const [after] = await orm.em.execute(`select updated_at from s.t where id = 'a'`);
    expect(after?.updated_at).toEqual(before?.updated_at);
    expect(String(before?.updated_at)).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('updates a changed row in place under the same id, moving only its updated_at', async () => {
    const first = [
      { id: 'a', name: 'Tarnów', tags: ['x'] },
      { id: 'b', name: 'Piaseczno', tags: [] },
    ];
    expect(await upsertRows(orm.em.fork(), table, cols, first)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const res = await upsertRows(orm.em.fork(), table, cols, [
      { id: 'a', name: 'Tarnów', tags: ['x', 'y'] },
      { id: 'b', name: 'Piaseczno', tags: [] },
    ]);
    expect(res).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const rows = await orm.em.execute(`select id, tags, updated_at > created_at as moved from s.t order by id`);
    expect(rows).toEqual([
      { id: 'a', tags: ['x', 'y'], moved: true },
      { id: 'b', tags: [], moved: false },
    ]);
  });
});

describe('seed files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-seed-'));

  it('names file, line and column of a YAML syntax error', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'places:\n  - id: a\n    name: [unclosed\n');
    expect(() => readYaml(file)).toThrow(SeedError);
    expect(() => readYaml(file)).toThrow(/broken\.yaml:\d+:\d+/);
  });

  it('rejects unknown and missing fields, naming the section, record and field', () => {
    const fields = { required: ['id', 'name'], optional: ['nameEn'] };
    expect(() => checkRecords('f.yaml', 'places', [{ id: 'p1', name: 'A', nmae: 'typo' }], fields)).toThrow(
      'f.yaml: places[0] (p1): unknown field "nmae"',
    );
    expect(() => checkRecords('f.yaml', 'places', [{ id: 'p1', name: 'A' }, { id: 'p2' }], fields)).toThrow(
      'f.yaml: places[1] (p2): missing required field "name"',
    );
    expect(() => checkRecords('f.yaml', 'places', [{ id: 'p1', name: 'A', nameEn: 'B' }], fields)).not.toThrow();
  });

  it('checks values with the schema of each field, naming the line of the field in the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-values-')), 'places.yaml');
    writeFileSync(
      file,
      ['places:', '  - id: p1', '    on: 2024-02-29', '    kind: TOWN', '  - id: p2', '    kind: TOWN', '    on: 1917-02-30', ''].join(
        '\n',
      ),
    );
    const data = readYaml<{ places: Array<Record<string, unknown>> }>(file);
    const fields = { required: ['id'], optional: ['on', 'kind'], values: { on: seedValue.date, kind: seedValue.oneOf(['TOWN', 'CITY']) } };
    expect(() => checkRecords(file, 'places', data.places, fields)).toThrow(
      `${file}:7: places[1] (p2) on: "1917-02-30" is not a calendar date`,
    );
    expect(() => checkRecords(file, 'places', data.places.slice(0, 1), fields)).not.toThrow();
    expect(() => checkRecords(file, 'places', [{ id: 'p3', kind: 'VILLAGE' }], fields)).toThrow(
      `${file}: places[0] (p3) kind: "VILLAGE" is not one of TOWN, CITY`,
    );
    expect(() => checkRecords(file, 'places', [{ id: 'p4', on: '2024-2-1' }], fields)).toThrow(
      'on: "2024-2-1" is not a date written YYYY-MM-DD',
    );
  });
});
