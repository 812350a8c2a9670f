import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type Decimal, Tracked } from '@regiograph/lib';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { PARTNER_ROLE_ORDER, PartnerRole } from '../enums.js';
import { FLOAT_DEPRECATED, moneyColumn } from '../numeric.js';

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'The part one organisation (or, when the source names only a city or country, one place) plays in a project.',
})
// Keyset pages of the partnerships of an organisation or a place (by project, then ID) read these in order.
@Index({ name: 'partnership_organisation_id_project_id_id_index', properties: ['organisationId', 'projectId', 'id'] })
@Index({ name: 'partnership_place_id_project_id_id_index', properties: ['placeId', 'projectId', 'id'] })
@Index({ name: 'partnership_country_id_project_id_id_index', properties: ['countryId', 'projectId', 'id'] })
@Index({ name: 'partnership_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'partnership' })
export class Partnership extends Tracked {
  @Field(() => ID, { description: 'partnership:<project id suffix>:<organisation or place id suffix>' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  projectId!: string;

  /** Null when the source names only the partner's city or country. Looked up by the (organisation_id, project_id, id) index. */
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  /** The partner's city or region ((place_id, project_id, id) index). */
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  /** The partner's country (a place:country:* ID; (country_id, project_id, id) index). */
  @Property({ type: 'text', nullable: true })
  countryId?: string | null;

  /** The partner's place and country with every place they lie in (ProjectFilter.region); see data.refreshDerived. */
  @Index({ name: 'partnership_place_path_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  placePath: string[] = [];

  /** The kind of the partner's organisation, copied from the organisations subgraph (ProjectFilter.organisationKind). */
  @Index()
  @Property({ type: 'text', nullable: true })
  organisationKind?: string | null;

  @Field(() => PartnerRole)
  @Property({ type: 'text' })
  role!: PartnerRole;

  @Field(() => String, { nullable: true, description: 'What the partner does in the project, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The partner as the source identifies it (e.g. keep.eu/organisation:27415), before identity resolution links it to an organisation.',
  })
  @Index()
  @Property({ type: 'text', nullable: true })
  organisationRecordId?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The partner’s budget in the project, in currency; null when the source gives none.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(moneyColumn())
  budget?: Decimal | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Programme co-financing of the partner’s budget, in currency; null when unknown.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(moneyColumn())
  coFinancing?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of budget and coFinancing.' })
  @Property({ type: 'text', nullable: true })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'The partner’s town as the source writes it.' })
  @Property({ type: 'text', nullable: true })
  town?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  postcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Street address as the source writes it.' })
  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude (WGS 84) of the partner’s address, as the source gives it.' })
  @Property({ type: 'double', nullable: true, runtimeType: 'number' })
  lat?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude (WGS 84) of the partner’s address, as the source gives it.' })
  @Property({ type: 'double', nullable: true, runtimeType: 'number' })
  lng?: number | null;

  @Field(() => String, { nullable: true, description: 'Legal status as the source words it, e.g. public or private.' })
  @Property({ type: 'text', nullable: true })
  legalStatus?: string | null;

  @Field(() => String, { nullable: true, description: 'Kind of organisation as the source words it, e.g. Local public authority.' })
  @Property({ type: 'text', nullable: true })
  organisationType?: string | null;
}

/** Lead partner first, stakeholders last; then by ID so the order is stable. */
export function byRole(a: Partnership, b: Partnership): number {
  return PARTNER_ROLE_ORDER.indexOf(a.role) - PARTNER_ROLE_ORDER.indexOf(b.role) || a.id.localeCompare(b.id);
}
