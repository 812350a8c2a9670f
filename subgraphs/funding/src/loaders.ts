import type { EntityManager } from '@mikro-orm/postgresql';
import { coverage } from './coverage.js';
import { byKeyLoader, createSourceLoader, groupLoader, keyedRows, pagedGroupLoaders, tableOf } from '@regiograph/lib';
import { Allocation } from './allocation/allocation.entity.js';
import { connectionLoaders } from './connections.js';
import { Fund } from './fund/fund.entity.js';
import { Grant } from './grant/grant.entity.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';
import { Programme } from './programme/programme.entity.js';
import { createStatisticsLoaders } from './statistics/statistics.resolver.js';

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    ...connectionLoaders(em),
    fundingStatistics: createStatisticsLoaders(em),
    source: createSourceLoader(em),
    coverage: coverage.loader(em),
    fund: byKeyLoader(keyedRows(em, Fund, { key: 'id' }), (f) => f.id),
    programme: byKeyLoader(keyedRows(em, Programme, { key: 'id' }), (p) => p.id),
    programmesByFund: groupLoader(
      (ids) => em.find(Programme, { fundIds: { $overlap: [...ids] } }, { orderBy: { startYear: 'asc', name: 'asc' } }),
      (p) => p.fundIds,
    ),
    /** First and last year of each fund's programmes (a programme without years counts by its period text). */
    programmeYearsByFund: byKeyLoader(
      async (ids) =>
        (await em.execute(
          `select f.id, min(coalesce(p.start_year, substring(p.period from '^(\\d{4})')::int)) as first,
                  max(coalesce(p.end_year, substring(p.period from '(\\d{4})$')::int)) as last
             from ${tableOf(em, Programme)} p cross join lateral unnest(p.fund_ids) as f(id)
            where f.id in (${ids.map(() => '?').join(', ')})
            group by f.id`,
          [...ids],
        )) as Array<{ id: string; first: number | null; last: number | null }>,
      (r) => r.id,
    ),
    // The lists that run into hundreds per parent in the open data are paged in SQL: one page per parent.
    programmesByOperator: pagedGroupLoaders(em, Programme, { key: 'operator_id', orderBy: 't.start_year, t.name, t.id' }),
    grant: byKeyLoader(keyedRows(em, Grant, { key: 'id' }), (g) => g.id),
    grantsByProgramme: pagedGroupLoaders(em, Grant, { key: 'programme_id', orderBy: 't.id' }),
    grantsByProject: groupLoader(keyedRows(em, Grant, { key: 'projectId', orderBy: ['id'] }), (g) => g.projectId),
    grantsByNetwork: groupLoader(keyedRows(em, Grant, { key: 'networkId', orderBy: ['id'] }), (g) => g.networkId),
    grantsByOrganisation: pagedGroupLoaders(em, Grant, { key: 'organisation_id', orderBy: 't.id' }),
    /** Every allocation of each programme, for its total. */
    allocationsByProgramme: groupLoader(
      keyedRows(em, Allocation, { key: 'programmeId', orderBy: ['placeCode', 'fundId', 'id'] }),
      (a) => a.programmeId,
    ),
    /** One page of them, for Programme.allocations. */
    allocationPagesByProgramme: pagedGroupLoaders(em, Allocation, { key: 'programme_id', orderBy: 't.place_code, t.fund_id, t.id' }),
    // A breakdown row whose older NUTS code only the whole country contains (PL1, split in 2016, through the
    // ingest's correspondence table) is filed under its country; it is not the country's own allocation,
    // and listing it there would add regional money to the national figures twice.
    allocationsByPlace: pagedGroupLoaders(em, Allocation, {
      key: 'place_id',
      orderBy: 't.programme_id, t.fund_id, t.id',
      where: "t.place_id not like 'place:country:%' or length(t.place_code) = 2",
    }),
    participantsByProgramme: pagedGroupLoaders(em, ProgrammeParticipant, {
      key: 'programme_id',
      orderBy: 't.role, t.organisation_record_id, t.id',
    }),
    participantsByOrganisation: groupLoader(
      keyedRows(em, ProgrammeParticipant, { key: 'organisationId', orderBy: ['programmeId', 'role', 'id'] }),
      (p) => p.organisationId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
