import { addAnyOf, countryCodeOf, given, SqlFilter, TrackedFilter, textArray, trackedFilterSql } from '@regiograph/lib';
import { Field, ID, InputType } from 'type-graphql';
import { NetworkRole } from '../enums.js';
import { addWithinPlaces } from '../filters.js';

@InputType({
  description:
    'Narrows a list of networks: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class NetworkFilter extends TrackedFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'Has a member organisation in one of these countries (ISO 3166-1 alpha-2 code or place ID).',
  })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Has a member organisation seated in one of these places or any place inside them (place IDs: a region, a municipality).',
  })
  memberPlace?: string[] | null;
}

@InputType({
  description: 'Narrows a list of network memberships: every field given must hold (AND); a list holds when any of its values does (OR).',
})
export class NetworkMemberFilter extends TrackedFilter {
  @Field(() => [NetworkRole], { nullable: true })
  role?: NetworkRole[] | null;
}

/** The conditions of a filter on networks `t`: the members' countries and places by an EXISTS in the same statement. */
export function networkFilterSql(
  filter: NetworkFilter | null | undefined,
  tables: { member: string; organisation: string; place: string },
): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  if (given(filter.country) || given(filter.memberPlace)) {
    const member = new SqlFilter();
    if (given(filter.country)) {
      const codes = filter.country.map(countryCodeOf);
      member.add(`o.country_code = any(${textArray(codes)})`, ...codes);
    }
    addWithinPlaces(member, 'o.place_id', tables.place, filter.memberPlace);
    f.add(
      `exists (select 1 from ${tables.member} m join ${tables.organisation} o on o.id = m.organisation_id where m.network_id = t.id ${member.and()})`,
      ...member.params,
    );
  }
  return trackedFilterSql(filter, f);
}

/** The conditions of a filter on network memberships `t`. */
export function networkMemberFilterSql(filter: NetworkMemberFilter | null | undefined): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  addAnyOf(f, 't.role', filter.role);
  return trackedFilterSql(filter, f);
}
