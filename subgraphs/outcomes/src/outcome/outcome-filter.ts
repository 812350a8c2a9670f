import {
  addAnyOf,
  addPlaceCountry,
  addPlaceWithin,
  checkDateRange,
  DateScalar,
  given,
  SqlFilter,
  TrackedFilter,
  trackedFilterSql,
} from '@regiograph/lib';
import { Field, ID, InputType } from 'type-graphql';
import { OutcomeKind, OutcomeStatus, OutcomeTargetType } from '../enums.js';

@InputType({
  description:
    'Narrows a list of outcomes: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class OutcomeFilter extends TrackedFilter {
  @Field(() => [OutcomeKind], { nullable: true })
  kind?: OutcomeKind[] | null;

  @Field(() => [OutcomeStatus], { nullable: true })
  status?: OutcomeStatus[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Tied to a place in one of these countries (ISO 3166-1 alpha-2 code or place ID), in any relation.',
  })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Tied to one of these places or a NUTS region inside one (its code starts with the region’s), in any relation.',
  })
  region?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Tied to one of these projects (project IDs), in any relation.' })
  project?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Tied to one of these programmes (programme IDs), in any relation.' })
  programme?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Dated on or after this day (YYYY-MM-DD); undated outcomes are left out.' })
  dateFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Dated on or before this day (not before dateFrom).' })
  dateTo?: string | null;
}

/** The conditions of a filter on outcomes `t`: the ties by an EXISTS on outcome_link in the same statement. */
export function outcomeFilterSql(filter: OutcomeFilter | null | undefined, linkTable: string): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  const range = checkDateRange(filter as Record<string, unknown>, 'dateFrom', 'dateTo');
  addAnyOf(f, 't.kind', filter.kind);
  addAnyOf(f, 't.status', filter.status);
  const tied = (type: OutcomeTargetType, build: (l: SqlFilter) => void) => {
    const l = new SqlFilter();
    build(l);
    f.add(`exists (select 1 from ${linkTable} l where l.outcome_id = t.id and l.target_type = ? ${l.and()})`, type, ...l.params);
  };
  if (given(filter.country)) tied(OutcomeTargetType.PLACE, (l) => addPlaceCountry(l, 'l.target_id', filter.country));
  if (given(filter.region)) tied(OutcomeTargetType.PLACE, (l) => addPlaceWithin(l, 'l.target_id', filter.region));
  if (given(filter.project)) tied(OutcomeTargetType.PROJECT, (l) => addAnyOf(l, 'l.target_id', filter.project));
  if (given(filter.programme)) tied(OutcomeTargetType.PROGRAMME, (l) => addAnyOf(l, 'l.target_id', filter.programme));
  if (range.from) f.add('t.date >= ?::date', range.from);
  if (range.to) f.add('t.date <= ?::date', range.to);
  return trackedFilterSql(filter, f);
}
