import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PARTNER_ROLE_ORDER, PartnerRole } from '../enums.js';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'The part one organisation (or, when the source names only a city or country, one place) plays in a project.',
})
@Entity({ tableName: 'partnership' })
export class Partnership extends Tracked {
  @Field(() => ID, { description: 'partnership:<project id suffix>:<organisation or place id suffix>' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  projectId!: string;

  /** Null when the source names only the partner's city or country. */
  @Index()
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  /** The partner's city or region. */
  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  /** The partner's country (a place:country:* ID). */
  @Index()
  @Property({ type: 'text', nullable: true })
  countryId?: string | null;

  @Field(() => PartnerRole)
  @Property({ type: 'text' })
  role!: PartnerRole;

  @Field(() => String, { nullable: true, description: 'What the partner does in the project, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}

/** Lead partner first, stakeholders last; then by ID so the order is stable. */
export function byRole(a: Partnership, b: Partnership): number {
  return PARTNER_ROLE_ORDER.indexOf(a.role) - PARTNER_ROLE_ORDER.indexOf(b.role) || a.id.localeCompare(b.id);
}
