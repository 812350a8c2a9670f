import { addAnyOf, countryPlaceId, given, OrganisationKind, SqlFilter, TrackedFilter, textArray, trackedFilterSql } from '@regiograph/lib';
import { Field, ID, InputType } from 'type-graphql';
import { PartnerRole } from '../enums.js';

@InputType({
  description:
    'Narrows a list of partnerships: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class PartnershipFilter extends TrackedFilter {
  @Field(() => [ID], { nullable: true, description: 'The partner’s country, by ISO 3166-1 alpha-2 code (PL) or place ID.' })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Places (a NUTS region, a municipality: place IDs): partners located in one or in any place inside it.',
  })
  region?: string[] | null;

  @Field(() => [OrganisationKind], { nullable: true, description: 'The partner organisation’s kind.' })
  organisationKind?: OrganisationKind[] | null;

  @Field(() => [PartnerRole], { nullable: true })
  role?: PartnerRole[] | null;
}

/** The conditions of a filter on partnerships `t`: their own columns and the copies the ingest keeps (place_path, organisation_kind). */
export function partnershipFilterSql(filter: PartnershipFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  if (given(filter.country)) {
    const ids = filter.country.map(countryPlaceId);
    f.add(`t.place_path && ${textArray(ids)}`, ...ids);
  }
  if (given(filter.region)) f.add(`t.place_path && ${textArray(filter.region)}`, ...filter.region);
  addAnyOf(f, 't.organisation_kind', filter.organisationKind);
  addAnyOf(f, 't.role', filter.role);
  return trackedFilterSql(filter, f);
}
