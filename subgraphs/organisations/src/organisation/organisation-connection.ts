import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, type RowSource, type SortKey, searchKey, tableOf } from '@regiograph/lib';
import { kindAndCountry } from '../filters.js';
import { OrganisationRecord } from './organisation-record.entity.js';
import { Organisation } from './organisation.entity.js';
import { type OrganisationFilter, organisationFilterSql } from './organisation-filter.js';
import { Place } from '../place/place.entity.js';

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

/** What selects a list of organisations: the old arguments and the `filter` input. */
export interface OrganisationSelection {
  name?: string | null;
  kind?: string | null;
  countryCode?: string | null;
  filter?: OrganisationFilter | null;
}

/** The order of the organisations a filter selects (needs no database: cursors are checked against it first). */
export const organisationOrder = (filter: OrganisationSelection): readonly SortKey[] => (nameOf(filter) === undefined ? BY_NAME : BY_MATCH);

/** The name searched for: the `filter`'s, else the old argument's. */
const nameOf = (filter: OrganisationSelection): string | undefined => filter.filter?.name ?? filter.name ?? undefined;

/**
 * The organisations a filter selects, as rows `t` (see lib's RowSource), and their order. A name matches
 * any search key of the organisation or of a source record linked to it, as `searchOrganisations` does;
 * null when the name has nothing to search for.
 */
export function organisationRows(
  em: EntityManager,
  filter: OrganisationSelection,
): { source: RowSource; order: readonly SortKey[] } | null {
  const old = kindAndCountry(filter.kind ?? undefined, filter.countryCode ?? undefined);
  const narrowed = organisationFilterSql(filter.filter, tableOf(em, Place));
  const conditions = [...(old.where ? [old.where] : []), ...narrowed.conditions];
  const params = [...old.params, ...narrowed.params];
  const condition = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const name = nameOf(filter);
  if (name === undefined) {
    return { source: { from: `${tableOf(em, Organisation)} t ${condition}`, params }, order: BY_NAME };
  }
  const key = searchKey(name);
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
