import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';

/** A network owned by the organisations subgraph. */
@Directive('@key(fields: "id")')
@ObjectType('Network')
export class NetworkRef {
  @Field(() => ID)
  id!: string;
}

export const networkRef = (id: string): NetworkRef => ({ id });

@Resolver(() => NetworkRef)
export class NetworkFundingResolver {
  @FieldResolver(() => [Grant], { nullable: true, description: 'Grants under which the network runs, with their programme and funds.' })
  async funding(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return slicePage(await ctx.loaders.grantsByNetwork.load(network.id), p);
  }
}
