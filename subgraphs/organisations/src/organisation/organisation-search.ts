import type { EntityManager } from '@mikro-orm/postgresql';
import { plainRows, readColumns, searchKey, tableOf } from '@regiograph/lib';
import { OrganisationRecord } from './organisation-record.entity.js';
import { Organisation } from './organisation.entity.js';

/**
 * Name search over organisations AND the source records linked to them, in ONE statement: a curated
 * organisation is found by any name a record gives it (Kohesio's spellings, keep.eu's English name)
 * without copying those names onto it, so re-linking a record (undoing a merge) also moves its names.
 * Ranking as lib's searchByName: exact key, then starts-with, then name and id.
 */
export async function searchOrganisations(
  em: EntityManager,
  options: { name: string; where?: string; params?: unknown[]; limit: number; offset: number },
): Promise<Organisation[]> {
  const key = searchKey(options.name);
  if (!key) return [];
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = options.where ? `where ${options.where}` : '';
  const sql = `with hit as (
      select s.id, bool_or(s.k = ?) as exact, bool_or(s.k like ?) as prefix
      from (
        select o.id, k from ${tableOf(em, Organisation)} o cross join unnest(o.search_keys) as k
        union all
        select r.organisation_id, k from ${tableOf(em, OrganisationRecord)} r cross join unnest(r.search_keys) as k
          where r.organisation_id is not null
      ) s
      where s.k like ?
      group by s.id)
    select ${readColumns(em, Organisation)} from ${tableOf(em, Organisation)} t join hit on hit.id = t.id
    ${where}
    order by hit.exact desc, hit.prefix desc, t.name, t.id
    limit ? offset ?`;
  const rows = await em.execute(sql, [key, `${escaped}%`, `%${escaped}%`, ...(options.params ?? []), options.limit, options.offset]);
  return plainRows(em, Organisation, rows as Array<Record<string, unknown>>);
}
