import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Programmes are owned by the funding subgraph; this subgraph only points at them and adds their projects. */
@Directive('@key(fields: "id")')
@ObjectType('Programme')
export class ProgrammeRef {
  @Field(() => ID)
  id!: string;
}

export const programmeRef = (id: string | null | undefined): ProgrammeRef | null => (id ? { id } : null);
