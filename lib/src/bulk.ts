import type { UpsertResult } from './seed.js';
import type { CommandWrites } from './write.js';

/**
 * A SQL executor with PostgreSQL `$n` placeholders. Data modules take one of these rather than an
 * EntityManager so that the ingest command can run every subgraph's writes for one file inside one
 * transaction on one connection (all-or-nothing per file), and roll it back for a dry run.
 */
export type Sql = (<T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>) & {
  /**
   * Runs a `copy ... from stdin` statement with the given lines (COPY text format), where the connection
   * can: a plain PostgreSQL server. Absent (PGlite's socket cannot take COPY FROM STDIN), writes stage
   * their rows through a jsonb parameter instead.
   */
  copyFrom?: (statement: string, lines: Iterable<string>) => Promise<void>;
  /**
   * The writes of one ingest command (with COPY only): a table marked `perCommand` is staged as each file
   * is written and merged once, when the command's files are done (CommandWrites.flush).
   */
  command?: CommandWrites;
};

/**
 * How an upsert treats a column when the row already exists:
 * - `replace`: the new value wins (the default);
 * - `coalesce`: the new value wins unless it is null (a source that does not know a value never erases it);
 * - `fill`: the stored value wins; the new one only fills a null (for values a curated seed may know better,
 *   such as a municipality's NUTS 3 parent where a register only knows the country);
 * - `union`: arrays are merged, sorted and de-duplicated (names, sources and search keys from several
 *   sources accumulate, so loading source A, then B, then A again changes nothing);
 * - `merge`: jsonb objects are merged key by key, the new keys winning;
 * - `insert`: set only when the row is created (e.g. a display name that a richer source may own).
 */
export type MergeRule = 'replace' | 'coalesce' | 'fill' | 'union' | 'merge' | 'insert';

export interface BulkColumn {
  /** PostgreSQL type used to read the value out of the JSON payload: text, text[], numeric, jsonb, date... */
  type: string;
  merge?: MergeRule;
}

export type BulkColumns = Record<string, string | BulkColumn>;

export interface BulkTable {
  schema: string;
  name: string;
  /** Conflict target; defaults to ["id"]. */
  key?: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows per statement: big enough to amortise the round trip, small enough to keep the JSON parameter modest. */
export const BULK_CHUNK = 5000;

function column(spec: string | BulkColumn): BulkColumn {
  return typeof spec === 'string' ? { type: spec } : spec;
}

/**
 * The value a column takes when a staged row meets the stored one (`t`), by its merge rule; the staged row is
 * `excluded` in an upsert, or another alias where it is joined.
 */
export function mergedValue(name: string, spec: BulkColumn, incoming = 'excluded'): string {
  const t = `t.${quote(name)}`;
  const x = `${incoming}.${quote(name)}`;
  switch (spec.merge ?? 'replace') {
    case 'coalesce':
      return `coalesce(${x}, ${t})`;
    case 'fill':
      return `coalesce(${t}, ${x})`;
    case 'union':
      return `array(select distinct v collate "C" from unnest(coalesce(${t}, '{}') || coalesce(${x}, '{}')) as u(v) where v is not null order by 1)`;
    case 'merge':
      return `coalesce(${t}, '{}'::jsonb) || coalesce(${x}, '{}'::jsonb)`;
    case 'insert':
      return t;
    default:
      return x;
  }
}

/**
 * Set-based upsert of many rows: the rows travel as one jsonb parameter per chunk and land with one
 * INSERT ... SELECT FROM jsonb_to_recordset ... ON CONFLICT DO UPDATE. A row whose merged values equal the
 * stored ones is not touched, so `updated_at` moves only on a real change and a repeated load reports
 * 0 created, 0 updated. Rows with the same key inside one call are merged before sending (last wins).
 */
export async function bulkUpsert(
  sql: Sql,
  table: BulkTable,
  columns: BulkColumns,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { chunk?: number } = {},
): Promise<UpsertResult> {
  const total: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return total;
  const key = table.key ?? ['id'];
  const names = Object.keys(columns);
  const specs = Object.fromEntries(names.map((n) => [n, column(columns[n] as string | BulkColumn)]));
  for (const k of key)
    if (!specs[k]) throw new Error(`bulkUpsert ${table.schema}.${table.name}: key column "${k}" is not among the columns`);

  // One row per key: PostgreSQL refuses ON CONFLICT touching the same row twice in one statement.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const out: Record<string, unknown> = {};
    for (const n of names) {
      const v = row[n] ?? null;
      out[n] = specs[n]?.merge === 'union' && Array.isArray(v) ? sortedSet(v) : v;
    }
    const k = JSON.stringify(key.map((c) => out[c]));
    const prev = byKey.get(k);
    byKey.set(k, prev ? mergeInMemory(prev, out, specs) : out);
  }
  const payload = [...byKey.values()];

  const target = `${quote(table.schema)}.${quote(table.name)}`;
  const recordType = names.map((n) => `${quote(n)} ${specs[n]?.type}`).join(', ');
  const valueCols = names.filter((n) => !key.includes(n));
  const updatable = valueCols.filter((n) => specs[n]?.merge !== 'insert');
  const set = [...updatable.map((n) => `${quote(n)} = ${mergedValue(n, specs[n] as BulkColumn)}`), '"updated_at" = now()'].join(', ');
  const changed = updatable.length
    ? `where (${updatable.map((n) => `t.${quote(n)}`).join(', ')}) is distinct from (${updatable
        .map((n) => mergedValue(n, specs[n] as BulkColumn))
        .join(', ')})`
    : 'where false';
  // Counted in the database: one result row per statement instead of one per written row.
  const text = `with written as (
    insert into ${target} as t (${names.map(quote).join(', ')})
    select ${names.map(quote).join(', ')} from jsonb_to_recordset($1::jsonb) as x(${recordType})
    on conflict (${key.map(quote).join(', ')}) do update set ${set} ${changed}
    returning (xmax = 0) as inserted)
    select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated from written`;

  const size = options.chunk ?? BULK_CHUNK;
  for (let i = 0; i < payload.length; i += size) {
    const part = payload.slice(i, i + size);
    const [result] = await sql<{ created: number; updated: number }>(text, [JSON.stringify(part)]);
    const created = result?.created ?? 0;
    const updated = result?.updated ?? 0;
    total.created += created;
    total.updated += updated;
    total.unchanged += part.length - created - updated;
  }
  return total;
}

export function mergeInMemory(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  specs: Record<string, BulkColumn>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [n, spec] of Object.entries(specs)) {
    const x = b[n];
    switch (spec.merge ?? 'replace') {
      case 'union':
        out[n] = sortedSet([...((a[n] as unknown[]) ?? []), ...((x as unknown[]) ?? [])]);
        break;
      case 'merge':
        out[n] = { ...((a[n] as object) ?? {}), ...((x as object) ?? {}) };
        break;
      case 'coalesce':
        out[n] = x ?? a[n] ?? null;
        break;
      case 'fill':
      case 'insert':
        out[n] = a[n] ?? x ?? null;
        break;
      default:
        out[n] = x;
    }
  }
  return out;
}

/** De-duplicated, without nulls, in code-point order (the order of PostgreSQL's "C" collation). */
export function sortedSet(values: unknown[]): unknown[] {
  // Most lists a load merges (a row's source IDs) have one element: no Set and no sort for those.
  if (values.length < 2) return values.length === 1 && values[0] !== null && values[0] !== undefined ? [values[0]] : [];
  const set = [...new Set(values.filter((v) => v !== null && v !== undefined))];
  return set.sort((a, b) => {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Sums per-table results, e.g. for a report line. */
export function sumResults(results: Iterable<UpsertResult>): UpsertResult {
  const total: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
  for (const r of results) {
    total.created += r.created;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
  }
  return total;
}

/** Per-table write counts a data module returns: "organisations.place" -> result. */
export type WriteCounts = Record<string, UpsertResult>;

/** A source record's canonical organisation, as identity resolution decided it. */
export interface OrganisationLink {
  recordId: string;
  organisationId: string;
}

/**
 * Points rows that reference an organisation by its source record (`organisation_record_id`) at the
 * record's canonical organisation (`organisation_id`), set-based and chunked; only rows whose link changes
 * are touched, so a repeated call returns 0. The last link wins if a record is listed twice.
 */
/** The list of links each executor staged last (its session's staging table holds that list). */
const stagedLinks = new WeakMap<Sql, ReadonlyArray<OrganisationLink>>();

export async function relinkByRecord(
  sql: Sql,
  table: { schema: string; name: string },
  links: ReadonlyArray<OrganisationLink>,
): Promise<number> {
  const byRecord = new Map(links.map((l) => [l.recordId, l.organisationId]));
  if (byRecord.size === 0) return 0;
  const moved = (from: string) => `with moved as (
       update ${quote(table.schema)}.${quote(table.name)} as t set organisation_id = m.organisation_id, updated_at = now()
       from ${from}
       where t.organisation_record_id = m.record_id and t.organisation_id is distinct from m.organisation_id
       returning 1)
     select count(*)::int as n from moved`;
  if (sql.copyFrom) {
    // The links go to a staging table by COPY once per list (the three tables that reference records share
    // it), and one UPDATE ... FROM joins it.
    if (stagedLinks.get(sql) !== links) {
      await sql('create temporary table if not exists "stage_links" (record_id text, organisation_id text)');
      await sql('truncate "stage_links"');
      await sql.copyFrom(
        'copy "stage_links" (record_id, organisation_id) from stdin',
        [...byRecord].map(([r, o]) => `${copyText(r)}\t${copyText(o)}\n`),
      );
      await sql('analyze "stage_links"');
      stagedLinks.set(sql, links);
    }
    const [result] = await sql<{ n: number }>(moved('"stage_links" m'));
    return result?.n ?? 0;
  }
  const payload = [...byRecord].map(([record_id, organisation_id]) => ({ record_id, organisation_id }));
  let changed = 0;
  for (let i = 0; i < payload.length; i += BULK_CHUNK) {
    const [result] = await sql<{ n: number }>(moved('jsonb_to_recordset($1::jsonb) as m(record_id text, organisation_id text)'), [
      JSON.stringify(payload.slice(i, i + BULK_CHUNK)),
    ]);
    changed += result?.n ?? 0;
  }
  return changed;
}

/** COPY text format: backslash, tab, newline and carriage return escaped. */
const COPY_SPECIAL = /[\\\t\n\r]/;
export function copyText(text: string): string {
  // Most values have nothing to escape: testing first spares a replace (and its new string) per value.
  if (!COPY_SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Rows per statement of `insertRecordset`: about 2 to 10 MB of JSON, far below jsonb's 256 MB limit. */
export const RECORDSET_CHUNK = 20_000;

/**
 * Inserts plain objects into a (temporary) table through `jsonb_to_recordset`, `chunk` rows per statement,
 * so that no jsonb value outgrows PostgreSQL's limit (the 3 million (organisation, programme, role) rows of
 * the 1M-project graph made one parameter of more than 256 MB) and PGlite, which cannot take COPY, takes it
 * too. `columns` is the record type, e.g. `id text, path text[]`; the objects' keys are its column names.
 */
export async function insertRecordset(
  sql: Sql,
  table: string,
  columns: string,
  rows: readonly object[],
  chunk = RECORDSET_CHUNK,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await sql(`insert into ${table} select * from jsonb_to_recordset($1::jsonb) as x(${columns})`, [
      JSON.stringify(rows.slice(i, i + chunk)),
    ]);
  }
}
