import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Programme entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Programme')
export class ProgrammeRef {
  @Field(() => ID)
  id!: string;
}
