import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Event } from '../event/event.entity.js';

/** Stub of the Network another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Network')
export class NetworkRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => NetworkRef)
export class NetworkEventsResolver {
  @FieldResolver(() => [Event], { description: 'Events the network organised, sessions included.' })
  events(@Root() network: NetworkRef, @Ctx() ctx: Context): Promise<Event[]> {
    return ctx.loaders.eventsByNetwork.load(network.id);
  }
}
