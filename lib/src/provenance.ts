import type { Sql } from './bulk.js';
import { SourceDocument } from './source.js';
import { type WriteTable, writeRows, writeTable } from './write.js';
import type { UpsertResult } from './seed.js';

/**
 * A source document as the ingest command records it: one row per data file loaded (kind DATASET), with
 * the licence and attribution its publisher asks for and the date the snapshot was retrieved. Entities
 * cite a record inside the file as `<source id>#<record id in that source>` in their `sourceIds`, so every
 * ingested fact names its source, file and record without one row per record in the source table.
 */
export interface SourceRow {
  id: string;
  kind: 'DATASET' | 'API_RECORD' | 'ARTICLE';
  title: string;
  /** Short name of the dataset this file belongs to, e.g. "eea-grants". */
  dataset?: string | null;
  /** The file name as loaded, e.g. "partners.json". */
  file?: string | null;
  publisher?: string | null;
  url?: string | null;
  licence?: string | null;
  attribution?: string | null;
  /** When the snapshot was taken from its origin (YYYY-MM-DD). */
  retrievedOn?: string | null;
  /** For articles: when it was published (YYYY-MM-DD). */
  publishedOn?: string | null;
  summary?: string | null;
  language?: string | null;
}

/** Separates a source document ID from a record ID inside it in `sourceIds`. */
export const RECORD_SEPARATOR = '#';

export function recordRef(sourceId: string, recordId: string | number): string {
  return `${sourceId}${RECORD_SEPARATOR}${recordId}`;
}

export function splitRecordRef(ref: string): { sourceId: string; recordId: string | null } {
  const at = ref.indexOf(RECORD_SEPARATOR);
  return at < 0 ? { sourceId: ref, recordId: null } : { sourceId: ref.slice(0, at), recordId: ref.slice(at + 1) };
}

/**
 * Writes source documents (the seeds' articles, the ingest's data files) into one subgraph's `source` table:
 * every subgraph keeps the sources its rows cite.
 */
export async function writeSources(sql: Sql, schema: string, rows: SourceRow[]): Promise<UpsertResult> {
  return writeRows(sql, sourceTable(schema), rows);
}

const sourceTables = new Map<string, WriteTable>();

/** The `source` table of a subgraph's schema, with the columns of the SourceDocument entity. */
function sourceTable(schema: string): WriteTable {
  let table = sourceTables.get(schema);
  if (!table) {
    table = writeTable<SourceDocument>({ schema, entity: SourceDocument, entities: [SourceDocument] });
    sourceTables.set(schema, table);
  }
  return table;
}
