import { Arg, Args, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { FundFilter, fundFilterSql, ProgrammeFilter } from '../filters.js';
import {
  cost,
  DetailPage,
  ListPage,
  type PageArgs,
  page,
  SEARCH_COST,
  searchByName,
  slicePage,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  filterSelection,
  rootConnection,
  searchRows,
  PAGE_SIZE,
} from '@regiograph/lib';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Fund } from './fund.entity.js';
import { FundConnection, NAME_ID, ProgrammeConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

@Resolver(() => Fund)
export class FundResolver {
  @Directive(connectionListSize(PAGE_SIZE.list))
  @Query(() => FundConnection, { description: 'Every fund, by name then ID, a page at a time, with totalCount.' })
  fundsConnection(
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => FundFilter, { nullable: true, description: 'Narrows the funds (AND across fields, OR within a list).' })
    filter?: FundFilter | null,
  ) {
    const narrowed = fundFilterSql(filter);
    return rootConnection(ctx.em, Fund, FundConnection, args, {
      coordinate: 'Query.fundsConnection',
      selection: filterSelection(filter),
      order: NAME_ID,
      rows: () => searchRows(ctx.em, Fund, { where: narrowed.conditions, params: narrowed.params }),
    });
  }

  @Query(() => [Fund], {
    description: 'Every fund, by name.',
    deprecationReason: 'Use fundsConnection: keyset pages with cursors and totalCount.',
  })
  funds(@Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Fund[]> {
    return ctx.em.find(Fund, {}, { orderBy: { name: 'asc', id: 'asc' }, ...page(p.limit, p.offset) });
  }

  @Query(() => Fund, {
    nullable: true,
    description: 'One fund by ID, or the best match for a name, local name or acronym (case and diacritics ignored).',
  })
  async fund(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Fund | null> {
    if (id) return ctx.loaders.fund.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Fund, { name, limit: 1 });
    return best ?? null;
  }

  // Nullable: places belong to the organisations subgraph; its failure should cost this list, not the fund.
  @FieldResolver(() => [PlaceRef], { nullable: true, description: 'The donor countries.' })
  donors(@Root() fund: Fund, @Args(() => DetailPage) p: PageArgs): PlaceRef[] {
    return slicePage(fund.donorIds, p).map(placeRef);
  }

  @FieldResolver(() => [Programme], {
    description: 'Programmes this fund finances.',
    deprecationReason: 'Use programmesConnection: keyset pages with cursors and totalCount.',
  })
  programmes(@Root() fund: Fund, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Programme[]> {
    return ctx.loaders.programmePagesByFund.slice(p, fund.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProgrammeConnection, {
    description: 'Programmes this fund finances, oldest first, a page at a time, with totalCount.',
  })
  programmesConnection(
    @Root() fund: Fund,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProgrammeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: ProgrammeFilter | null,
  ) {
    return filteredNestedConnection(ProgrammeConnection, () => ctx.loaders.programmePagesByFund, args, filter, {
      coordinate: 'Fund.programmesConnection',
      parentId: fund.id,
    });
  }

  // A fund is one mechanism across its editions (the EEA Grants carry programmes of 2009-2014 and of
  // 2014-2021), and a user looking it up expects one fund with the years of all its money, not one entry per
  // edition: so its period is the span of its programmes, whichever source wrote which. The edition of one
  // programme is on Programme.period. A fund with no programme keeps the period its curated record gives.
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Years its programmes span, first start to last end (2009-2021 for the EEA Grants, with programmes of 2009-2014 and 2014-2021); the recorded period when no programme gives years.',
  })
  async period(@Root() fund: Fund, @Ctx() ctx: Context): Promise<string | null> {
    const years = await ctx.loaders.programmeYearsByFund.load(fund.id);
    if (!years || years.first === null || years.last === null) return fund.period ?? null;
    return years.first === years.last ? String(years.first) : `${years.first}-${years.last}`;
  }

  @FieldResolver(() => [String])
  altNames(@Root() fund: Fund, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(fund.altNames, p);
  }
}
