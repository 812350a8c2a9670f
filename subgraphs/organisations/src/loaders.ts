import type { EntityManager } from '@mikro-orm/postgresql';
import { coverage } from './coverage.js';
import { BATCH, byKeyLoader, createSourceLoader, filteredByColumn, filteredGroupLoaders, groupLoader, keyedRows } from '@regiograph/lib';
import DataLoader from 'dataloader';
import { FAMILY_ORDER, MEMBER_ORDER, MEMBERSHIP_ORDER, NAME_ID, RECORD_ORDER } from './connections.js';
import { BY_NAME } from './organisation/organisation-connection.js';
import { OrganisationRecord } from './organisation/organisation-record.entity.js';
import {
  type OrganisationFilter,
  type OrganisationRecordFilter,
  organisationFilterSql,
  organisationRecordFilterSql,
} from './organisation/organisation-filter.js';
import { type NetworkMemberFilter, networkFilterSql, networkMemberFilterSql, type NetworkFilter } from './network/network-filter.js';
import { type PlaceFilter, placeFilterSql } from './place/place-filter.js';
import { Organisation, OrganisationIdentifier } from './organisation/organisation.entity.js';
import { Network, NetworkMember, NetworkPerson } from './network/network.entity.js';
import { Place, PlaceIdentifier, PlaceStatistic } from './place/place.entity.js';
import { tableOf } from '@regiograph/lib';
import { createStatisticsLoaders } from './statistics/statistics.resolver.js';

/** The tables a network filter reads. */
export const networkTables = (em: EntityManager) => ({
  member: tableOf(em, NetworkMember),
  organisation: tableOf(em, Organisation),
  place: tableOf(em, Place),
});

/** Which organisation governs a place: its own government's ID (identity resolution's), else the first curated one of this kind seated there. */
export interface GovernmentWanted {
  placeId: string;
  own: string | null;
  kind: string;
}

/**
 * Each place's government in ONE statement per batch, reading at most two rows per place (its own
 * government by key, else the first curated organisation of the kind by the (place_id, name, id) index),
 * where loading every organisation seated in the place to pick one grew with the data: 4,000 of
 * Warszawa's at 300k synthetic projects, hydrated, to return one.
 */
function governmentByPlaceLoader(em: EntityManager): DataLoader<GovernmentWanted, Organisation | null, string> {
  return new DataLoader<GovernmentWanted, Organisation | null, string>(
    async (wanted) => {
      const organisation = tableOf(em, Organisation);
      const rows = (await em.execute(
        `select k.ord as "__ord", g.* from (values ${wanted.map((_, i) => `(?::text, ?::text, ?::text, ${i})`).join(', ')}) as k(place_id, own, kind, ord)
         cross join lateral (
           (select o.* from ${organisation} o where o.id = k.own and o.place_id = k.place_id)
           union all
           (select o.* from ${organisation} o where o.place_id = k.place_id and not o.derived and o.kind = k.kind order by o.name, o.id limit 1)
           limit 1) g`,
        wanted.flatMap((w) => [w.placeId, w.own, w.kind]),
      )) as Array<Record<string, unknown>>;
      const found = new Map<number, Organisation>();
      for (const { __ord: ord, ...row } of rows) found.set(Number(ord), em.map(Organisation, row));
      return wanted.map((_, i) => found.get(i) ?? null);
    },
    { ...BATCH, cacheKeyFn: (w) => `${w.placeId}|${w.own ?? ''}|${w.kind}` },
  );
}

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    organisationStatistics: createStatisticsLoaders(em),
    source: createSourceLoader(em),
    coverage: coverage.loader(em),
    place: byKeyLoader(keyedRows(em, Place, { key: 'id' }), (p) => p.id),
    /** Keyset pages of the children of each place, by name: one statement per batch and page. */
    childPagesByPlace: filteredByColumn(em, Place, {
      key: 'parent_id',
      order: NAME_ID,
      filter: (filter: PlaceFilter | null | undefined) => placeFilterSql(filter, tableOf(em, Place)),
    }),
    /** Keyset pages of the bodies each organisation runs or owns, by name. */
    childPagesByOrganisation: filteredByColumn(em, Organisation, {
      key: 'parent_id',
      order: NAME_ID,
      filter: (filter: OrganisationFilter | null | undefined) => organisationFilterSql(filter, tableOf(em, Place), { name: true }),
    }),
    /** Keyset pages of the source records linked to each organisation, by dataset. */
    recordPagesByOrganisation: filteredByColumn(em, OrganisationRecord, {
      key: 'organisation_id',
      order: RECORD_ORDER,
      filter: (filter: OrganisationRecordFilter | null | undefined) => organisationRecordFilterSql(filter),
    }),
    /** Keyset pages of the members of each network, by role. */
    memberPagesByNetwork: filteredByColumn(em, NetworkMember, {
      key: 'network_id',
      order: MEMBER_ORDER,
      filter: (filter: NetworkMemberFilter | null | undefined) => networkMemberFilterSql(filter),
    }),
    /** Keyset pages of the memberships of each organisation, by network. */
    membershipPagesByOrganisation: filteredByColumn(em, NetworkMember, {
      key: 'organisation_id',
      order: MEMBERSHIP_ORDER,
      filter: (filter: NetworkMemberFilter | null | undefined) => networkMemberFilterSql(filter),
    }),
    /** Keyset pages of the networks of each family, by position. */
    networkPagesByFamily: filteredByColumn(em, Network, {
      key: 'family_id',
      order: FAMILY_ORDER,
      filter: (filter: NetworkFilter | null | undefined) => networkFilterSql(filter, networkTables(em)),
    }),
    organisation: byKeyLoader(keyedRows(em, Organisation, { key: 'id' }), (o) => o.id),
    organisationsByPlace: groupLoader(keyedRows(em, Organisation, { key: 'placeId', orderBy: ['name'] }), (o) => o.placeId),
    governmentByPlace: governmentByPlaceLoader(em),
    /** Keyset pages of the organisations seated in each place, by name: one statement per batch and page. */
    organisationPagesByPlace: filteredGroupLoaders(em, Organisation, {
      source: (parent, filter: OrganisationFilter | null | undefined) => {
        const narrowed = organisationFilterSql(filter, tableOf(em, Place), { name: true });
        return { from: `${tableOf(em, Organisation)} t where t.place_id = ${parent} ${narrowed.and()}`, params: narrowed.params };
      },
      order: BY_NAME,
    }),
    organisationsByParent: groupLoader(keyedRows(em, Organisation, { key: 'parentId', orderBy: ['name'] }), (o) => o.parentId),
    identifiersByOrganisation: groupLoader(
      keyedRows(em, OrganisationIdentifier, { key: 'organisationId', orderBy: ['scheme', 'value'] }),
      (i) => i.organisationId,
    ),
    placeIdentifiersByPlace: groupLoader(
      keyedRows(em, PlaceIdentifier, { key: 'placeId', orderBy: ['scheme', 'value'] }),
      (i) => i.placeId,
    ),
    statisticsByPlace: groupLoader(keyedRows(em, PlaceStatistic, { key: 'placeId', orderBy: ['indicator', 'period'] }), (s) => s.placeId),
    organisationRecord: byKeyLoader(keyedRows(em, OrganisationRecord, { key: 'id' }), (r) => r.id),
    recordsByOrganisation: groupLoader(
      keyedRows(em, OrganisationRecord, { key: 'organisationId', orderBy: ['dataset', 'id'] }),
      (r) => r.organisationId,
    ),
    /**
     * "scheme|value" -> the canonical organisation carrying that identifier: a curated identifier first,
     * else a linked source record whose own key or stated identifiers include it (GIN on identifier_keys).
     */
    organisationIdByIdentifier: byKeyLoader<{ key: string; id: string }>(
      async (keys) => {
        const rows = (await em.execute(
          `select distinct on (k.key) k.key, m.id
         from jsonb_array_elements_text(?::jsonb) as k(key)
         cross join lateral (
           select i.organisation_id as id, 0 as rank from ${tableOf(em, OrganisationIdentifier)} i
             where lower(i.scheme) = split_part(k.key, '|', 1) and i.value = substr(k.key, length(split_part(k.key, '|', 1)) + 2)
           union all
           select r.organisation_id, 1 from ${tableOf(em, OrganisationRecord)} r
             where r.identifier_keys @> array[k.key] and r.organisation_id is not null
         ) m
         order by k.key, m.rank, m.id`,
          [JSON.stringify(keys)],
        )) as Array<{ key: string; id: string }>;
        return rows;
      },
      (r) => r.key,
    ),
    network: byKeyLoader(keyedRows(em, Network, { key: 'id' }), (n) => n.id),
    networksByFamily: groupLoader(keyedRows(em, Network, { key: 'familyId', orderBy: ['position', 'name'] }), (n) => n.familyId),
    membersByNetwork: groupLoader(
      keyedRows(em, NetworkMember, { key: 'networkId', orderBy: ['role', 'organisationId'] }),
      (m) => m.networkId,
    ),
    membershipsByOrganisation: groupLoader(
      keyedRows(em, NetworkMember, { key: 'organisationId', orderBy: ['networkId'] }),
      (m) => m.organisationId,
    ),
    peopleByNetwork: groupLoader(keyedRows(em, NetworkPerson, { key: 'networkId', orderBy: ['role', 'name'] }), (p) => p.networkId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
