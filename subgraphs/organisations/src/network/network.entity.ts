import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, Tracked } from '@regiograph/lib';
import { NetworkRole } from '../enums.js';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A named network of cities or organisations, such as an EMPIRIE exchange network.' })
// Keyset pages of networksConnection.
@Index({ name: 'network_name_id_index', properties: ['name', 'id'] })
@Entity({ tableName: 'network' })
export class Network extends Tracked {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  nameEn?: string | null;

  /** The umbrella network this one belongs to (e.g. EMPIRIE for MIASTO PRZEDSIĘBIORCZE). */
  @Index()
  @Property({ type: 'text', nullable: true })
  familyId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position within its family, as the family lists them.' })
  @Property({ type: 'integer', nullable: true })
  position?: number | null;

  @Field(() => String, { nullable: true, description: 'Theme as the source states it.' })
  @Property({ type: 'text', nullable: true })
  theme?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  themeEn?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  coordinatorId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When it was launched, as precisely as the source says.' })
  @Property({ type: 'date', nullable: true })
  launchedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'DAY, MONTH, SEASON or YEAR: how precise launchedOn is.' })
  @Property({ type: 'text', nullable: true })
  launchedPrecision?: string | null;

  @Field(() => String, { nullable: true, description: 'Purpose and audience, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => [String])
  @Property({ type: ArrayType })
  altNames: string[] = [];

  @Index({ name: 'network_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}

@ObjectType({ description: 'An organisation taking part in a network, with its role.' })
// Keyset pages of Network.membersConnection and Organisation.networksConnection.
@Index({ name: 'network_member_network_id_role_organisation_id_index', properties: ['networkId', 'role', 'organisationId'] })
@Index({ name: 'network_member_organisation_id_network_id_index', properties: ['organisationId', 'networkId'] })
@Entity({ tableName: 'network_member' })
export class NetworkMember extends Tracked {
  @PrimaryKey({ type: 'text' })
  networkId!: string;

  @Index()
  @PrimaryKey({ type: 'text' })
  organisationId!: string;

  @Field(() => NetworkRole)
  @Property({ type: 'text' })
  role!: NetworkRole;

  @Field(() => String, { nullable: true, description: 'What the source shows about the membership, when it is inferred.' })
  @Property({ type: 'text', nullable: true })
  basis?: string | null;
}

@ObjectType({ description: 'A person named in a public role in a network, such as coordinator or expert.' })
@Entity({ tableName: 'network_person' })
export class NetworkPerson extends Tracked {
  @PrimaryKey({ type: 'text' })
  networkId!: string;

  @Field(() => String)
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Field(() => NetworkRole)
  @PrimaryKey({ type: 'text' })
  role!: NetworkRole;
}
