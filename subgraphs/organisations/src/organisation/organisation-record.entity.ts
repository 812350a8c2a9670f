import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { JSONObjectResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An identifier a source record states for the organisation, e.g. (pic, 997786233).' })
export class StatedIdentifier {
  @Field(() => String) scheme!: string;
  @Field(() => String) value!: string;
}

@ObjectType({ description: 'Why a source record is linked to its canonical organisation.' })
export class RecordMatch {
  @Field(() => String, {
    description: 'The rule that matched: a shared identifier, a normalised name with country and place, a curated decision...',
  })
  rule!: string;

  @Field(() => Number, { description: 'Confidence between 0 and 1.' })
  confidence!: number;

  @Field(() => String, { description: 'One line saying what matched.' })
  explanation!: string;
}

/**
 * One organisation as ONE source describes it (an EEA Grants organisation, a keep.eu partner, a Kohesio
 * beneficiary). Records are never merged into each other: identity resolution links each to a canonical
 * Organisation (organisation_id) with the rule, confidence and explanation, and can be undone.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An organisation as one source describes it, linked to the canonical organisation it was resolved to.' })
// Keyset pages of Organisation.recordsConnection.
@Index({ name: 'organisation_record_organisation_id_dataset_id_index', properties: ['organisationId', 'dataset', 'id'] })
@Index({ name: 'organisation_record_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'organisation_record' })
export class OrganisationRecord extends Tracked {
  @Field(() => ID, { description: '<scheme>:<key>, e.g. eea-grants/organisation:507.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'Scheme of the record key: eea-grants/organisation, keep.eu/organisation, kohesio/beneficiary.' })
  @Property({ type: 'text' })
  scheme!: string;

  @Field(() => String, { description: 'The record’s own key in its source.' })
  @Property({ type: 'text' })
  key!: string;

  @Field(() => String, { description: 'The dataset: eea-grants, keep-eu, kohesio-beneficiaries.' })
  @Property({ type: 'text' })
  dataset!: string;

  @Field(() => String, { description: 'The name as the source writes it.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'An English name the source gives.' })
  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'A Latin-script form the source gives (transliteration).' })
  @Property({ type: 'text', nullable: true })
  nameLatin?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  @Field(() => String, { nullable: true, description: 'The place as the source states it, verbatim.' })
  @Property({ type: 'text', nullable: true })
  placeText?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The OrganisationKind a field of the source gives (keep.eu organisation type), or null when it gives none.',
  })
  @Property({ type: 'text', nullable: true })
  kindHint?: string | null;

  @Field(() => String, { nullable: true, description: 'Which source field and value gave `kindHint`.' })
  @Property({ type: 'text', nullable: true })
  kindRule?: string | null;

  @Field(() => [StatedIdentifier], { description: 'Further identifiers the source states (PIC, registry numbers...).' })
  @Property({ type: 'json' })
  identifiers: StatedIdentifier[] = [];

  /** "scheme|value" of the record's own key and of every stated identifier, for lookup by identifier. */
  @Index({ name: 'organisation_record_identifier_keys_gin', type: 'gin' })
  @Property({ type: ArrayType })
  identifierKeys: string[] = [];

  @Field(() => JSONObjectResolver, { description: 'Everything else the source says: roles, budgets, legal status...' })
  @Property({ type: 'json' })
  attributes: Record<string, unknown> = {};

  @Index({ name: 'organisation_record_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType })
  searchKeys: string[] = [];

  /** The canonical organisation identity resolution linked it to ((organisation_id, dataset, id) index). */
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  @Property({ type: 'text', nullable: true })
  matchRule?: string | null;

  @Property({ type: 'double precision', nullable: true })
  matchConfidence?: number | null;

  @Property({ type: 'text', nullable: true })
  matchExplanation?: string | null;
}
