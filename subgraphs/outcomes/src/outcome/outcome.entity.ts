import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, Tracked } from '@regiograph/lib';
import { OutcomeKind, OutcomeObjectiveKind, OutcomeStatus } from '../enums.js';

@ObjectType({ description: 'One objective of an outcome, in our own words (English).' })
export class OutcomeObjective {
  @Field(() => OutcomeObjectiveKind)
  kind!: OutcomeObjectiveKind;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: 'One indicator of a reported result and what was achieved on it, as the source states it.' })
export class OutcomeIndicator {
  @Field(() => String, { description: 'The indicator as the source names it.' })
  name!: string;

  @Field(() => Float, { nullable: true, description: 'The achievement reported for it; null when the source gives none.' })
  achievement?: number | null;

  @Field(() => Int, { nullable: true, description: 'Its position in the source’s list.' })
  order?: number | null;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Something a project, network or event produced or put forward: a recommendation, an implementation project, a good practice, policy input, a report, a tool or findings.',
})
@Entity({ tableName: 'outcome' })
export class Outcome extends Tracked {
  @Field(() => ID, { description: 'Stable ID built from its origin and a natural key, e.g. outcome:public4msme:piaseczno-banner.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => OutcomeKind)
  @Index()
  @Property({ type: 'text' })
  kind!: OutcomeKind;

  @Field(() => String, {
    description: 'How the hub names it: the title as the source writes it, or an English label of ours when the source gives no title.',
  })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Title exactly as the source writes it, in its own language; null when it has none.',
  })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Our English translation of the title.' })
  @Property({ type: 'text', nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 language of the title as written.' })
  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'What it is and what it says, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => [OutcomeObjective], { description: 'Its objectives, main first, in our own words.' })
  @Property({ type: 'json' })
  objectives: OutcomeObjective[] = [];

  @Field(() => [String], { description: 'Kinds of action it proposes, in our own words.' })
  @Property({ type: ArrayType })
  actions: string[] = [];

  @Field(() => [String], { description: 'Implementation steps in order, in our own words.' })
  @Property({ type: ArrayType })
  steps: string[] = [];

  @Field(() => [String], { description: 'Ideas or options it puts forward, such as ways to add value, in our own words.' })
  @Property({ type: ArrayType })
  ideas: string[] = [];

  @Field(() => [String], { description: 'Questions it was built to answer, in our own words.' })
  @Property({ type: ArrayType })
  questions: string[] = [];

  @Field(() => OutcomeStatus)
  @Property({ type: 'text' })
  status: OutcomeStatus = OutcomeStatus.UNKNOWN;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'When it was produced (or, for a planned outcome, is due), as precisely as the source says: the first day of the month, season or year.',
  })
  @Index()
  @Property({ type: 'date', nullable: true })
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'DAY, MONTH, SEASON or YEAR: how precise date is.' })
  @Property({ type: 'text', nullable: true })
  datePrecision?: string | null;

  @Field(() => [OutcomeIndicator], { description: 'For reported results: the indicators and their achievements, in the source’s order.' })
  @Property({ type: 'json', default: '[]' })
  indicators: OutcomeIndicator[] = [];

  @Index({ name: 'outcome_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}

/**
 * One tie between an outcome and a record, usually one another subgraph owns (a project, an event, an
 * organisation...), known by ID only. The reverse index serves Organisation.outcomes and its kin.
 */
@Entity({ tableName: 'outcome_link' })
@Index({ properties: ['targetType', 'targetId'] })
export class OutcomeLink extends Tracked {
  @PrimaryKey({ type: 'text' })
  outcomeId!: string;

  @PrimaryKey({ type: 'text' })
  relation!: string;

  @PrimaryKey({ type: 'text' })
  targetType!: string;

  @PrimaryKey({ type: 'text' })
  targetId!: string;
}
