import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Place entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}
