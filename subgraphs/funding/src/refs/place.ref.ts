import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A place owned by the organisations subgraph (countries here: donors and beneficiary countries). */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}

export const placeRef = (id: string): PlaceRef => ({ id });
