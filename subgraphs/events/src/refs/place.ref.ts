import {
  ListPage,
  type PageArgs,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  PAGE_SIZE,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { EventFilter } from '../event/event-filter.js';
import type { Context } from '../context.js';
import { Event } from '../event/event.entity.js';
import { EventConnection } from '../event/event-connection.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/** Stub of the Place another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Place')
export class PlaceRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => PlaceRef)
export class PlaceEventsResolver {
  @FieldResolver(() => [Event], {
    nullable: true,
    description: 'Events held in this place.',
    deprecationReason: 'Use eventsConnection: keyset pages with cursors and totalCount.',
  })
  events(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    return ctx.loaders.eventPagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => EventConnection, {
    nullable: true,
    description: 'Events held in this place, in calendar order, a page at a time, with totalCount.',
  })
  eventsConnection(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: EventFilter | null,
  ) {
    return filteredNestedConnection(EventConnection, () => ctx.loaders.eventPagesByPlace, args, filter, {
      coordinate: 'Place.eventsConnection',
      parentId: place.id,
    });
  }
}
