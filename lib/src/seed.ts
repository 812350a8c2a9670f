import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type BulkColumns, bulkUpsert, type Sql } from './bulk.js';
import { type SourceRow, writeSources } from './provenance.js';

export class SeedError extends Error {}

/** Reads a YAML seed file; syntax errors name the file, line and column. */
export function readYaml<T>(file: string): T {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new SeedError(`${file}:${pos.line}:${pos.col}: ${first.message.split('\n')[0]}`);
  }
  const value = doc.toJS() as T;
  notePositions(doc.contents, value, lineCounter);
  return value;
}

/** Where each mapping and sequence that readYaml returned was written: its line and the line of each key. */
const positions = new WeakMap<object, { line: number; keys: Map<string, number> }>();

function notePositions(node: unknown, value: unknown, lines: LineCounter): void {
  if (value === null || typeof value !== 'object') return;
  const lineAt = (offset: number | undefined) => (offset === undefined ? 0 : lines.linePos(offset).line);
  if (isMap(node) && !Array.isArray(value)) {
    const keys = new Map<string, number>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      keys.set(key, lineAt(isScalar(pair.key) ? pair.key.range?.[0] : undefined));
      notePositions(pair.value, (value as Record<string, unknown>)[key], lines);
    }
    positions.set(value, { line: lineAt(node.range?.[0]), keys });
  } else if (isSeq(node) && Array.isArray(value)) {
    for (const [i, item] of node.items.entries()) notePositions(item, value[i], lines);
    positions.set(value, { line: lineAt(node.range?.[0]), keys: new Map() });
  }
}

/** The line a value read by readYaml starts on (or the line of one of its keys); undefined for other values. */
export function lineOf(value: unknown, key?: string): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const at = positions.get(value);
  const line = key === undefined ? at?.line : (at?.keys.get(key) ?? at?.line);
  return line || undefined;
}

/**
 * `file:line` of a value read by readYaml (or of one of its keys), for messages of checks written by hand:
 * `seeds/projects.yaml:212: partnership:x appears twice`. Just `file` when the line is not known.
 */
export function seedAt(file: string, value: unknown, key?: string): string {
  const line = lineOf(value, key);
  return line ? `${file}:${line}` : file;
}

const isCalendarDate = (text: string) => {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * Schemas (zod) for the values of seed fields; a subgraph names one per field in checkRecords' `values`.
 * The messages complete a sentence that starts with the value: `launchedOn: "2022-02-30" is not a calendar date`.
 */
export const seedValue = {
  /** YYYY-MM-DD naming a day that exists (a YAML 1.1 reader's Date is accepted as the day it names). */
  date: z.preprocess(
    (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
    z
      .string({ error: 'is not a date written YYYY-MM-DD' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'is not a date written YYYY-MM-DD' })
      .refine(isCalendarDate, { error: 'is not a calendar date' }),
  ),
  /** HH:MM on a 24-hour clock. */
  time: z.string({ error: 'is not a time written HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'is not a time written HH:MM' }),
  text: z.string({ error: 'is not text' }).trim().min(1, { error: 'is empty' }),
  texts: z.array(z.string({ error: 'has an entry that is not text' }), { error: 'is not a list' }),
  boolean: z.boolean({ error: 'is not true or false' }),
  number: z.number({ error: 'is not a number' }).refine(Number.isFinite, { error: 'is not a finite number' }),
  amount: z.number({ error: 'is not a number' }).nonnegative({ error: 'is negative' }),
  integer: z.number({ error: 'is not a number' }).int({ error: 'is not a whole number' }),
  year: z
    .number({ error: 'is not a year' })
    .int({ error: 'is not a year' })
    .min(1000, { error: 'is not a year' })
    .max(9999, { error: 'is not a year' }),
  /** An ISO 4217 code: EUR, PLN. */
  currency: z.string({ error: 'is not a currency code' }).regex(/^[A-Z]{3}$/, { error: 'is not a three-letter currency code' }),
  oneOf: (values: readonly string[]) => z.enum(values as [string, ...string[]], { error: `is not one of ${values.join(', ')}` }),
};

/** Column name -> PostgreSQL type (or type and merge rule) used to read the rows out of one JSON parameter. */
export type ColumnTypes = BulkColumns;

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
}

/** Runs `$n`-placeholder SQL through an EntityManager, inside its current transaction. */
export function emSql(em: EntityManager): Sql {
  return async <T>(text: string, params: unknown[] = []) => (await em.execute(text.replace(/\$(\d+)/g, '?'), params)) as T[];
}

/**
 * Set-based upsert through an EntityManager (seeds); see bulkUpsert. A row whose values did not change
 * is not touched, so `updated_at` moves only on a real change and loading the same seeds twice reports
 * 0 created, 0 updated.
 */
export async function upsertRows(
  em: EntityManager,
  table: { schema: string; name: string; key?: string[] },
  columns: ColumnTypes,
  rows: Array<Record<string, unknown>>,
): Promise<UpsertResult> {
  return bulkUpsert(emSql(em), table, columns, rows);
}

export function addResults(a: UpsertResult, b: UpsertResult): UpsertResult {
  return { created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged };
}

/**
 * Loads the shared source-document list (seeds/sources.yaml) into one subgraph's `source` table. An article's
 * `fileName` (its file among the source articles) is stored as the source's `file`, like a data file's name.
 */
export async function upsertSources(em: EntityManager, schema: string, sources: Array<Record<string, unknown>>): Promise<UpsertResult> {
  const rows = sources.map(({ fileName, ...rest }) => ({ ...rest, file: fileName ?? rest.file }) as unknown as SourceRow);
  return writeSources(emSql(em), schema, rows);
}

/** What checkRecords knows of one kind of record: its fields, their values, and lists of records inside it. */
export interface RecordFields {
  required: string[];
  optional: string[];
  /** A zod schema per field (see seedValue). */
  values?: Record<string, z.ZodType>;
  /** Fields holding a list of mappings (a place's designations, a network's members), checked the same way. */
  nested?: Record<string, RecordFields>;
}

/**
 * Rejects records with fields the loader does not know (a typo, or YAML flow style splitting a value at a
 * comma), without required ones, or whose value fails its schema in `values` (a zod schema per field, see
 * seedValue), naming the file and line (for records read by readYaml), the section, the record, the field
 * and the reason: `seeds/organisations.yaml:182: networks[0] (network:x) launchedOn: "2022-02-30" is not a
 * calendar date`. Lists of mappings named in `nested` are checked the same way, their entries named by their
 * path (`networks[2] (network:x).members[1]`). Runs before anything is written, so a refused file changes nothing.
 */
export function checkRecords(
  file: string,
  section: string,
  records: Array<Record<string, unknown>> | undefined,
  fields: RecordFields,
): void {
  if (records !== undefined && records !== null && !Array.isArray(records)) {
    throw new SeedError(`${seedAt(file, records)}: ${section}: expected a list`);
  }
  const known = new Set([...fields.required, ...fields.optional, ...Object.keys(fields.nested ?? {})]);
  (records ?? []).forEach((record, index) => {
    const at = (key?: string) => seedAt(file, record, key);
    const name = `${section}[${index}]${typeof record?.id === 'string' ? ` (${record.id})` : ''}`;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new SeedError(`${at()}: ${name}: expected a mapping`);
    for (const key of Object.keys(record)) {
      if (!known.has(key)) throw new SeedError(`${at(key)}: ${name}: unknown field "${key}"`);
    }
    for (const key of fields.required) {
      if (record[key] === undefined || record[key] === null || record[key] === '')
        throw new SeedError(`${at()}: ${name}: missing required field "${key}"`);
    }
    for (const [key, schema] of Object.entries(fields.values ?? {})) {
      const value = record[key];
      if (value === undefined || value === null) continue;
      const result = schema.safeParse(value);
      if (!result.success) {
        const issue = result.error.issues[0];
        const reason = issue?.message ?? 'is not valid';
        // For a list, name the entry that fails (altNames[2]), and show that entry, not the whole list.
        const inner = issue?.path.length ? issue.path.map((p) => `[${String(p)}]`).join('') : '';
        let shown: unknown = value;
        for (const p of issue?.path ?? []) shown = (shown as Record<PropertyKey, unknown> | undefined)?.[p as PropertyKey];
        if (shown instanceof Date) shown = shown.toISOString().slice(0, 10);
        throw new SeedError(`${at(key)}: ${name} ${key}${inner}: ${JSON.stringify(shown)} ${reason}`);
      }
    }
    for (const [key, inner] of Object.entries(fields.nested ?? {})) {
      const list = record[key];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) throw new SeedError(`${at(key)}: ${name} ${key}: expected a list`);
      checkRecords(file, `${name}.${key}`, list as Array<Record<string, unknown>>, inner);
    }
  });
}

const SOURCE_KINDS = ['ARTICLE', 'DATASET', 'API_RECORD'] as const;

/** seeds/sources.yaml: the documents the seeds cite. */
export const SOURCE_FIELDS: RecordFields = {
  required: ['id', 'kind'],
  optional: [
    'title',
    'publisher',
    'publishedOn',
    'retrievedOn',
    'language',
    'url',
    'summary',
    'fileName',
    'dataset',
    'licence',
    'attribution',
  ],
  values: {
    id: z.string({ error: 'is not text' }).regex(/^src:[a-z0-9][a-z0-9.-]*$/, { error: 'is not a source ID (src:lower-case-words)' }),
    kind: seedValue.oneOf(SOURCE_KINDS),
    title: seedValue.text,
    publisher: seedValue.text,
    publishedOn: seedValue.date,
    retrievedOn: seedValue.date,
    language: z.string({ error: 'is not a language code' }).regex(/^[a-z]{2}$/, { error: 'is not a two-letter ISO 639-1 language code' }),
    url: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }),
    summary: seedValue.text,
    fileName: z
      .string({ error: 'is not a file name' })
      .regex(/^[^/\\]+$/, { error: 'is not a file name (no folder)' })
      .refine((v) => v.trim() === v && v !== '', { error: 'is not a file name' }),
    dataset: seedValue.text,
    licence: seedValue.text,
    attribution: seedValue.text,
  },
};

/**
 * Reads and checks seeds/sources.yaml (every source's fields and values, IDs unique), naming file, line,
 * source and field for what is wrong: `seeds/sources.yaml:9: sources[0] (src:x) publishedOn: "2023-06-31" is
 * not a calendar date`.
 */
export function readSources(dir: string): Array<Record<string, unknown>> {
  const file = join(dir, 'sources.yaml');
  const data = readYaml<{ sources?: Array<Record<string, unknown>> } | null>(file);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new SeedError(`${file}: expected a mapping with a "sources" list`);
  for (const key of Object.keys(data)) {
    if (key !== 'sources') throw new SeedError(`${seedAt(file, data, key)}: unknown section "${key}" (expected "sources")`);
  }
  if (!Array.isArray(data.sources)) throw new SeedError(`${seedAt(file, data, 'sources')}: "sources" must be a list`);
  checkRecords(file, 'sources', data.sources, SOURCE_FIELDS);
  const seen = new Map<string, number>();
  data.sources.forEach((source, index) => {
    const id = source.id as string;
    const earlier = seen.get(id);
    if (earlier !== undefined)
      throw new SeedError(`${seedAt(file, source, 'id')}: sources[${index}] (${id}): the same ID as sources[${earlier}]`);
    seen.set(id, index);
  });
  return data.sources;
}
