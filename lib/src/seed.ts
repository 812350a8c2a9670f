import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LineCounter, parseDocument } from 'yaml';
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
  return doc.toJS() as T;
}

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

/** Loads the shared source-document list (seeds/sources.yaml) into one subgraph's `source` table. */
export async function upsertSources(em: EntityManager, schema: string, sources: Array<Record<string, unknown>>): Promise<UpsertResult> {
  return writeSources(emSql(em), schema, sources as unknown as SourceRow[]);
}

/**
 * Rejects records with fields the loader does not know (a typo, or YAML flow style splitting a value at a
 * comma) or without required ones, naming the file, the section, the record and the field.
 */
export function checkRecords(
  file: string,
  section: string,
  records: Array<Record<string, unknown>> | undefined,
  fields: { required: string[]; optional: string[] },
): void {
  const known = new Set([...fields.required, ...fields.optional]);
  (records ?? []).forEach((record, index) => {
    const where = `${file}: ${section}[${index}]${typeof record.id === 'string' ? ` (${record.id})` : ''}`;
    if (record === null || typeof record !== 'object') throw new SeedError(`${where}: expected a mapping`);
    for (const key of Object.keys(record)) {
      if (!known.has(key)) throw new SeedError(`${where}: unknown field "${key}"`);
    }
    for (const key of fields.required) {
      if (record[key] === undefined || record[key] === null || record[key] === '')
        throw new SeedError(`${where}: missing required field "${key}"`);
    }
  });
}
