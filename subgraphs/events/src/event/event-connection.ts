import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, filteredByColumn, filteredGroupLoaders, type SortKey, tableOf } from '@regiograph/lib';
import { type EventFilter, eventFilterSql } from './event-filter.js';
import { AgendaItem, Event, EventParticipant } from './event.entity.js';

/** `EventConnection` and `EventEdge`. */
export const EventConnection = connectionTypes(Event, 'Event', { description: 'A page of events in calendar order.' });

/**
 * Calendar order as keys that are never null: the start date as days since 1900 (undated last), parents
 * before their sessions, the start time HH:MM (untimed first), then ID; EVENT_ORDER's order.
 */
export const EVENT_KEYS: readonly SortKey[] = [
  { sql: "coalesce(t.start_date - date '1900-01-01', 2147483647)", type: 'integer' },
  { sql: '(t.parent_id is not null)', type: 'boolean' },
  { sql: "coalesce(t.start_time, '')", type: 'text' },
  { sql: 't.id', type: 'text' },
];

/** The keyset loaders of the event connections under other subgraphs' entities. */
export function eventPageLoaders(em: EntityManager) {
  const event = tableOf(em, Event);
  const narrow = (filter: EventFilter | null | undefined) => eventFilterSql(filter);
  return {
    eventPagesByPlace: filteredByColumn(em, Event, { key: 'place_id', order: EVENT_KEYS, filter: narrow }),
    eventPagesByProject: filteredByColumn(em, Event, { key: 'organising_project_id', order: EVENT_KEYS, filter: narrow }),
    eventPagesByNetwork: filteredByColumn(em, Event, { key: 'organising_network_id', order: EVENT_KEYS, filter: narrow }),
    /** Events an organisation hosted, took part in or was presented or visited at, each once. */
    eventPagesByOrganisation: filteredGroupLoaders(em, Event, {
      source: (parent, filter: EventFilter | null | undefined) => {
        const narrowed = narrow(filter);
        return {
          params: narrowed.params,
          from: `(
            select e.id from ${event} e where e.host_id = ${parent}
            union select p.event_id from ${tableOf(em, EventParticipant)} p where p.organisation_id = ${parent}
            union select a.event_id from ${tableOf(em, AgendaItem)} a where a.organisation_ids @> array[${parent}]
          ) m join ${event} t on t.id = m.id ${narrowed.where()}`,
        };
      },
      order: EVENT_KEYS,
    }),
  };
}
