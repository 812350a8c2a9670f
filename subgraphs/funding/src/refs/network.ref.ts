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
import { GrantFilter } from '../filters.js';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';
import { GrantConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

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
  @FieldResolver(() => [Grant], {
    nullable: true,
    description: 'Grants under which the network runs, with their programme and funds.',
    deprecationReason: 'Use fundingConnection: keyset pages with cursors and totalCount.',
  })
  funding(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return ctx.loaders.grantPagesByNetwork.slice(p, network.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => GrantConnection, {
    nullable: true,
    description: 'Grants under which the network runs, by ID, a page at a time, with totalCount.',
  })
  fundingConnection(
    @Root() network: NetworkRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: GrantFilter | null,
  ) {
    return filteredNestedConnection(GrantConnection, () => ctx.loaders.grantPagesByNetwork, args, filter, {
      coordinate: 'Network.fundingConnection',
      parentId: network.id,
    });
  }
}
