import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, type RowSource, type SortKey, searchKey, tableOf } from '@regiograph/lib';
import { kindAndCountry } from '../filters.js';
import { OrganisationRecord } from './organisation-record.entity.js';
import { Organisation } from './organisation.entity.js';

/** `OrganisationConnection` and `OrganisationEdge`. */
export const OrganisationConnection = connectionTypes(Organisation, 'Organisation', {
  description: 'A page of organisations, by name then ID (best name matches first when a name is given).',
});

/** Browsing order: by name, then ID (unique, so the order is total and stable). */
export const BY_NAME: readonly SortKey[] = [
  { sql: 't.name', type: 'text' },
  { sql: 't.id', type: 'text' },
];

/** With a name: exact matches, then those starting with it, then by name and ID, as the name search ranks them. */
export const BY_MATCH: readonly SortKey[] = [
  { sql: 'hit.exact', type: 'boolean', descending: true },
  { sql: 'hit.prefix', type: 'boolean', descending: true },
  ...BY_NAME,
];

export interface OrganisationFilter {
  name?: string | null;
  kind?: string | null;
  countryCode?: string | null;
}

/** The order of the organisations a filter selects (needs no database: cursors are checked against it first). */
export const organisationOrder = (filter: OrganisationFilter): readonly SortKey[] =>
  filter.name === undefined || filter.name === null ? BY_NAME : BY_MATCH;

/**
 * The organisations a filter selects, as rows `t` (see lib's RowSource), and their order. A name matches
 * any search key of the organisation or of a source record linked to it, as `searchOrganisations` does;
 * null when the name has nothing to search for.
 */
export function organisationRows(em: EntityManager, filter: OrganisationFilter): { source: RowSource; order: readonly SortKey[] } | null {
  const { where, params } = kindAndCountry(filter.kind ?? undefined, filter.countryCode ?? undefined);
  const condition = where ? `where ${where}` : '';
  if (filter.name === undefined || filter.name === null) {
    return { source: { from: `${tableOf(em, Organisation)} t ${condition}`, params }, order: BY_NAME };
  }
  const key = searchKey(filter.name);
  if (!key) return null;
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  const from = `${tableOf(em, Organisation)} t join (
      select s.id, bool_or(s.k = ?) as exact, bool_or(s.k like ?) as prefix
      from (
        select o.id, k from ${tableOf(em, Organisation)} o cross join unnest(o.search_keys) as k
        union all
        select r.organisation_id, k from ${tableOf(em, OrganisationRecord)} r cross join unnest(r.search_keys) as k
          where r.organisation_id is not null
      ) s
      where s.k like ?
      group by s.id) hit on hit.id = t.id ${condition}`;
  return { source: { from, params: [key, `${escaped}%`, `%${escaped}%`, ...params] }, order: BY_MATCH };
}
