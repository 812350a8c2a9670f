import { MAX_PAGE_SIZE, page } from '@regiograph/lib';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Allocation } from '../allocation/allocation.entity.js';
import type { Context } from '../context.js';

/** A place owned by the organisations subgraph (countries here: donors and beneficiary countries; NUTS regions for allocations). */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}

export const placeRef = (id: string): PlaceRef => ({ id });

@Resolver(() => PlaceRef)
export class PlaceFundingResolver {
  @FieldResolver(() => [Allocation], {
    description:
      'Money programmes allocate to this place (a beneficiary country or a NUTS region), as the sources record it; a page of at most 200.',
  })
  async allocations(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: MAX_PAGE_SIZE }) limit: number = MAX_PAGE_SIZE,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Allocation[]> {
    const p = page(limit, offset);
    return (await ctx.loaders.allocationsByPlace.load(place.id)).slice(p.offset, p.offset + p.limit);
  }
}
