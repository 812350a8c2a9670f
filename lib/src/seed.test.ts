import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.js';
import { checkRecords, readSources, readYaml, SeedError, seedAt, seedValue, upsertRows } from './seed.js';

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

  it('checks lists of mappings inside a record, naming the entry by its path and line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-nested-')), 'networks.yaml');
    writeFileSync(
      file,
      [
        'networks:',
        '  - id: network:a',
        '    members:',
        '      - { organisation: org:x, role: MEMBER }',
        '      - { organisation: org:y, role: LEADER }',
        '  - id: network:b',
        '    members:',
        '      - organisation: org:z',
        '        role: MEMBER',
        '        joinedOn: 2023-13-01',
        '',
      ].join('\n'),
    );
    const data = readYaml<{ networks: Array<Record<string, unknown>> }>(file);
    const fields = {
      required: ['id'],
      optional: [],
      nested: {
        members: {
          required: ['organisation', 'role'],
          optional: ['joinedOn'],
          values: { role: seedValue.oneOf(['MEMBER', 'COORDINATOR']), joinedOn: seedValue.date },
        },
      },
    };
    expect(() => checkRecords(file, 'networks', data.networks, fields)).toThrow(
      `${file}:5: networks[0] (network:a).members[1] role: "LEADER" is not one of MEMBER, COORDINATOR`,
    );
    expect(() => checkRecords(file, 'networks', data.networks.slice(1), fields)).toThrow(
      `${file}:10: networks[0] (network:b).members[0] joinedOn: "2023-13-01" is not a calendar date`,
    );
    expect(() => checkRecords(file, 'networks', [{ id: 'network:c', members: { organisation: 'org:x' } }], fields)).toThrow(
      'networks[0] (network:c) members: expected a list',
    );
    expect(() =>
      checkRecords(file, 'networks', [{ id: 'network:d', members: [{ organisation: 'org:x', role: 'MEMBER', rank: 1 }] }], fields),
    ).toThrow('networks[0] (network:d).members[0]: unknown field "rank"');
  });

  it('names the entry of a list value that fails, and the line of a record for hand-written checks', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-list-')), 'places.yaml');
    writeFileSync(file, ['places:', '  - id: p1', '    altNames: [A, 7, C]', ''].join('\n'));
    const data = readYaml<{ places: Array<Record<string, unknown>> }>(file);
    expect(() =>
      checkRecords(file, 'places', data.places, { required: ['id'], optional: ['altNames'], values: { altNames: seedValue.texts } }),
    ).toThrow(`${file}:3: places[0] (p1) altNames[1]: 7 has an entry that is not text`);
    expect(seedAt(file, data.places[0])).toBe(`${file}:2`);
    expect(seedAt(file, data.places[0], 'altNames')).toBe(`${file}:3`);
    expect(seedAt(file, 'not read from YAML')).toBe(file);
  });
});

describe('seeds/sources.yaml', () => {
  const good = [
    'sources:',
    '  - id: src:city-article-2023',
    '    kind: ARTICLE',
    '    title: A title',
    '    publisher: Urząd Miasta',
    '    publishedOn: 2023-06-12',
    '    fileName: city-article-2023.md',
    '    language: pl',
    '    url: https://example.org/a',
    '    summary: Our words.',
  ];
  const write = (lines: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-sources-'));
    writeFileSync(join(dir, 'sources.yaml'), `${lines.join('\n')}\n`);
    return { dir, file: join(dir, 'sources.yaml') };
  };
  const replaced = (key: string, value: string) => good.map((l) => (l.startsWith(`    ${key}:`) ? `    ${key}: ${value}` : l));

  it('reads the real file, and a source with file name, publisher and publication date', async () => {
    const { seedsDir } = await import('./paths.js');
    expect(readSources(seedsDir()).length).toBeGreaterThan(0);
    const [source] = readSources(write(good).dir);
    expect(source).toMatchObject({ id: 'src:city-article-2023', fileName: 'city-article-2023.md', publishedOn: '2023-06-12' });
    expect(readSources(write(replaced('publisher', 'null')).dir)[0]?.publisher).toBeNull();
  });

  it('refuses each kind of bad field by file, line, source and field', () => {
    const cases: Array<[string[], number, string]> = [
      [replaced('publishedOn', '2023-06-31'), 6, 'sources[0] (src:city-article-2023) publishedOn: "2023-06-31" is not a calendar date'],
      [replaced('publishedOn', '12.06.2023'), 6, 'publishedOn: "12.06.2023" is not a date written YYYY-MM-DD'],
      [replaced('kind', 'BLOG'), 3, 'kind: "BLOG" is not one of ARTICLE, DATASET, API_RECORD'],
      [replaced('url', 'example.org/a'), 9, 'url: "example.org/a" is not an http(s) URL'],
      [replaced('language', 'polish'), 8, 'language: "polish" is not a two-letter ISO 639-1 language code'],
      [replaced('fileName', 'articles/a.md'), 7, 'fileName: "articles/a.md" is not a file name (no folder)'],
      [good.map((l) => l.replace('id: src:city-article-2023', 'id: city-article')), 2, 'id: "city-article" is not a source ID'],
      [[...good, '    publsher: typo'], 11, 'unknown field "publsher"'],
      [good.filter((l) => !l.includes('kind:')), 2, 'missing required field "kind"'],
      [[...good, ...good.slice(1)], 11, 'sources[1] (src:city-article-2023): the same ID as sources[0]'],
    ];
    for (const [lines, line, message] of cases) {
      const { dir, file } = write(lines);
      expect(() => readSources(dir)).toThrow(SeedError);
      expect(() => readSources(dir)).toThrow(`${file}:${line}: `);
      expect(() => readSources(dir)).toThrow(message);
    }
    const { dir, file } = write(['source:', ...good.slice(1)]);
    expect(() => readSources(dir)).toThrow(`${file}:1: unknown section "source"`);
  });
});
