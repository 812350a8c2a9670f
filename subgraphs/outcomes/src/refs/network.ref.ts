import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Network entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Network')
export class NetworkRef {
  @Field(() => ID)
  id!: string;
}
