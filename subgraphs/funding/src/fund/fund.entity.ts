import { ArrayType, Entity, PrimaryKey, Property, Index } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { FundKind } from '../enums.js';

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'A source of money behind programmes: a donor mechanism such as the EEA Grants, or an EU fund such as the ERDF.',
})
@Entity({ tableName: 'fund' })
export class Fund extends Tracked {
  @Field(() => ID, { description: 'Stable ID, e.g. fund:eea-grants.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'Name in English.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name as the sources write it in their own language, e.g. "Fundusze EOG".' })
  @Property({ type: 'text', nullable: true })
  nameLocal?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  acronym?: string | null;

  @Field(() => FundKind)
  @Property({ type: 'text' })
  kind!: FundKind;

  /** Donor countries, as place IDs of the organisations subgraph (place:country:NO). */
  @Property({ type: ArrayType })
  donorIds: string[] = [];

  /** The period its curated record gives; served through FundResolver.period, which spans its programmes. */
  @Property({ type: 'text', nullable: true })
  period?: string | null;

  @Field(() => String, { nullable: true, description: 'What the fund is, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => [String], { description: 'Other names, translations and inflected forms the sources use.' })
  @Property({ type: ArrayType })
  altNames: string[] = [];

  @Index({ name: 'fund_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}
