import { Arg, Args, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { cost, DetailPage, ListPage, type PageArgs, page, SEARCH_COST, searchByName, slicePage } from '@regiograph/lib';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Fund } from './fund.entity.js';

@Resolver(() => Fund)
export class FundResolver {
  @Query(() => [Fund], { description: 'Every fund, by name.' })
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

  @FieldResolver(() => [Programme], { description: 'Programmes this fund finances.' })
  async programmes(@Root() fund: Fund, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Programme[]> {
    // A programme lists its funds in an array, so the batch reads every programme of the funds asked (a
    // hundred at most today) and answers one page.
    return slicePage(await ctx.loaders.programmesByFund.load(fund.id), p);
  }

  @FieldResolver(() => [String])
  altNames(@Root() fund: Fund, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(fund.altNames, p);
  }
}
