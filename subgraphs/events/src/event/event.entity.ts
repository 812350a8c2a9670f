import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, Tracked } from '@regiograph/lib';
import { AgendaItemKind, EventKind, EventRole, EventStatus } from '../enums.js';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A meeting, workshop, study visit, seminar or other gathering, or one session of a larger event.' })
@Entity({ tableName: 'event' })
export class Event extends Tracked {
  @Field(() => ID, { description: 'Stable ID from date and name, e.g. event:2023-06-01:miasto-przedsiebiorcze-tarnow.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { description: 'How the hub names it: a descriptive English label in our own words.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Title exactly as the source writes it, in its language; null when the source gives the event no title.',
  })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => EventKind)
  @Index()
  @Property({ type: 'text' })
  kind!: EventKind;

  @Field(() => DateScalar, { nullable: true, description: 'First day, as precisely as the source says (see datePrecision).' })
  @Index()
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of a multi-day event; null for one-day events.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'DAY, MONTH, SEASON or YEAR: how precise the dates are; null when unknown.' })
  @Property({ type: 'text', nullable: true })
  datePrecision?: string | null;

  @Field(() => String, { nullable: true, description: 'Start time HH:MM, local time of the place or organiser.' })
  @Property({ type: 'text', nullable: true })
  startTime?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when held online; null when the source does not say.' })
  @Property({ type: 'boolean', nullable: true })
  online?: boolean | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code of the working language, when the source states it.' })
  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Field(() => EventStatus, { description: 'Held or planned, as of the source that reports it.' })
  @Property({ type: 'text' })
  status!: EventStatus;

  @Field(() => String, { nullable: true, description: 'What happened or is planned, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'Theme or topic in the words of the source, in its language.' })
  @Property({ type: 'text', nullable: true })
  theme?: string | null;

  @Field(() => String, { nullable: true, description: 'Theme or topic in English, in our own words.' })
  @Property({ type: 'text', nullable: true })
  themeEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Working format in English, e.g. workshop, when the source names one.' })
  @Property({ type: 'text', nullable: true })
  format?: string | null;

  @Field(() => [String], { description: 'Kinds of participants the source describes without naming them (English).' })
  @Property({ type: ArrayType })
  participantGroups: string[] = [];

  @Field(() => String, { nullable: true, description: 'Anything else the source records, such as photo credits.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  /**
   * Its place and every place that place lies in (EventFilter.region, .municipality), from the seeded
   * places' parents (places belong to the organisations subgraph); see seed.ts, eventPlacePaths.
   */
  @Index({ name: 'event_place_path_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  placePath: string[] = [];

  @Index()
  @Property({ type: 'text', nullable: true })
  hostId?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  organisingProjectId?: string | null;

  @Index()
  @Property({ type: 'text', nullable: true })
  organisingNetworkId?: string | null;

  /** The larger event this one is a session or day of. */
  @Index()
  @Property({ type: 'text', nullable: true })
  parentId?: string | null;

  /** A later event this one prepares or feeds into (an online meeting before a visit, a first session before a second). */
  @Index()
  @Property({ type: 'text', nullable: true })
  preparesId?: string | null;

  @Index({ name: 'event_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}

@ObjectType({ description: 'An organisation or a described group taking part in an event, with the part it played.' })
@Entity({ tableName: 'event_participant' })
export class EventParticipant extends Tracked {
  @PrimaryKey({ type: 'text' })
  eventId!: string;

  @Field(() => Int, { description: 'Order in which the source mentions it.' })
  @PrimaryKey({ type: 'integer' })
  position!: number;

  @Index()
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who took part or what part they played, in English, when no single organisation is named.',
  })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => EventRole)
  @Property({ type: 'text' })
  role!: EventRole;
}

@ObjectType({ description: 'One point of an event programme: a presentation, discussion, visit or guiding question.' })
@Entity({ tableName: 'agenda_item' })
export class AgendaItem extends Tracked {
  @PrimaryKey({ type: 'text' })
  eventId!: string;

  @Field(() => Int, { description: 'Place in the programme, from 1.' })
  @PrimaryKey({ type: 'integer' })
  position!: number;

  @Field(() => String, { description: 'What the item is, as a descriptive English label in our own words.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The name or wording the source itself gives the item (a programme, institution or guiding question), exactly as written; ' +
      'null when the source gives none.',
  })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => AgendaItemKind)
  @Property({ type: 'text' })
  kind!: AgendaItemKind;

  @Field(() => String, { nullable: true, description: 'More about the item, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Organisations presented, visited or presenting in this item. */
  @Index({ name: 'agenda_item_organisation_ids_gin', type: 'gin' })
  @Property({ type: ArrayType })
  organisationIds: string[] = [];

  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;
}
