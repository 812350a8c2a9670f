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

/** Stub of the Network another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Network')
export class NetworkRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => NetworkRef)
export class NetworkEventsResolver {
  @FieldResolver(() => [Event], {
    nullable: true,
    description: 'Events the network organised, sessions included.',
    deprecationReason: 'Use eventsConnection: keyset pages with cursors and totalCount.',
  })
  events(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    return ctx.loaders.eventPagesByNetwork.slice(p, network.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => EventConnection, {
    nullable: true,
    description: 'Events the network organised, sessions included, in calendar order, a page at a time, with totalCount.',
  })
  eventsConnection(
    @Root() network: NetworkRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: EventFilter | null,
  ) {
    return filteredNestedConnection(EventConnection, () => ctx.loaders.eventPagesByNetwork, args, filter, {
      coordinate: 'Network.eventsConnection',
      parentId: network.id,
    });
  }
}
