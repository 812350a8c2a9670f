import {
  addAnyOf,
  addPlaceCountry,
  addPlaceWithin,
  checkDateRange,
  DateScalar,
  SqlFilter,
  TrackedFilter,
  trackedFilterSql,
} from '@regiograph/lib';
import { Field, ID, InputType } from 'type-graphql';
import { EventKind, EventStatus } from '../enums.js';
import { EFFECTIVE_END } from './event.loader.js';

@InputType({
  description:
    'Narrows a list of events: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class EventFilter extends TrackedFilter {
  @Field(() => [ID], { nullable: true, description: 'Countries of its place, by ISO 3166-1 alpha-2 code (PL) or place ID.' })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Regions (place IDs, e.g. place:nuts:PL21): events held in the region or any place inside it.',
  })
  region?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Municipalities (place IDs): events held in them or their localities.' })
  municipality?: string[] | null;

  @Field(() => [EventKind], { nullable: true })
  kind?: EventKind[] | null;

  @Field(() => [EventStatus], { nullable: true })
  status?: EventStatus[] | null;

  @Field(() => [ID], { nullable: true, description: 'Organised by one of these projects (project IDs).' })
  project?: string[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Held on or after this day (YYYY-MM-DD; a MONTH-, SEASON- or YEAR-precise date counts as the whole period).',
  })
  dateFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Held on or before this day (not before dateFrom); undated events are left out.',
  })
  dateTo?: string | null;
}

/** The conditions of a filter on events `t`, in one statement (regions through the place path the seed load copies). */
export function eventFilterSql(filter: EventFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  const range = checkDateRange(filter as Record<string, unknown>, 'dateFrom', 'dateTo');
  addPlaceCountry(f, 't.place_id', filter.country);
  addPlaceWithin(f, 't.place_id', filter.region, 't.place_path');
  addPlaceWithin(f, 't.place_id', filter.municipality, 't.place_path');
  addAnyOf(f, 't.kind', filter.kind);
  addAnyOf(f, 't.status', filter.status);
  addAnyOf(f, 't.organising_project_id', filter.project);
  if (range.to) f.add('t.start_date <= ?::date', range.to);
  if (range.from) f.add(`${EFFECTIVE_END.replace(/\be\./g, 't.')} >= ?::date`, range.from);
  return trackedFilterSql(filter, f);
}
