import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
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
  @FieldResolver(() => [Event], { nullable: true, description: 'Events the network organised, sessions included.' })
  async events(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    return slicePage(await ctx.loaders.eventsByNetwork.load(network.id), p);
  }
}
