import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Event entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Event')
export class EventRef {
  @Field(() => ID)
  id!: string;
}
