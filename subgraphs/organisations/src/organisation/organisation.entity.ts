import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { OrganisationKind } from '../enums.js';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A city hall, region, ministry, agency, association, university, company or other body.' })
// Keyset pages of organisationsConnection read (name, id) in order from this index, however deep the page.
@Index({ name: 'organisation_name_id_index', properties: ['name', 'id'] })
// ... and a place's organisations (Place.organisationsConnection) by (place_id, name, id).
@Index({ name: 'organisation_place_id_name_id_index', properties: ['placeId', 'name', 'id'] })
// ... and the bodies it runs (Organisation.childrenConnection) by (parent_id, name, id).
@Index({ name: 'organisation_parent_id_name_id_index', properties: ['parentId', 'name', 'id'] })
@Index({ name: 'organisation_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'organisation' })
export class Organisation extends Tracked {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'Name as the organisation writes it, in its own language.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  acronym?: string | null;

  @Field(() => OrganisationKind)
  @Property({ type: 'text' })
  kind!: OrganisationKind;

  /** Why it has its kind (served as Organisation.kindRule; null for seeded organisations, whose kind is curated). */
  @Property({ type: 'text', nullable: true })
  kindRule?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code of its country.' })
  @Index()
  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'What it does, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => [String], { description: 'Other names, translations and spellings.' })
  @Property({ type: ArrayType })
  altNames: string[] = [];

  @Field(() => Boolean, {
    description: 'True when identity resolution created it from source records; false for organisations the hub curates (seeds).',
  })
  @Property({ type: 'boolean', default: false })
  derived = false;

  /** Programmes it takes part in (as a project partner or a programme participant), copied from projects and funding (OrganisationFilter.programme). */
  @Index({ name: 'organisation_takes_part_in_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  takesPartIn: string[] = [];

  /** Its roles in projects' partnerships, copied from projects (OrganisationFilter.role). */
  @Index({ name: 'organisation_partner_roles_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  partnerRoles: string[] = [];

  @Index({ name: 'organisation_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}

@ObjectType({ description: 'An identifier of an organisation in some register or source, e.g. (pic, 917141015).' })
@Entity({ tableName: 'organisation_identifier' })
export class OrganisationIdentifier extends Tracked {
  @Field(() => String, { description: 'Register or source: pic, vat, krs, eea-grants/organisation, wikidata, ...' })
  @PrimaryKey({ type: 'text' })
  scheme!: string;

  @Field(() => String)
  @PrimaryKey({ type: 'text' })
  value!: string;

  @Index()
  @PrimaryKey({ type: 'text' })
  organisationId!: string;
}
