import { DecimalType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type Decimal, Tracked } from '@regiograph/lib';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Money from a programme to one recipient: a project, a network or an organisation. Amounts stay null when no source states them.',
})
// Keyset pages of the connections over this table read these in order.
@Index({ name: 'grant_programme_id_id_index', properties: ['programmeId', 'id'] })
@Index({ name: 'grant_organisation_id_id_index', properties: ['organisationId', 'id'] })
@Index({ name: 'grant_project_id_id_index', properties: ['projectId', 'id'] })
@Index({ name: 'grant_network_id_id_index', properties: ['networkId', 'id'] })
@Index({ name: 'grant_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'grant' })
export class Grant extends Tracked {
  @Field(() => ID, {
    description: 'Stable ID: grant:<programme>:<recipient>, e.g. grant:pl-rozwoj-lokalny:empirie:miasto-przedsiebiorcze.',
  })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  programmeId!: string;

  /** Recipient: exactly one of the three IDs below is set (projects and organisations subgraphs own them). */
  @Index()
  @Property({ type: 'text', nullable: true })
  projectId?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  networkId?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The recipient organisation as its source identifies it, e.g. keep.eu/organisation:27415; organisation is the canonical one.',
  })
  @Index()
  @Property({ type: 'text', nullable: true })
  organisationRecordId?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Amount granted, when a source states it.',
    deprecationReason: 'A binary float may lose cents: use granted.',
  })
  @Property({ type: new DecimalType('string'), columnType: 'numeric', nullable: true })
  amount?: Decimal | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of the amount.' })
  @Property({ type: 'text', nullable: true })
  currency?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the grant pays for and what the sources show about it, in our own words (English).',
  })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
