import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
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
  @FieldResolver(() => [Event], { description: 'Events held in this place.' })
  events(@Root() place: PlaceRef, @Ctx() ctx: Context): Promise<Event[]> {
    return ctx.loaders.eventsByPlace.load(place.id);
  }
}
