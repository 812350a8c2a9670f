import {
  addPeriodOverlap,
  addSourceFilter,
  addUpdatedSince,
  checkYearRange,
  countryPlaceId,
  given,
  OrganisationKind,
  SqlFilter,
  textArray,
} from '@regiograph/lib';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PartnerRole, ProjectStatus } from '../enums.js';

@InputType({
  description:
    'Narrows a list of projects: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class ProjectFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'Countries involved (partners’ or pilot), by ISO 3166-1 alpha-2 code (PL) or place ID.',
  })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'NUTS regions (place IDs, e.g. place:nuts:PL21): projects working in, or with a partner in, the region or any place inside it.',
  })
  region?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Municipalities (place IDs): projects working in, or with a partner in, them or their localities.',
  })
  municipality?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Programmes the project is financed under (programme IDs).' })
  programme?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Funds behind the project’s programme (fund IDs, e.g. fund:eea-grants).' })
  fund?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Period overlaps this year or later (a project with no dates is left out).' })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Period overlaps this year or earlier (not before yearFrom).' })
  yearTo?: number | null;

  @Field(() => [ProjectStatus], { nullable: true })
  status?: ProjectStatus[] | null;

  @Field(() => [OrganisationKind], {
    nullable: true,
    description: 'Has a partner organisation of one of these kinds (with `role`: a partner of that kind in that role).',
  })
  organisationKind?: OrganisationKind[] | null;

  @Field(() => [PartnerRole], { nullable: true, description: 'Has a partner in one of these roles.' })
  role?: PartnerRole[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Cites one of these sources: a source ID (src:...), one record of it (src:...#...) or a dataset (eea-grants, keep-eu).',
  })
  source?: string[] | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Changed at or after this time (updated_at).' })
  updatedSince?: Date | null;
}

/**
 * The conditions of a filter on projects `t`, in ONE statement: every field reads a column of the project
 * (the places and funds are copies the ingest keeps, see data/derived.ts) or, for the partners' kind and
 * role, an EXISTS on the partnerships of the same schema. Checks the year range first (BAD_USER_INPUT).
 */
export function projectFilterSql(filter: ProjectFilter | null | undefined, partnershipTable: string): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  checkYearRange(filter);
  const places = (ids: readonly string[]) => f.add(`t.place_path && ${textArray(ids)}`, ...ids);
  if (given(filter.country)) places(filter.country.map(countryPlaceId));
  if (given(filter.region)) places(filter.region);
  if (given(filter.municipality)) places(filter.municipality);
  if (given(filter.programme)) f.add(`t.programme_id = any(${textArray(filter.programme)})`, ...filter.programme);
  if (given(filter.fund)) f.add(`t.programme_fund_ids && ${textArray(filter.fund)}`, ...filter.fund);
  addPeriodOverlap(f, 't.start_date', 't.end_date', filter);
  if (given(filter.status)) f.add(`t.status = any(${textArray(filter.status)})`, ...filter.status);
  if (given(filter.organisationKind) || given(filter.role)) {
    const partner = new SqlFilter();
    if (given(filter.organisationKind))
      partner.add(`s.organisation_kind = any(${textArray(filter.organisationKind)})`, ...filter.organisationKind);
    if (given(filter.role)) partner.add(`s.role = any(${textArray(filter.role)})`, ...filter.role);
    f.add(`exists (select 1 from ${partnershipTable} s where s.project_id = t.id ${partner.and()})`, ...partner.params);
  }
  if (given(filter.source)) addSourceFilter(f, 't.source_ids', filter.source);
  addUpdatedSince(f, 't.updated_at', filter.updatedSince);
  return f;
}
