import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EntityMetadata, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText, type MergeRule, mergedValue, mergeInMemory, type Sql, sortedSet, type WriteCounts } from './bulk.js';
import type { UpsertResult } from './seed.js';
import { Tracked } from './tracked.js';

/**
 * The write path of the data modules: the columns of a table come from its MikroORM entity (names and
 * PostgreSQL types, as the migrations made them), the rows travel to a temporary staging table by COPY
 * (or, where the server cannot take COPY, as one jsonb parameter), and one INSERT ... SELECT ... ON CONFLICT
 * merges the staged rows into the table. A property added to an entity is written without a second list to
 * keep in step; a property the write path deliberately leaves alone is named in `skip` with the reason.
 */

// biome-ignore lint/suspicious/noExplicitAny: MikroORM accepts any entity class
type EntityClass = abstract new (...args: any[]) => any;

/** Columns every table has that the merge itself manages. */
const MANAGED = new Set(['createdAt', 'updatedAt']);

export interface WriteSpec<E> {
  schema: string;
  entity: EntityClass;
  /** Every entity of the subgraph (MikroORM discovers them together, as the subgraph's ORM does). */
  entities: readonly EntityClass[];
  /** Conflict target, as property names; defaults to the primary key. */
  key?: ReadonlyArray<keyof E & string>;
  /** How a stored row takes each property (default 'replace'); see MergeRule. */
  merge?: Partial<Record<keyof E & string, MergeRule>>;
  /** Properties this write path never sets, each with the reason (e.g. identity resolution owns them). */
  skip?: Partial<Record<keyof E & string, string>>;
  /**
   * Merged once per ingest command rather than once per file: the rows of the command's files accumulate
   * in its staging table (each file's in the file's savepoint) and one merge takes them all at the end
   * (CommandWrites). Only for a table that no write of the command reads back and that no other spec
   * writes (a file's rows for it must not depend on what an earlier file of the command stored).
   */
  perCommand?: boolean;
}

export interface WriteColumn {
  property: string;
  column: string;
  type: string;
  merge: MergeRule;
}

export interface WriteTable {
  schema: string;
  name: string;
  columns: WriteColumn[];
  /** Conflict target, as column names. */
  key: string[];
  /** The entity's every property, written or not (for the coverage test). */
  properties: string[];
  skipped: Record<string, string>;
  /** Merged once per command (WriteSpec.perCommand). */
  perCommand: boolean;
}

const discovered = new Map<EntityClass, MikroORM>();

/** MikroORM's metadata of the entities, discovered without a database connection (once per entity list). */
function metadataOf(entity: EntityClass, entities: readonly EntityClass[]): EntityMetadata {
  let orm = discovered.get(entity);
  if (!orm) {
    orm = MikroORM.initSync({
      entities: [Tracked, ...entities],
      dbName: 'metadata-only',
      connect: false,
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: true,
    });
    for (const e of entities) discovered.set(e, orm);
  }
  return orm.getMetadata().get(entity.name);
}

/** The table a spec writes: derived from the entity's metadata, checked against the spec's own names. */
export function writeTable<E>(spec: WriteSpec<E>): WriteTable {
  const meta = metadataOf(spec.entity, spec.entities);
  const where = `${spec.schema}.${meta.tableName} (${spec.entity.name})`;
  const props = meta.props.filter((p) => p.persist !== false && p.kind === 'scalar');
  const names = new Set(props.map((p) => p.name));
  const named = [...Object.keys(spec.merge ?? {}), ...Object.keys(spec.skip ?? {}), ...(spec.key ?? [])];
  for (const n of named) if (!names.has(n)) throw new Error(`write path of ${where}: "${n}" is not a property of the entity`);
  const skip = (spec.skip ?? {}) as Record<string, string>;
  const merge = (spec.merge ?? {}) as Record<string, MergeRule>;
  const columns: WriteColumn[] = [];
  for (const p of props) {
    if (MANAGED.has(p.name) || skip[p.name] !== undefined) continue;
    const column = p.fieldNames?.[0];
    const type = p.columnTypes?.[0];
    if (!column || !type || p.fieldNames.length !== 1) throw new Error(`write path of ${where}: property "${p.name}" has no single column`);
    columns.push({ property: p.name, column, type, merge: merge[p.name] ?? 'replace' });
  }
  const keyProps = spec.key ?? meta.primaryKeys;
  const key = keyProps.map((k) => {
    const c = columns.find((x) => x.property === k);
    if (!c) throw new Error(`write path of ${where}: key "${String(k)}" is not written`);
    return c.column;
  });
  return {
    schema: spec.schema,
    name: meta.tableName,
    columns,
    key,
    properties: props.map((p) => p.name),
    skipped: { ...skip, ...Object.fromEntries([...MANAGED].map((m) => [m, 'set by the merge (created on insert, updated on change)'])) },
    perCommand: spec.perCommand ?? false,
  };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** An array element as a quoted literal element: backslashes and double quotes escaped. */
const ARRAY_SPECIAL = /[\\"]/;
function arrayElement(e: unknown): string {
  if (e === null || e === undefined) return 'NULL';
  const text = String(e);
  return ARRAY_SPECIAL.test(text) ? `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${text}"`;
}

function arrayLiteral(values: unknown[]): string {
  // Most lists a load writes have one element (a row's source IDs): no intermediate array for those.
  if (values.length === 0) return '{}';
  let out = `{${arrayElement(values[0])}`;
  for (let i = 1; i < values.length; i++) out += `,${arrayElement(values[i])}`;
  return `${out}}`;
}

/** One value in COPY text format for a column of the given PostgreSQL type. */
export function copyValue(value: unknown, type: string): string {
  return copyEncoder(type)(value);
}

/**
 * The COPY text encoder of a column type, chosen once per column rather than once per value (a load
 * encodes some 130,000 rows of 5 to 25 columns).
 */
function copyEncoder(type: string): (value: unknown) => string {
  const scalar = (value: unknown) =>
    typeof value === 'string' ? copyText(value) : value instanceof Date ? value.toISOString() : copyText(String(value));
  const encode: (value: unknown) => string = type.endsWith('[]')
    ? (value) => copyText(arrayLiteral(value as unknown[]))
    : type === 'jsonb' || type === 'json'
      ? (value) => copyText(JSON.stringify(value))
      : type === 'boolean'
        ? (value) => (value ? 't' : 'f')
        : scalar;
  return (value) => (value === null || value === undefined ? '\\N' : encode(value));
}

/** The COPY line of a row: its columns' values in order, tab-separated (concatenated: no array per row). */
function copyLine(
  row: Record<string, unknown>,
  properties: readonly string[],
  encoders: ReadonlyArray<(value: unknown) => string>,
): string {
  let line = (encoders[0] as (value: unknown) => string)(row[properties[0] as string]);
  for (let i = 1; i < properties.length; i++) line += `\t${(encoders[i] as (value: unknown) => string)(row[properties[i] as string])}`;
  return `${line}\n`;
}

const merged = (c: WriteColumn) => mergedValue(c.column, c);

/** True when a list is already as sortedSet makes it: no null, strictly ascending (so no duplicate). */
function isSortedSet(values: unknown[]): boolean {
  let prev: string | undefined;
  for (const v of values) {
    if (v === null || v === undefined) return false;
    const text = String(v);
    if (prev !== undefined && !(prev < text)) return false;
    prev = text;
  }
  return true;
}

/**
 * A test that a staged row (`x`) leaves a stored row's (`t`) column as it is under the column's merge rule;
 * the upsert's own test (`is distinct from` the merged value) stays the word on the rows that pass this one.
 * A union column holds when the stored list already contains every staged value: the stored lists are the
 * merge's own (sorted, de-duplicated, without nulls), so that is the merged list, without sorting it.
 */
function unchangedBy(c: WriteColumn): string {
  const t = `t.${quote(c.column)}`;
  const x = `x.${quote(c.column)}`;
  switch (c.merge) {
    case 'union':
      return `(${t} is not null and coalesce(${x}, '{}') <@ ${t})`;
    case 'insert':
      return 'true';
    default:
      return `${t} is not distinct from ${mergedValue(c.column, c, 'x')}`;
  }
}

/** Rows per statement where COPY is not available (PGlite): keeps the one jsonb parameter modest. */
const JSON_CHUNK = 5000;

/**
 * Stages plain rows by COPY into a temporary table of the given columns (name -> PostgreSQL type) and returns
 * its quoted name, or null when the connection cannot take COPY (then the caller sends the rows as jsonb).
 * No ANALYZE: the statements that read a staged table join every row of it by hash either way, and analysing
 * 30,000 identity assignments with their explanations cost more than their COPY.
 */
export async function stageRows(
  sql: Sql,
  name: string,
  columns: Record<string, string>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<string | null> {
  if (!sql.copyFrom) return null;
  const table = quote(`stage_${name}`);
  const cols = Object.entries(columns);
  const names = cols.map(([c]) => c);
  const encoders = cols.map(([, t]) => copyEncoder(t));
  await sql(`create temporary table if not exists ${table} (${cols.map(([c, t]) => `${quote(c)} ${t}`).join(', ')})`);
  await sql(`truncate ${table}`);
  await sql.copyFrom(
    `copy ${table} (${names.map(quote).join(', ')}) from stdin`,
    rows.map((r) => copyLine(r, names, encoders)),
  );
  return table;
}

/** Stages rows by COPY into a temporary table (the session's: gone when the ingest command disconnects). */
async function stage(sql: Sql, copyFrom: NonNullable<Sql['copyFrom']>, table: WriteTable, rows: Array<Record<string, unknown>>) {
  const name = quote(`stage_${table.schema}_${table.name}_${table.columns.length}`);
  await sql(`create temporary table if not exists ${name} (${table.columns.map((c) => `${quote(c.column)} ${c.type}`).join(', ')})`);
  await sql(`truncate ${name}`);
  // Lines are made as COPY reads them, so a large file's rows are never all held as text at once.
  const properties = table.columns.map((c) => c.property);
  const encoders = table.columns.map((c) => copyEncoder(c.type));
  const lines = (function* () {
    for (const r of rows) yield copyLine(r, properties, encoders);
  })();
  try {
    await copyFrom(`copy ${name} (${table.columns.map((c) => quote(c.column)).join(', ')}) from stdin`, lines);
  } catch (error) {
    throw copyError(error, table, rows);
  }
  return name;
}

/**
 * A value PostgreSQL refused while COPYing names its line and column (in the error's `where`): the error
 * says which row (by its key) and which property that is, rather than a line of a staging table.
 */
function copyError(error: unknown, table: WriteTable, rows: ReadonlyArray<Record<string, unknown>>): Error {
  const where = (error as { where?: string }).where ?? '';
  const m = /line (\d+), column (\w+)/.exec(where);
  const row = m ? rows[Number(m[1]) - 1] : undefined;
  if (!m || !row) return error as Error;
  const column = table.columns.find((c) => c.column === m[2]);
  const key = table.key.map((k) => row[table.columns.find((c) => c.column === k)?.property ?? k]).join(', ');
  return new Error(`${table.schema}.${table.name} row ${key}: ${column?.property ?? m[2]}: ${(error as Error).message}`);
}

/**
 * The set-based merge of staged rows (`from`, aliased `x`) into the table: an INSERT ... SELECT ... ON CONFLICT
 * that leaves a row whose merged values equal the stored ones untouched. Its result is one row of counts, or
 * with `keys`, one row per created or updated row: its key (as text) and whether it was created.
 */
function mergeStatement(table: WriteTable, from: string, keys = false): string {
  const target = `${quote(table.schema)}.${quote(table.name)}`;
  const names = table.columns.map((c) => quote(c.column)).join(', ');
  const updatable = table.columns.filter((c) => !table.key.includes(c.column) && c.merge !== 'insert');
  const set = [...updatable.map((c) => `${quote(c.column)} = ${merged(c)}`), '"updated_at" = now()'].join(', ');
  const changed = updatable.length
    ? `where (${updatable.map((c) => `t.${quote(c.column)}`).join(', ')}) is distinct from (${updatable.map(merged).join(', ')})`
    : 'where false';
  // Only the staged rows that are new or may change a stored row go on to the upsert: one join against the
  // table, with a cheap test per column, spares the unchanged rows the upsert's per-row conflict handling
  // (an index probe and a row lock each) and the union columns' sort (see unchangedBy).
  const join = table.key.map((k) => `t.${quote(k)} = x.${quote(k)}`).join(' and ');
  const same = updatable.map(unchangedBy);
  const candidates = `select ${table.columns.map((c) => `x.${quote(c.column)}`).join(', ')} from ${from} left join ${target} t on ${join}
     where t.${quote(table.key[0] as string)} is null${same.length ? ` or not (${same.join(' and ')})` : ''}`;
  const returning = keys ? `${table.key.map((k, i) => `t.${quote(k)}::text as k${i}`).join(', ')}, ` : '';
  return `with written as (
       insert into ${target} as t (${names}) select ${names} from (${candidates}) c
       on conflict (${table.key.map(quote).join(', ')}) do update set ${set} ${changed}
       returning ${returning}(xmax = 0) as inserted)
     ${keys ? 'select * from written' : 'select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated from written'}`;
}

/**
 * The rows of one write, one per key: rows with the same key are merged (PostgreSQL refuses ON CONFLICT
 * touching one row twice), union lists sorted. The caller's row is kept as it is (a missing property is
 * null, in COPY and in jsonb alike) unless a union list needs sorting: no copy of every row.
 */
function rowsByKey(table: WriteTable, rows: ReadonlyArray<object>): Map<string, Record<string, unknown>> {
  const specs = specsOf(table);
  const keyProps = table.key.map((k) => table.columns.find((c) => c.column === k)?.property as string);
  const unions = table.columns.filter((c) => c.merge === 'union').map((c) => c.property);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    let out = row;
    for (const p of unions) {
      const v = row[p];
      if (Array.isArray(v) && !isSortedSet(v)) {
        if (out === row) out = { ...row };
        out[p] = sortedSet(v);
      }
    }
    const k = keyProps.length === 1 ? String(out[keyProps[0] as string] ?? null) : JSON.stringify(keyProps.map((p) => out[p] ?? null));
    const prev = byKey.get(k);
    byKey.set(k, prev ? mergeInMemory(prev, out, specs) : out);
  }
  return byKey;
}

const specsOf = (table: WriteTable) => Object.fromEntries(table.columns.map((c) => [c.property, { type: c.type, merge: c.merge }]));

/**
 * Upserts rows (keyed by entity property names; a missing property is null) into the spec's table: one
 * staging COPY and one set-based merge. A row whose merged values equal the stored ones is not touched, so
 * `updated_at` moves only on a real change and a repeated load reports 0 created, 0 updated. Rows with the
 * same key are merged before sending. In an ingest command (`sql.command`) a `perCommand` table's rows are
 * only staged here: the command merges them once (CommandWrites.flush) and counts them then.
 */
export async function writeRows(sql: Sql, table: WriteTable, rows: ReadonlyArray<object>): Promise<UpsertResult> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const byKey = rowsByKey(table, rows);
  if (table.perCommand && sql.command && sql.copyFrom) return sql.command.stage(sql, table, byKey);
  const payload = [...byKey.values()];
  const total: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
  const add = (result: { created: number; updated: number } | undefined, rows: number) => {
    total.created += result?.created ?? 0;
    total.updated += result?.updated ?? 0;
    total.unchanged += rows - (result?.created ?? 0) - (result?.updated ?? 0);
  };
  if (sql.copyFrom) {
    const staged = await stage(sql, sql.copyFrom, table, payload);
    const [result] = await sql<{ created: number; updated: number }>(mergeStatement(table, `${staged} x`));
    add(result, payload.length);
    return total;
  }
  // No COPY (PGlite, or an EntityManager's executor): the rows travel as jsonb, one merge per chunk, with no
  // temporary table (an executor may run each statement on another pooled connection).
  const recordType = table.columns.map((c) => `${quote(c.column)} ${c.type}`).join(', ');
  for (let i = 0; i < payload.length; i += JSON_CHUNK) {
    const part = payload.slice(i, i + JSON_CHUNK);
    const json = part.map((r) => Object.fromEntries(table.columns.map((c) => [c.column, r[c.property] ?? null])));
    const [result] = await sql<{ created: number; updated: number }>(
      mergeStatement(table, `jsonb_to_recordset($1::jsonb) as x(${recordType})`),
      [JSON.stringify(json)],
    );
    add(result, part.length);
  }
  return total;
}

interface CommandTable {
  table: WriteTable;
  /** The quoted staging table, holding one row per key: the command's rows of that key, merged. */
  stage: string;
  /** Key -> the staged row (every kept file's rows of that key, merged) and the file that staged it first. */
  kept: Map<string, { row: Record<string, unknown>; file: number }>;
  /** The same for the current file, whose savepoint may still roll back. */
  current: Map<string, { row: Record<string, unknown>; file: number }>;
  /** Per kept file, the rows it wrote (one per key and write): what its counts add up to. */
  rows: Map<number, number>;
  currentRows: number;
}

/**
 * The writes of one ingest command for its `perCommand` tables: each file's rows are COPYed into the table's
 * staging table as the file is written (inside the file's savepoint, so a value PostgreSQL refuses fails that
 * file, and a rolled-back file takes its staged rows with it); a key an earlier file of the command staged is
 * merged with that row in memory, by the same rules as the database merge, and staged again in its place.
 * `flush` then merges each staging table into its table in one statement and says, per file, how many rows
 * it created, updated or left unchanged (a row is counted for the first file of the command that wrote it).
 * The caller marks the files: `beginFile` before one, `keepFile` once its savepoint is released, `dropFile`
 * once it is rolled back.
 */
export class CommandWrites {
  private readonly tables = new Map<WriteTable, CommandTable>();
  private file = -1;

  beginFile(index: number): void {
    this.file = index;
    for (const t of this.tables.values()) {
      t.current.clear();
      t.currentRows = 0;
    }
  }

  keepFile(): void {
    for (const t of this.tables.values()) {
      for (const [k, v] of t.current) t.kept.set(k, v);
      if (t.currentRows) t.rows.set(this.file, (t.rows.get(this.file) ?? 0) + t.currentRows);
      t.current.clear();
      t.currentRows = 0;
    }
  }

  dropFile(): void {
    for (const t of this.tables.values()) {
      t.current.clear();
      t.currentRows = 0;
    }
  }

  /** Stages one write's rows (one per key) for the current file; its counts come from `flush`. */
  async stage(sql: Sql, table: WriteTable, byKey: Map<string, Record<string, unknown>>): Promise<UpsertResult> {
    const copy = sql.copyFrom as NonNullable<Sql['copyFrom']>;
    let t = this.tables.get(table);
    if (!t) {
      t = {
        table,
        stage: quote(`stage_${table.schema}_${table.name}_${table.columns.length}_command`),
        kept: new Map(),
        current: new Map(),
        rows: new Map(),
        currentRows: 0,
      };
      this.tables.set(table, t);
    }
    // Created again when a rolled-back file had created it; emptied by the flush of the command before.
    await sql(`create temporary table if not exists ${t.stage} (${table.columns.map((c) => `${quote(c.column)} ${c.type}`).join(', ')})`);
    const specs = specsOf(table);
    const again: Array<Record<string, unknown>> = [];
    const payload: Array<Record<string, unknown>> = [];
    for (const [k, row] of byKey) {
      const prev = t.current.get(k) ?? t.kept.get(k);
      const staged = prev ? mergeInMemory(prev.row, row, specs) : row;
      if (prev) again.push(prev.row);
      t.current.set(k, { row: staged, file: prev ? prev.file : this.file });
      payload.push(staged);
    }
    t.currentRows += byKey.size;
    if (again.length) {
      // A key staged before in this command: its merged row replaces the staged one.
      const keyCols = table.key.map((k) => table.columns.find((c) => c.column === k) as WriteColumn);
      await sql(
        `delete from ${t.stage} s using jsonb_to_recordset($1::jsonb) as k(${keyCols.map((c) => `${quote(c.column)} ${c.type}`).join(', ')})
         where ${keyCols.map((c) => `s.${quote(c.column)} = k.${quote(c.column)}`).join(' and ')}`,
        [JSON.stringify(again.map((r) => Object.fromEntries(keyCols.map((c) => [c.column, r[c.property] ?? null]))))],
      );
    }
    const properties = table.columns.map((c) => c.property);
    const encoders = table.columns.map((c) => copyEncoder(c.type));
    const lines = (function* () {
      for (const r of payload) yield copyLine(r, properties, encoders);
    })();
    try {
      await copy(`copy ${t.stage} (${table.columns.map((c) => quote(c.column)).join(', ')}) from stdin`, lines);
    } catch (error) {
      throw copyError(error, table, payload);
    }
    return { created: 0, updated: 0, unchanged: 0 };
  }

  /**
   * Merges every staging table into its table (one statement each, in the order the tables were first
   * written) and empties it; returns, per file index, the counts of each table it wrote ("schema.table").
   */
  async flush(sql: Sql): Promise<Map<number, WriteCounts>> {
    const counts = new Map<number, WriteCounts>();
    for (const t of this.tables.values()) {
      if (t.kept.size === 0) continue;
      const name = `${t.table.schema}.${t.table.name}`;
      const forFile = (file: number): UpsertResult => {
        const byTable = counts.get(file) ?? {};
        counts.set(file, byTable);
        byTable[name] ??= { created: 0, updated: 0, unchanged: 0 };
        return byTable[name];
      };
      for (const [file, n] of t.rows) forFile(file).unchanged += n;
      const keyProps = t.table.key.map((k) => t.table.columns.find((c) => c.column === k)?.property as string);
      const textKey = (values: unknown[]) => values.map((v) => (v === null || v === undefined ? '' : String(v))).join('\u0000');
      const firstFile = new Map<string, number>();
      for (const { row, file } of t.kept.values()) firstFile.set(textKey(keyProps.map((p) => row[p])), file);
      const written = await sql<Record<string, unknown> & { inserted: boolean }>(mergeStatement(t.table, `${t.stage} x`, true));
      for (const w of written) {
        const file = firstFile.get(textKey(t.table.key.map((_, i) => w[`k${i}`])));
        if (file === undefined) continue;
        const c = forFile(file);
        if (w.inserted) c.created++;
        else c.updated++;
        c.unchanged--;
      }
      await sql(`truncate ${t.stage}`);
    }
    this.tables.clear();
    return counts;
  }
}

/**
 * COPY lines joined into chunks of about 64 KiB: pg-copy-streams sends each chunk it is given as its own
 * CopyData message and socket write, so one line per chunk cost a system call per row (2.2 s of the 17 s
 * bench:ingest run went to socket writes before this).
 */
export function* copyChunks(lines: Iterable<string>, size = 1 << 16): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * The data modules' executor on one pg connection. With `copy`, rows are staged by COPY FROM STDIN (a
 * PostgreSQL server takes it; PGlite's socket drops the connection on it, see serverTakesCopy).
 */
export function clientSql(client: Client, copy: boolean): Sql {
  const sql: Sql = async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[];
  if (copy) sql.copyFrom = (statement, lines) => pipeline(Readable.from(copyChunks(lines)), client.query(copyFrom(statement)));
  return sql;
}

/** PGlite (the embedded default) answers the wire protocol but cannot take COPY FROM STDIN over it. */
export async function serverTakesCopy(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ version: string }>('select version()');
  return !/PGlite/i.test(rows[0]?.version ?? '');
}
