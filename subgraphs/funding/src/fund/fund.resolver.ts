import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { searchByName } from '@regiograph/lib';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Fund } from './fund.entity.js';

@Resolver(() => Fund)
export class FundResolver {
  @Query(() => [Fund], { description: 'Every fund, by name.' })
  funds(@Ctx() ctx: Context): Promise<Fund[]> {
    return ctx.em.find(Fund, {}, { orderBy: { name: 'asc' }, limit: 500 });
  }

  @Query(() => Fund, {
    nullable: true,
    description: 'One fund by ID, or the best match for a name, local name or acronym (case and diacritics ignored).',
  })
  async fund(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Fund | null> {
    if (id) return ctx.loaders.fund.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Fund, { name, limit: 1 });
    return best ?? null;
  }

  @FieldResolver(() => [PlaceRef], { description: 'The donor countries.' })
  donors(@Root() fund: Fund): PlaceRef[] {
    return fund.donorIds.map(placeRef);
  }

  @FieldResolver(() => [Programme], { description: 'Programmes this fund finances.' })
  programmes(@Root() fund: Fund, @Ctx() ctx: Context): Promise<Programme[]> {
    return ctx.loaders.programmesByFund.load(fund.id);
  }
}
