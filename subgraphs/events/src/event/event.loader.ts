import type { EntityManager } from '@mikro-orm/postgresql';
import { rowMapper, tableOf } from '@regiograph/lib';
import { AgendaItem, Event, EventParticipant } from './event.entity.js';

/** Event lists read in calendar order; undated events last, parents before their sessions on the same day. */
export const EVENT_ORDER = 'e.start_date asc nulls last, (e.parent_id is not null), e.start_time asc nulls first, e.id';

/**
 * Last day an event may have covered: its end date, else its start date widened by the precision of
 * that date (a MONTH-precise October event may have been on any day of October).
 */
export const EFFECTIVE_END = `coalesce(e.end_date, case e.date_precision
  when 'MONTH' then (e.start_date + interval '1 month' - interval '1 day')::date
  when 'SEASON' then (e.start_date + interval '3 months' - interval '1 day')::date
  when 'YEAR' then (e.start_date + interval '1 year' - interval '1 day')::date
  else e.start_date end)`;

export interface EventLink {
  event: Event;
  organisationIds: string[];
}

/**
 * Events an organisation hosted, took part in, presented at, was presented at or was visited at, for
 * many organisations in ONE statement: the host column, participant rows and agenda items together.
 * Each row says which of the asked organisations it concerns, so the loader can file it under each.
 */
export async function eventsOfOrganisations(em: EntityManager, organisationIds: readonly string[]): Promise<EventLink[]> {
  const event = tableOf(em, Event);
  const participant = tableOf(em, EventParticipant);
  const agenda = tableOf(em, AgendaItem);
  const sql = `with keys as (select jsonb_array_elements_text(?::jsonb) as id),
    links as (
      select e.id as event_id, e.host_id as organisation_id from ${event} e where e.host_id in (select id from keys)
      union
      select p.event_id, p.organisation_id from ${participant} p where p.organisation_id in (select id from keys)
      union
      select a.event_id, o.organisation_id
        from ${agenda} a cross join lateral unnest(a.organisation_ids) as o(organisation_id)
        where a.organisation_ids && (select array_agg(id) from keys) and o.organisation_id in (select id from keys)
    )
    select e.*, array_agg(distinct l.organisation_id) as matched_organisation_ids
    from ${event} e join links l on l.event_id = e.id
    group by e.id
    order by ${EVENT_ORDER}`;
  const rows = (await em.execute(sql, [JSON.stringify(organisationIds)])) as Array<Record<string, unknown>>;
  const map = rowMapper(em, Event);
  return rows.map(({ matched_organisation_ids, ...row }) => ({
    event: map(row),
    organisationIds: matched_organisation_ids as string[],
  }));
}
