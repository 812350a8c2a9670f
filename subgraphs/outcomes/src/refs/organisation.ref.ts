import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Organisation entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Organisation')
export class OrganisationRef {
  @Field(() => ID)
  id!: string;
}
