import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProgrammeOperatorRole } from '../enums.js';

@ObjectType({ description: 'An identifier of a programme in some source or register, e.g. (eea-grants/programme, PL03).' })
export class ProgrammeIdentifier {
  @Field(() => String, { description: 'Source or register: eea-grants/programme, keep.eu/programme, cci, ...' })
  scheme!: string;

  @Field(() => String)
  value!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A funding programme: a national programme of the EEA and Norway Grants, an Interreg programme or a regional operational programme.',
})
@Entity({ tableName: 'programme' })
export class Programme extends Tracked {
  @Field(() => ID, { description: 'Stable ID, e.g. programme:interreg-europe-2014-2020.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'Name in English.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name as the sources write it in their own language, e.g. "Rozwój lokalny".' })
  @Property({ type: 'text', nullable: true })
  nameLocal?: string | null;

  @Field(() => String, { nullable: true, description: 'Official programme code, when a source gives one.' })
  @Index()
  @Property({ type: 'text', nullable: true })
  code?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  startYear?: number | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  endYear?: number | null;

  @Field(() => String, { nullable: true, description: 'The programming period as the source writes it, e.g. 2020-2027.' })
  @Property({ type: 'text', nullable: true })
  period?: string | null;

  /** Beneficiary country, as a place ID of the organisations subgraph; null for transnational programmes. */
  @Index()
  @Property({ type: 'text', nullable: true })
  countryId?: string | null;

  /** The funds that finance it, as fund IDs of this subgraph. */
  @Index({ name: 'programme_fund_ids_gin', type: 'gin' })
  @Property({ type: ArrayType })
  fundIds: string[] = [];

  /** Programme operator or managing authority, as an organisation ID of the organisations subgraph. */
  @Index()
  @Property({ type: 'text', nullable: true })
  operatorId?: string | null;

  @Field(() => ProgrammeOperatorRole, { nullable: true, description: 'How the operator is designated.' })
  @Property({ type: 'text', nullable: true })
  operatorRole?: ProgrammeOperatorRole | null;

  @Field(() => String, { nullable: true, description: 'What the programme supports, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Priority sector as the source names it, e.g. "Environmental Protection and Management".',
  })
  @Property({ type: 'text', nullable: true })
  sector?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Programme area as the source names it, e.g. "Biodiversity and ecosystem services".',
  })
  @Property({ type: 'text', nullable: true })
  area?: string | null;

  /** As the first source gave them; GraphQL serves the accumulated `identifierKeys` (see ProgrammeResolver.identifiers). */
  @Property({ type: 'json', default: '[]' })
  identifiers: ProgrammeIdentifier[] = [];

  /** "scheme|value" of every identifier, for an indexed lookup by (scheme, value). */
  @Index({ name: 'programme_identifier_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, default: '{}' })
  identifierKeys: string[] = [];

  @Field(() => [String], { description: 'Other names, abbreviations and spellings the sources use.' })
  @Property({ type: ArrayType })
  altNames: string[] = [];

  @Index({ name: 'programme_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}
