import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { searchKey } from './normalise.js';
import { plainRows, readColumns } from './rows.js';

/** The schema-qualified table of an entity in this EntityManager's schema. */
export function tableOf(em: EntityManager, entity: EntityName<object>): string {
  const meta = em.getMetadata().get(entity);
  const schema = meta.schema && meta.schema !== '*' ? meta.schema : em.config.get('schema');
  return schema ? `"${schema}"."${meta.tableName}"` : `"${meta.tableName}"`;
}

/** Builds the `search_keys` column value: normalised names, alternative names and codes. */
export function searchKeysOf(...values: Array<string | null | undefined | Array<string | null | undefined>>): string[] {
  const keys = new Set<string>();
  for (const value of values.flat()) {
    const key = searchKey(value);
    if (key) keys.add(key);
  }
  return [...keys];
}

/**
 * Name lookup, insensitive to case and diacritics, in ONE statement: rows whose search keys contain the
 * normalised text; exact matches first, then keys that start with it, then `rank` (an SQL expression),
 * then `orderBy` (default the name column), then id so pages are stable.
 */
export async function searchByName<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: {
    name: string;
    where?: string;
    params?: unknown[];
    rank?: string;
    orderBy?: string;
    limit?: number;
    offset?: number;
  },
): Promise<T[]> {
  const key = searchKey(options.name);
  if (!key) return [];
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = options.where ? `and (${options.where})` : '';
  const sql = `select ${readColumns(em, entity)} from ${tableOf(em, entity as EntityName<object>)} t
    where exists (select 1 from unnest(t.search_keys) k where k like ?) ${where}
    order by (? = any(t.search_keys)) desc,
      exists (select 1 from unnest(t.search_keys) k where k like ?) desc${options.rank ? `, ${options.rank}` : ''},
      ${options.orderBy ?? 't.name'}, t.id
    limit ? offset ?`;
  const rows = await em.execute(sql, [
    `%${escaped}%`,
    ...(options.params ?? []),
    key,
    `${escaped}%`,
    options.limit ?? 50,
    options.offset ?? 0,
  ]);
  return plainRows(em, entity, rows as Array<Record<string, unknown>>);
}
