import {
  addAnyOf,
  addSourceFilter,
  addUpdatedSince,
  countryCodeOf,
  given,
  OrganisationKind,
  PartnerRole,
  SqlFilter,
  searchKey,
  TrackedFilter,
  textArray,
  trackedFilterSql,
} from '@regiograph/lib';
import { GraphQLDateTime } from 'graphql-scalars';
import { addWithinPlaces } from '../filters.js';
import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'Narrows a list of organisations: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class OrganisationFilter {
  @Field(() => String, { nullable: true, description: 'Contained in any of its names or its source records’ names (best matches first).' })
  name?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Countries, by ISO 3166-1 alpha-2 code (PL) or place ID (place:country:PL).' })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'NUTS regions (place IDs, e.g. place:nuts:PL21): organisations seated in the region or any place inside it.',
  })
  region?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Municipalities (place IDs): organisations seated in them or their localities.' })
  municipality?: string[] | null;

  @Field(() => [OrganisationKind], { nullable: true })
  kind?: OrganisationKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Programmes it takes part in: a partner in one of their projects, a participant or the operator (programme IDs).',
  })
  programme?: string[] | null;

  @Field(() => [PartnerRole], { nullable: true, description: 'Has been a project partner in one of these roles.' })
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
 * The conditions of a filter on organisations `t` (the name only with `options.name`: at the root, organisationRows
 * matches and ranks it, records' names included): a region or
 * municipality takes every place under it by one recursive walk down the places' parent links, in the same
 * statement (places live in this subgraph, so nothing is copied for it); programmes and roles are the copies
 * data/participation.ts keeps.
 */
export function organisationFilterSql(
  filter: OrganisationFilter | null | undefined,
  placeTable: string,
  options: { name?: boolean } = {},
): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  if (options.name && filter.name != null) {
    // A name with nothing to search for selects nothing, as at the root.
    const key = searchKey(filter.name);
    if (!key) f.add('false');
    else f.add('exists (select 1 from unnest(t.search_keys) k where k like ?)', `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (given(filter.country)) {
    const codes = filter.country.map(countryCodeOf);
    f.add(`t.country_code = any(${textArray(codes)})`, ...codes);
  }
  addWithinPlaces(f, 't.place_id', placeTable, filter.region);
  addWithinPlaces(f, 't.place_id', placeTable, filter.municipality);
  if (given(filter.kind)) f.add(`t.kind = any(${textArray(filter.kind)})`, ...filter.kind);
  if (given(filter.programme)) f.add(`t.takes_part_in && ${textArray(filter.programme)}`, ...filter.programme);
  if (given(filter.role)) f.add(`t.partner_roles && ${textArray(filter.role)}`, ...filter.role);
  if (given(filter.source)) addSourceFilter(f, 't.source_ids', filter.source);
  addUpdatedSince(f, 't.updated_at', filter.updatedSince);
  return f;
}

@InputType({
  description: 'Narrows a list of source records: every field given must hold (AND); a list holds when any of its values does (OR).',
})
export class OrganisationRecordFilter extends TrackedFilter {
  @Field(() => [String], { nullable: true, description: 'Datasets: eea-grants, keep-eu, kohesio-beneficiaries.' })
  dataset?: string[] | null;
}

/** The conditions of a filter on source records `t`. */
export function organisationRecordFilterSql(filter: OrganisationRecordFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addAnyOf(f, 't.dataset', filter.dataset);
  return trackedFilterSql(filter, f);
}
