import { addAnyOf, countryCodeOf, given, SqlFilter, TrackedFilter, textArray, trackedFilterSql } from '@regiograph/lib';
import { Field, ID, InputType } from 'type-graphql';
import { PlaceKind } from '../enums.js';
import { addWithinPlaces } from '../filters.js';

@InputType({
  description:
    'Narrows a list of places: every field given must hold (AND); a list field holds when any of its values does (OR). An unknown ID selects nothing.',
})
export class PlaceFilter extends TrackedFilter {
  @Field(() => [ID], { nullable: true, description: 'Countries, by ISO 3166-1 alpha-2 code (PL) or place ID (place:country:PL).' })
  country?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Places (e.g. place:nuts:PL21): the place itself and every place inside it, at any depth.',
  })
  within?: string[] | null;

  @Field(() => [PlaceKind], { nullable: true, description: 'Levels: COUNTRY, NUTS1-3, MUNICIPALITY, LOCALITY.' })
  kind?: PlaceKind[] | null;
}

/** The conditions of a filter on places `t`, in one statement (a region by a recursive walk down the parent links). */
export function placeFilterSql(filter: PlaceFilter | null | undefined, placeTable: string): SqlFilter {
  const f = new SqlFilter();
  if (!filter) return f;
  if (given(filter.country)) {
    const codes = filter.country.map(countryCodeOf);
    f.add(`t.country_code = any(${textArray(codes)})`, ...codes);
  }
  addWithinPlaces(f, 't.id', placeTable, filter.within);
  addAnyOf(f, 't.kind', filter.kind);
  return trackedFilterSql(filter, f);
}
