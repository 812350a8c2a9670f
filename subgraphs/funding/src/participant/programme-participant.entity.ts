import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'An organisation’s role in a programme as a source records it: programme operator, donor programme partner, project promoter, project partner...',
})
// Keyset pages of the connections over this table read these in order.
@Index({ name: 'programme_participant_programme_id_role_id_index', properties: ['programmeId', 'role', 'id'] })
@Index({
  name: 'programme_participant_organisation_programme_role_index',
  properties: ['organisationId', 'programmeId', 'role', 'id'],
})
@Index({ name: 'programme_participant_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'programme_participant' })
export class ProgrammeParticipant extends Tracked {
  @Field(() => ID, { description: 'Stable ID: participant:<programme>:<role>:<organisation record>.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  programmeId!: string;

  @Field(() => String, {
    description: 'The organisation as the source identifies it, e.g. eea-grants/organisation:507; stays when records are merged or split.',
  })
  @Index()
  @Property({ type: 'text' })
  organisationRecordId!: string;

  /** Canonical organisation ID of the organisations subgraph, set by identity resolution (relinkOrganisations). */
  @Index()
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  @Field(() => String, {
    description: 'PROGRAMME_OPERATOR, DONOR_PROGRAMME_PARTNER, DONOR_PROJECT_PARTNER, PROJECT_PROMOTER or PROJECT_PARTNER.',
  })
  @Property({ type: 'text' })
  role!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Projects of the programme it takes part in in this role, when the source counts them.',
  })
  @Property({ type: 'integer', nullable: true })
  projectCount?: number | null;

  @Field(() => String, { nullable: true, description: 'NUTS code of the organisation’s location as the source gives it.' })
  @Property({ type: 'text', nullable: true })
  placeCode?: string | null;
}
