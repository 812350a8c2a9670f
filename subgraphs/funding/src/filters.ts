import {
  addAnyOf,
  addOverlap,
  addPlaceCountry,
  addPlaceWithin,
  addYearOverlap,
  countryPlaceId,
  given,
  SqlFilter,
  TrackedFilter,
  trackedFilterSql,
} from '@regiograph/lib';
import { Field, ID, InputType, Int } from 'type-graphql';
import { FundKind } from './enums.js';

const NARROWS = (what: string) =>
  `Narrows a list of ${what}: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.`;

/** The programme's years, shared by the filters of what a programme holds (allocations, grants). */
@InputType('ProgrammeYearsFilter', { description: 'The years of a filter (not used as an argument itself).' })
abstract class YearsFilter extends TrackedFilter {
  @Field(() => Int, { nullable: true, description: 'The programme’s years overlap this year or later (one with no years is left out).' })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'The programme’s years overlap this year or earlier (not before yearFrom).' })
  yearTo?: number | null;
}

@InputType({ description: NARROWS('funds') })
export class FundFilter extends TrackedFilter {
  @Field(() => [FundKind], { nullable: true })
  kind?: FundKind[] | null;
}

@InputType({ description: NARROWS('programmes') })
export class ProgrammeFilter extends YearsFilter {
  @Field(() => [ID], { nullable: true, description: 'Beneficiary countries, by ISO 3166-1 alpha-2 code (PL) or place ID.' })
  country?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Funds that finance it (fund IDs, e.g. fund:eea-grants).' })
  fund?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Programming periods as the sources write them, e.g. 2014-2021.' })
  period?: string[] | null;
}

@InputType({ description: NARROWS('allocations') })
export class AllocationFilter extends YearsFilter {
  @Field(() => [ID], { nullable: true, description: 'Countries of the place it goes to, by ISO 3166-1 alpha-2 code or place ID.' })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Places (place IDs): allocations to the place or to a NUTS region inside it (its NUTS code starts with the region’s).',
  })
  region?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Programmes (programme IDs).' })
  programme?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Funds (fund IDs).' })
  fund?: string[] | null;
}

@InputType({ description: NARROWS('grants') })
export class GrantFilter extends YearsFilter {
  @Field(() => [ID], { nullable: true, description: 'The programme’s beneficiary country, by ISO 3166-1 alpha-2 code or place ID.' })
  country?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Programmes (programme IDs).' })
  programme?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Funds behind the programme (fund IDs).' })
  fund?: string[] | null;
}

@InputType({ description: NARROWS('programme roles') })
export class ProgrammeParticipantFilter extends TrackedFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Roles as the sources name them, e.g. PROGRAMME_OPERATOR, DONOR_PROGRAMME_PARTNER.',
  })
  role?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Programmes (programme IDs).' })
  programme?: string[] | null;
}

/** The conditions of a filter on funds `t`. */
export function fundFilterSql(filter: FundFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addAnyOf(f, 't.kind', filter.kind);
  return trackedFilterSql(filter, f);
}

/** The programme's own conditions (alias `alias`): countries, funds, periods, years. */
function programmeConditions(
  f: SqlFilter,
  alias: string,
  filter: { country?: string[] | null; fund?: string[] | null; period?: string[] | null; yearFrom?: number | null; yearTo?: number | null },
): void {
  if (given(filter.country)) addAnyOf(f, `${alias}.country_id`, filter.country.map(countryPlaceId));
  addOverlap(f, `${alias}.fund_ids`, filter.fund);
  addAnyOf(f, `${alias}.period`, filter.period);
  addYearOverlap(f, `${alias}.start_year`, `${alias}.end_year`, filter);
}

/** The conditions of a filter on programmes `t`. */
export function programmeFilterSql(filter: ProgrammeFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  programmeConditions(f, 't', filter);
  return trackedFilterSql(filter, f);
}

/** An EXISTS on the row's programme (same schema) for what the programme decides: its years, and for grants its country and funds. */
function addProgrammeExists(f: SqlFilter, programmeTable: string, build: (p: SqlFilter) => void): void {
  const p = new SqlFilter();
  build(p);
  if (p.conditions.length) f.add(`exists (select 1 from ${programmeTable} g where g.id = t.programme_id ${p.and()})`, ...p.params);
}

/** The conditions of a filter on allocations `t` (the years are the programme's, by an EXISTS in the same statement). */
export function allocationFilterSql(filter: AllocationFilter | null | undefined, programmeTable: string): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addPlaceCountry(f, 't.place_id', filter.country);
  addPlaceWithin(f, 't.place_id', filter.region);
  addAnyOf(f, 't.programme_id', filter.programme);
  addAnyOf(f, 't.fund_id', filter.fund);
  addProgrammeExists(f, programmeTable, (p) => addYearOverlap(p, 'g.start_year', 'g.end_year', filter));
  return trackedFilterSql(filter, f);
}

/** The conditions of a filter on grants `t` (country, funds and years are the programme's). */
export function grantFilterSql(filter: GrantFilter | null | undefined, programmeTable: string): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addAnyOf(f, 't.programme_id', filter.programme);
  addProgrammeExists(f, programmeTable, (p) => programmeConditions(p, 'g', filter));
  return trackedFilterSql(filter, f);
}

/** The conditions of a filter on programme roles `t`. */
export function participantFilterSql(filter: ProgrammeParticipantFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addAnyOf(f, 't.role', filter.role);
  addAnyOf(f, 't.programme_id', filter.programme);
  return trackedFilterSql(filter, f);
}
