import { Directive, Field, ID, ObjectType } from 'type-graphql';

/*
 * Stubs of the entities other subgraphs own that a change can name: only their key lives here, and this
 * subgraph resolves no reference to them (`resolvable: false`); the gateway fetches their fields from
 * their owners.
 */

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Project')
export class ProjectRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Partnership')
export class PartnershipRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Fund')
export class FundRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Programme')
export class ProgrammeRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Grant')
export class GrantRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Event')
export class EventRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Outcome')
export class OutcomeRef {
  @Field(() => ID)
  id!: string;
}
