import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, createSourceLoader, groupLoader } from '@regiograph/lib';
import { Allocation } from './allocation/allocation.entity.js';
import { Fund } from './fund/fund.entity.js';
import { Grant } from './grant/grant.entity.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';
import { Programme } from './programme/programme.entity.js';

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    source: createSourceLoader(em),
    fund: byKeyLoader((ids) => em.find(Fund, { id: { $in: [...ids] } }), (f) => f.id),
    programme: byKeyLoader((ids) => em.find(Programme, { id: { $in: [...ids] } }), (p) => p.id),
    programmesByFund: groupLoader(
      (ids) => em.find(Programme, { fundIds: { $overlap: [...ids] } }, { orderBy: { startYear: 'asc', name: 'asc' } }),
      (p) => p.fundIds,
    ),
    programmesByOperator: groupLoader(
      (ids) => em.find(Programme, { operatorId: { $in: [...ids] } }, { orderBy: { startYear: 'asc', name: 'asc' } }),
      (p) => p.operatorId,
    ),
    grant: byKeyLoader((ids) => em.find(Grant, { id: { $in: [...ids] } }), (g) => g.id),
    grantsByProgramme: groupLoader(
      (ids) => em.find(Grant, { programmeId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
      (g) => g.programmeId,
    ),
    grantsByProject: groupLoader(
      (ids) => em.find(Grant, { projectId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
      (g) => g.projectId,
    ),
    grantsByNetwork: groupLoader(
      (ids) => em.find(Grant, { networkId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
      (g) => g.networkId,
    ),
    grantsByOrganisation: groupLoader(
      (ids) => em.find(Grant, { organisationId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
      (g) => g.organisationId,
    ),
    allocationsByProgramme: groupLoader(
      (ids) => em.find(Allocation, { programmeId: { $in: [...ids] } }, { orderBy: { placeCode: 'asc', fundId: 'asc', id: 'asc' } }),
      (a) => a.programmeId,
    ),
    // A regional allocation whose NUTS code no longer exists (EEA Grants 2009-14 uses NUTS 2010 codes such as
    // PL127) is filed under its country, since that is all that is known; it is not the country's own
    // allocation, and counting it there would add regional money to the national total twice.
    allocationsByPlace: groupLoader(
      async (ids) =>
        (await em.find(Allocation, { placeId: { $in: [...ids] } }, { orderBy: { programmeId: 'asc', fundId: 'asc', id: 'asc' } })).filter(
          (a) => !a.placeId.startsWith('place:country:') || a.placeCode.length === 2,
        ),
      (a) => a.placeId,
    ),
    participantsByProgramme: groupLoader(
      (ids) =>
        em.find(ProgrammeParticipant, { programmeId: { $in: [...ids] } }, { orderBy: { role: 'asc', organisationRecordId: 'asc', id: 'asc' } }),
      (p) => p.programmeId,
    ),
    participantsByOrganisation: groupLoader(
      (ids) =>
        em.find(ProgrammeParticipant, { organisationId: { $in: [...ids] } }, { orderBy: { programmeId: 'asc', role: 'asc', id: 'asc' } }),
      (p) => p.organisationId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
