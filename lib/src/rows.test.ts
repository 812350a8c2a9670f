import { Entity, ManyToOne, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetGroupLoaders, keysetPage, offsetPage, type SortKey } from './connections.js';
import { pagedGroupLoaders } from './paging.js';
import { asInstance, keyedRows, plainRows, readColumns } from './rows.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

@Entity({ tableName: 'sample', schema: 'rows' })
class Sample {
  @PrimaryKey({ type: 'text' }) id!: string;
  @Property({ type: 'text' }) groupId!: string;
  @Property({ type: 'text', nullable: true }) name?: string | null;
  @Property({ type: 'integer' }) position!: number;
  // numeric comes back from pg as a string; the entity says number.
  @Property({ type: 'numeric', columnType: 'numeric(14,2)', nullable: true }) amount?: number | null;
  @Property({ type: 'double', nullable: true }) share?: number | null;
  @Property({ type: 'boolean' }) active!: boolean;
  @Property({ type: 'date', nullable: true }) startedOn?: string | null;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'json', nullable: true }) attributes?: Record<string, unknown> | null;
  @Property({ type: 'text[]' }) tags!: string[];
  @Property({ type: 'text', lazy: true, nullable: true }) notes?: string | null;
}

@Entity({ tableName: 'owner', schema: 'rows' })
class Owner {
  @PrimaryKey({ type: 'text' }) id!: string;
  @ManyToOne(() => Sample, { nullable: true }) sample?: Sample | null;
}

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase('cpu_rows');
  orm = await MikroORM.init({ clientUrl: db.url, entities: [Sample, Owner], allowGlobalContext: false, forceUtcTimezone: true });
  await orm.em.fork().execute(`create schema rows;
    create table rows.sample (id text primary key, group_id text not null, name text, position int not null, amount numeric(14,2),
      share double precision, active boolean not null, started_on date, updated_at timestamptz not null, attributes jsonb,
      tags text[] not null, notes text);
    create table rows.owner (id text primary key, sample_id text);
    insert into rows.sample values
      ('s1', 'g1', 'Tarnów', 2, 1234.50, 0.25, true, '2021-03-01', '2026-12-01T10:00:00Z', '{"a": [1, {"b": null}]}', '{x,y}', 'long'),
      ('s2', 'g1', null, 1, null, null, false, null, '2026-12-02T11:30:00.123Z', null, '{}', null),
      ('s3', 'g2', 'Piaseczno', 3, 7, 1, true, '1999-12-31', '2026-12-03T00:00:00Z', '[]', '{"z"}', null);`);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** An entity's own enumerable properties, as a resolver reads them. */
const fields = (o: object) => ({ ...o });

describe('keyedRows', () => {
  it('gives what em.find gives, value for value and in its order, without managed entities', async () => {
    const em = orm.em.fork();
    const found = await em.find(Sample, { groupId: { $in: ['g1', 'g2'] } }, { orderBy: { groupId: 'asc', position: 'asc' } });
    const read = orm.em.fork();
    const plain = await keyedRows(read, Sample, { key: 'groupId', orderBy: ['groupId', 'position'] })(['g1', 'g2']);
    expect(plain.map((p) => p.id)).toEqual(['s2', 's1', 's3']);
    expect(plain).toEqual(found.map(fields));
    expect(plain[1]?.amount).toBe(1234.5);
    expect(plain[1]?.updatedAt).toBeInstanceOf(Date);
    expect(plain[1]?.notes).toBeUndefined(); // lazy, as em.find leaves it
    expect(Object.getPrototypeOf(plain[0])).toBe(Object.prototype);
    expect(read.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  it('reads only the keys asked, none for an empty batch', async () => {
    const byId = keyedRows(orm.em.fork(), Sample, { key: 'id' });
    expect((await byId(['s3', 'nope'])).map((r) => r.id)).toEqual(['s3']);
    expect(await byId([])).toEqual([]);
  });

  it('refuses an entity with relations and an unknown property, by name', () => {
    expect(() => keyedRows(orm.em.fork(), Owner, { key: 'id' })).toThrow(/Owner\.sample is a relation/);
    expect(() => keyedRows(orm.em.fork(), Sample, { key: 'nope' as 'id' })).toThrow(/Sample has no column property nope/);
  });
});

describe('plainRows', () => {
  it('maps raw rows as em.map does', async () => {
    const em = orm.em.fork();
    const raw = (await em.execute('select * from rows.sample order by id')) as Array<Record<string, unknown>>;
    const mapped = raw.map((row) => orm.em.fork().map(Sample, { ...row }));
    expect(plainRows(em, Sample, raw)).toEqual(mapped.map(fields));
  });

  it('asInstance gives the class back for what tells types apart by instanceof, and keeps null', async () => {
    const [row] = await keyedRows(orm.em.fork(), Sample, { key: 'id' })(['s1']);
    const instance = asInstance(Sample, row ?? null);
    expect(instance).toBeInstanceOf(Sample);
    expect(instance?.name).toBe('Tarnów');
    expect(asInstance(Sample, null)).toBeNull();
  });
});

describe('the paged loaders', () => {
  // s1's lazy `notes` is 'long': a loader that selected t.* (as they all did) handed it to the mapper, and
  // parsed every such column of every row (a place path, search keys) for nothing the API shows.
  const order: SortKey[] = [{ sql: 't.position', type: 'integer' }];
  const request = { list: 'rows', size: 10, backward: false, after: null, before: null };
  const source = { from: 'rows.sample t' };

  it("select the entity's columns but the lazy ones", () => {
    const columns = readColumns(orm.em.fork(), Sample);
    expect(columns).toContain('t."group_id"');
    expect(columns).toContain('t."tags"');
    expect(columns).not.toContain('notes');
  });

  it('give what em.find gives, lazy properties left out, on every path', async () => {
    const em = orm.em.fork();
    const found = (await em.find(Sample, {}, { orderBy: { position: 'asc' } })).map((s) => fields(s) as Sample);
    const page = await keysetPage(orm.em.fork(), Sample, source, order, request);
    expect(page.edges.map((e) => e.node)).toEqual(found);
    expect(await offsetPage(orm.em.fork(), Sample, source, order, { limit: 10, offset: 0 })).toEqual(found);
    const groups = keysetGroupLoaders(orm.em.fork(), Sample, {
      source: (parent) => ({ from: `rows.sample t where t.group_id = ${parent}` }),
      order,
    });
    const g1 = found.filter((r) => r.groupId === 'g1');
    expect((await groups.page(request, 'g1')).edges.map((e) => e.node)).toEqual(g1);
    expect(await groups.slice({ limit: 10, offset: 0 }, 'g1')).toEqual(g1);
    const paged = pagedGroupLoaders(orm.em.fork(), Sample, { key: 'group_id', orderBy: 't.position' });
    expect(await paged({ limit: 10, offset: 0 }).load('g1')).toEqual(g1);
    for (const rows of [page.edges.map((e) => e.node), g1]) expect(rows.find((r) => r.id === 's1')?.notes).toBeUndefined();
  });
});
