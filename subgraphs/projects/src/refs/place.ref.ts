import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Places are owned by the organisations subgraph; this subgraph only adds fields to them. */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}

export const placeRef = (id: string | null | undefined): PlaceRef | null => (id ? { id } : null);
