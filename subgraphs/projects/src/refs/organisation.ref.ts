import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Organisations are owned by the organisations subgraph; this subgraph only adds fields to them. */
@Directive('@key(fields: "id")')
@ObjectType('Organisation')
export class OrganisationRef {
  @Field(() => ID)
  id!: string;
}
