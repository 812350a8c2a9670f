import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, filteredByColumn, filteredGroupLoaders, type SortKey, tableOf } from '@regiograph/lib';
import {
  type AllocationFilter,
  allocationFilterSql,
  type GrantFilter,
  grantFilterSql,
  type ProgrammeFilter,
  type ProgrammeParticipantFilter,
  participantFilterSql,
  programmeFilterSql,
} from './filters.js';
import { Allocation } from './allocation/allocation.entity.js';
import { Fund } from './fund/fund.entity.js';
import { Grant } from './grant/grant.entity.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';
import { Programme } from './programme/programme.entity.js';

/** The connection types of this subgraph's lists. */
export const ProgrammeConnection = connectionTypes(Programme, 'Programme', {
  description: 'A page of programmes, oldest first, then by name and ID.',
});
export const FundConnection = connectionTypes(Fund, 'Fund', { description: 'A page of funds, by name then ID.' });
export const GrantConnection = connectionTypes(Grant, 'Grant', { description: 'A page of grants, by ID.' });
export const AllocationConnection = connectionTypes(Allocation, 'Allocation', { description: 'A page of allocations.' });
export const ProgrammeParticipantConnection = connectionTypes(ProgrammeParticipant, 'ProgrammeParticipant', {
  description: 'A page of programme roles.',
});

const text = (sql: string): SortKey => ({ sql, type: 'text' });
/** Programmes: oldest first (a programme without a start year last), then by name and ID. */
export const PROGRAMME_ORDER: readonly SortKey[] = [{ sql: 'coalesce(t.start_year, 9999)', type: 'integer' }, text('t.name'), text('t.id')];
export const NAME_ID: readonly SortKey[] = [text('t.name'), text('t.id')];
export const BY_ID: readonly SortKey[] = [text('t.id')];
/** A place's allocations: by programme, fund, ID. */
export const PLACE_ALLOCATION_ORDER: readonly SortKey[] = [text('t.programme_id'), text('t.fund_id'), text('t.id')];
/** A programme's allocations: by place code, fund, ID. */
export const PROGRAMME_ALLOCATION_ORDER: readonly SortKey[] = [text('t.place_code'), text('t.fund_id'), text('t.id')];
/** A programme's participants: by role, then ID. */
export const PARTICIPANT_ORDER: readonly SortKey[] = [text('t.role'), text('t.id')];
/** An organisation's programme roles: by programme, role, ID. */
export const ROLE_ORDER: readonly SortKey[] = [text('t.programme_id'), text('t.role'), text('t.id')];

/**
 * A breakdown row whose older NUTS code only the whole country contains (PL1, split in 2016, through the
 * ingest's correspondence table) is filed under its country; it is not the country's own allocation, and
 * listing it there would add regional money to the national figures twice.
 */
export const PLACE_ALLOCATION_WHERE = "t.place_id not like 'place:country:%' or length(t.place_code) = 2";

/** The keyset loaders of the connections (one statement per batch of parents, filter and page). */
export function connectionLoaders(em: EntityManager) {
  const programmes = tableOf(em, Programme);
  const allocation = (filter: AllocationFilter | null | undefined) => allocationFilterSql(filter, programmes);
  const grant = (filter: GrantFilter | null | undefined) => grantFilterSql(filter, programmes);
  const participant = (filter: ProgrammeParticipantFilter | null | undefined) => participantFilterSql(filter);
  const programme = (filter: ProgrammeFilter | null | undefined) => programmeFilterSql(filter);
  return {
    allocationPagesByPlace: filteredByColumn(em, Allocation, {
      key: 'place_id',
      order: PLACE_ALLOCATION_ORDER,
      where: PLACE_ALLOCATION_WHERE,
      filter: allocation,
    }),
    allocationKeysetByProgramme: filteredByColumn(em, Allocation, {
      key: 'programme_id',
      order: PROGRAMME_ALLOCATION_ORDER,
      filter: allocation,
    }),
    participantPagesByProgramme: filteredByColumn(em, ProgrammeParticipant, {
      key: 'programme_id',
      order: PARTICIPANT_ORDER,
      filter: participant,
    }),
    rolePagesByOrganisation: filteredByColumn(em, ProgrammeParticipant, { key: 'organisation_id', order: ROLE_ORDER, filter: participant }),
    grantPagesByProgramme: filteredByColumn(em, Grant, { key: 'programme_id', order: BY_ID, filter: grant }),
    grantPagesByOrganisation: filteredByColumn(em, Grant, { key: 'organisation_id', order: BY_ID, filter: grant }),
    grantPagesByProject: filteredByColumn(em, Grant, { key: 'project_id', order: BY_ID, filter: grant }),
    grantPagesByNetwork: filteredByColumn(em, Grant, { key: 'network_id', order: BY_ID, filter: grant }),
    programmePagesByOperator: filteredByColumn(em, Programme, { key: 'operator_id', order: PROGRAMME_ORDER, filter: programme }),
    /** A programme lists its funds in an array (GIN index). */
    programmePagesByFund: filteredGroupLoaders(em, Programme, {
      source: (parent, filter: ProgrammeFilter | null | undefined) => {
        const narrowed = programme(filter);
        return { from: `${programmes} t where t.fund_ids @> array[${parent}] ${narrowed.and()}`, params: narrowed.params };
      },
      order: PROGRAMME_ORDER,
    }),
  };
}
