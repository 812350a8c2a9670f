import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the Project entity another subgraph owns; this subgraph only adds fields to it. */
@Directive('@key(fields: "id")')
@ObjectType('Project')
export class ProjectRef {
  @Field(() => ID)
  id!: string;
}
