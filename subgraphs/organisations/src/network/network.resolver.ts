import { Arg, Args, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  cost,
  DetailPage,
  ListPage,
  filteredNestedConnection,
  filterSelection,
  PAGE_SIZE,
  type PageArgs,
  page,
  rootConnection,
  SEARCH_COST,
  searchByName,
  searchOrder,
  searchRows,
  slicePage,
} from '@regiograph/lib';
import { NAME_ID, NetworkConnection, NetworkMemberConnection } from '../connections.js';
import type { Context } from '../context.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { networkTables } from '../loaders.js';
import { Network, NetworkMember, NetworkPerson } from './network.entity.js';
import { NetworkFilter, NetworkMemberFilter, networkFilterSql } from './network-filter.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

@Resolver(() => Network)
export class NetworkResolver {
  @Query(() => Network, { nullable: true, description: 'One network by ID, or the best match for a name or theme.' })
  async network(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Network | null> {
    if (id) return ctx.loaders.network.load(id);
    if (!name) return null;
    // A network beats its umbrella family when both match ("Miasto Przedsiębiorcze" vs "EMPIRIE").
    const [best] = await searchByName(ctx.em, Network, { name, rank: '(t.family_id is null)', limit: 1 });
    return best ?? null;
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @Query(() => NetworkConnection, {
    name: 'networksConnection',
    description:
      'Networks, by name then ID, a page at a time, with totalCount; with a name, those whose name or theme contains it, exact matches first.',
  })
  findNetworksConnection(
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('filter', () => NetworkFilter, { nullable: true, description: 'Narrows the networks (AND across fields, OR within a list).' })
    filter?: NetworkFilter | null,
  ) {
    return rootConnection(ctx.em, Network, NetworkConnection, args, {
      coordinate: 'Query.networksConnection',
      selection: { name, ...filterSelection(filter) },
      order: searchOrder(name, NAME_ID),
      rows: () => {
        // Read here, after rootConnection has checked the page: a refused page size touches no table.
        const narrowed = networkFilterSql(filter, networkTables(ctx.em));
        return searchRows(ctx.em, Network, { name, where: narrowed.conditions, params: narrowed.params });
      },
    });
  }

  @Query(() => [Network], {
    name: 'networks',
    description: 'Networks by name or theme; with no name, all of them, families first.',
    deprecationReason: 'Use networksConnection: keyset pages with cursors and totalCount.',
  })
  async findNetworks(
    @Ctx() ctx: Context,
    @Args(() => ListPage) p: PageArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Network[]> {
    const { limit, offset } = page(p.limit, p.offset);
    if (name) return searchByName(ctx.em, Network, { name, rank: 't.position nulls first', limit, offset });
    return ctx.em.find(Network, {}, { orderBy: { familyId: 'asc nulls first', position: 'asc', name: 'asc', id: 'asc' }, limit, offset });
  }

  @FieldResolver(() => Network, { nullable: true, description: 'The umbrella network, e.g. EMPIRIE.' })
  family(@Root() network: Network, @Ctx() ctx: Context) {
    return network.familyId ? ctx.loaders.network.load(network.familyId) : null;
  }

  @FieldResolver(() => [Network], {
    description: 'The networks of this family.',
    deprecationReason: 'Use networksConnection: keyset pages with cursors and totalCount.',
  })
  networks(@Root() network: Network, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.networkPagesByFamily.slice(p, network.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => NetworkConnection, { description: 'The networks of this family, by position, a page at a time, with totalCount.' })
  networksConnection(
    @Root() network: Network,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => NetworkFilter, { nullable: true, description: 'Narrows the networks (AND across fields, OR within a list).' })
    filter?: NetworkFilter | null,
  ) {
    return filteredNestedConnection(NetworkConnection, () => ctx.loaders.networkPagesByFamily, args, filter, {
      coordinate: 'Network.networksConnection',
      parentId: network.id,
    });
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation that runs the network.' })
  coordinator(@Root() network: Network, @Ctx() ctx: Context) {
    return network.coordinatorId ? ctx.loaders.organisation.load(network.coordinatorId) : null;
  }

  @FieldResolver(() => [NetworkMember], { deprecationReason: 'Use membersConnection: keyset pages with cursors and totalCount.' })
  members(@Root() network: Network, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.memberPagesByNetwork.slice(p, network.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => NetworkMemberConnection, {
    description: 'Its member organisations with their roles, by role then organisation, a page at a time, with totalCount.',
  })
  membersConnection(
    @Root() network: Network,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => NetworkMemberFilter, {
      nullable: true,
      description: 'Narrows the memberships (AND across fields, OR within a list).',
    })
    filter?: NetworkMemberFilter | null,
  ) {
    return filteredNestedConnection(NetworkMemberConnection, () => ctx.loaders.memberPagesByNetwork, args, filter, {
      coordinate: 'Network.membersConnection',
      parentId: network.id,
    });
  }

  @FieldResolver(() => [NetworkPerson], { description: 'People named in public roles (coordinators, experts).' })
  async people(@Root() network: Network, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return slicePage(await ctx.loaders.peopleByNetwork.load(network.id), p);
  }

  @FieldResolver(() => [String])
  altNames(@Root() network: Network, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(network.altNames, p);
  }
}

@Resolver(() => NetworkMember)
export class NetworkMemberResolver {
  @FieldResolver(() => Network)
  network(@Root() member: NetworkMember, @Ctx() ctx: Context) {
    return ctx.loaders.network.load(member.networkId);
  }

  @FieldResolver(() => Organisation)
  organisation(@Root() member: NetworkMember, @Ctx() ctx: Context) {
    return ctx.loaders.organisation.load(member.organisationId);
  }
}
