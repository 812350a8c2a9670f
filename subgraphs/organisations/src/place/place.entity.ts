import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PlaceKind } from '../enums.js';

@ObjectType({ description: 'A designation a place holds, such as European Capital of Culture 2019.' })
export class PlaceDesignation {
  @Field(() => String) title!: string;
  @Field(() => Number, { nullable: true }) year?: number | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A country, NUTS region, municipality or locality, with its official codes.' })
// Keyset pages of placesConnection and Place.childrenConnection read these in order.
@Index({ name: 'place_name_id_index', properties: ['name', 'id'] })
@Index({ name: 'place_parent_id_name_id_index', properties: ['parentId', 'name', 'id'] })
@Index({ name: 'place_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'place' })
export class Place extends Tracked {
  @Field(() => ID, { description: 'Stable ID built from official codes, e.g. place:lau:PL:1263011.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'Name in the official language of the place.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  @Field(() => PlaceKind)
  @Property({ type: 'text' })
  kind!: PlaceKind;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code of the country the place lies in.' })
  @Index()
  @Property({ type: 'text' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3, for countries.' })
  @Property({ type: 'text', nullable: true })
  isoAlpha3?: string | null;

  @Field(() => String, { nullable: true, description: 'NUTS 2024 code, for countries and NUTS regions.' })
  @Index()
  @Property({ type: 'text', nullable: true })
  nutsCode?: string | null;

  @Field(() => String, { nullable: true, description: 'LAU code (TERYT for Poland, SIRUTA for Romania).' })
  @Index()
  @Property({ type: 'text', nullable: true })
  lauCode?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Wikidata item ID (QID), e.g. Q270 for Warsaw.' })
  @Property({ type: 'text', nullable: true })
  wikidataId?: string | null;

  @Field(() => Number, { nullable: true, description: 'Latitude (WGS 84) of a representative point, where a source gives one.' })
  @Property({ type: 'double precision', nullable: true })
  lat?: number | null;

  @Field(() => Number, { nullable: true, description: 'Longitude (WGS 84) of a representative point, where a source gives one.' })
  @Property({ type: 'double precision', nullable: true })
  lng?: number | null;

  @Field(() => [String], { description: 'Other names and spellings (English, historical, short forms).' })
  @Property({ type: ArrayType })
  altNames: string[] = [];

  @Field(() => [PlaceDesignation])
  @Property({ type: 'json' })
  designations: PlaceDesignation[] = [];

  /** Normalised names and codes (see searchKey) for case- and diacritics-insensitive lookup. */
  @Index({ name: 'place_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}

@ObjectType({ description: 'A code of a place in some scheme: nuts, nuts-2021, teryt, siruta, iso3166-1-alpha2, wikidata, ...' })
@Entity({ tableName: 'place_identifier' })
export class PlaceIdentifier extends Tracked {
  @Field(() => String, {
    description: 'The scheme: nuts (2024), nuts-2021, teryt, siruta, lau, iso3166-1-alpha2/-alpha3/-numeric, eu-country, wikidata.',
  })
  @PrimaryKey({ type: 'text' })
  scheme!: string;

  @Field(() => String)
  @PrimaryKey({ type: 'text' })
  value!: string;

  @Index()
  @PrimaryKey({ type: 'text' })
  placeId!: string;
}

@ObjectType({ description: 'A figure a source gives about a place, e.g. the number of keep.eu projects 2014-2020 in a NUTS 3 region.' })
@Entity({ tableName: 'place_statistic' })
export class PlaceStatistic extends Tracked {
  /** placeId|indicator|period */
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  placeId!: string;

  @Field(() => String, { description: 'What is counted or summed, e.g. keep.eu/projects, keep.eu/total-budget.' })
  @Property({ type: 'text' })
  indicator!: string;

  @Field(() => Number)
  @Property({ type: 'decimal', columnType: 'numeric', runtimeType: 'number' })
  value!: number;

  @Field(() => String, { description: 'count, EUR, ...' })
  @Property({ type: 'text' })
  unit!: string;

  @Field(() => String, { description: 'The period the figure covers, e.g. 2014-2020.' })
  @Property({ type: 'text' })
  period!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
