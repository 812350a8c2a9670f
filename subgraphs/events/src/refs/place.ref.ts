import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Event } from '../event/event.entity.js';

/** Stub of the Place another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => PlaceRef)
export class PlaceEventsResolver {
  @FieldResolver(() => [Event], { nullable: true, description: 'Events held in this place.' })
  async events(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    return slicePage(await ctx.loaders.eventsByPlace.load(place.id), p);
  }
}
