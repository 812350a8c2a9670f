import {
  FullPage,
  type PageArgs,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  PAGE_SIZE,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { AllocationFilter } from '../filters.js';
import { Allocation } from '../allocation/allocation.entity.js';
import type { Context } from '../context.js';
import { AllocationConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

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
    nullable: true,
    description:
      'Money programmes allocate to this place (a beneficiary country or a NUTS region), as the sources record it; a page of at most 200. A region holds the rows of each regional breakdown (see Allocation.breakdown): a total adds one breakdown, never both.',
    deprecationReason: 'Use allocationsConnection: keyset pages with cursors and totalCount.',
  })
  allocations(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => FullPage) p: PageArgs): Promise<Allocation[]> {
    return ctx.loaders.allocationsByPlace(p).load(place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => AllocationConnection, {
    nullable: true,
    description: 'Money programmes allocate to this place, by programme, fund and ID, a page at a time, with totalCount.',
  })
  allocationsConnection(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => AllocationFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: AllocationFilter | null,
  ) {
    return filteredNestedConnection(AllocationConnection, () => ctx.loaders.allocationPagesByPlace, args, filter, {
      coordinate: 'Place.allocationsConnection',
      parentId: place.id,
    });
  }
}
