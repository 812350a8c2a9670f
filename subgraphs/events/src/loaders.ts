import type { EntityManager } from '@mikro-orm/postgresql';
import { coverage } from './coverage.js';
import { byKeyLoader, createSourceLoader, groupLoader, keyedRows } from '@regiograph/lib';
import { AgendaItem, Event, EventParticipant } from './event/event.entity.js';
import { eventsOfOrganisations } from './event/event.loader.js';
import { eventPageLoaders } from './event/event-connection.js';

const BY_DATE = { startDate: 'asc nulls last', id: 'asc' } as const;

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    ...eventPageLoaders(em),
    source: createSourceLoader(em),
    coverage: coverage.loader(em),
    event: byKeyLoader(keyedRows(em, Event, { key: 'id' }), (e) => e.id),
    sessionsByParent: groupLoader(
      (ids) => em.find(Event, { parentId: { $in: [...ids] } }, { orderBy: BY_DATE }),
      (e) => e.parentId,
    ),
    preparedBy: groupLoader(
      (ids) => em.find(Event, { preparesId: { $in: [...ids] } }, { orderBy: BY_DATE }),
      (e) => e.preparesId,
    ),
    participantsByEvent: groupLoader(
      keyedRows(em, EventParticipant, { key: 'eventId', orderBy: ['eventId', 'position'] }),
      (p) => p.eventId,
    ),
    agendaByEvent: groupLoader(keyedRows(em, AgendaItem, { key: 'eventId', orderBy: ['eventId', 'position'] }), (a) => a.eventId),
    eventsByOrganisation: groupLoader(
      (ids) => eventsOfOrganisations(em, ids),
      (link) => link.organisationIds,
    ),
    eventsByProject: groupLoader(
      (ids) => em.find(Event, { organisingProjectId: { $in: [...ids] } }, { orderBy: BY_DATE }),
      (e) => e.organisingProjectId,
    ),
    eventsByNetwork: groupLoader(
      (ids) => em.find(Event, { organisingNetworkId: { $in: [...ids] } }, { orderBy: BY_DATE }),
      (e) => e.organisingNetworkId,
    ),
    eventsByPlace: groupLoader(
      (ids) => em.find(Event, { placeId: { $in: [...ids] } }, { orderBy: BY_DATE }),
      (e) => e.placeId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
