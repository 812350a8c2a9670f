import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { PlaceRef } from './place.ref.js';

@Resolver(() => PlaceRef)
export class PlaceProjectsResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description:
      'Projects with a partner located here (city, region or, for a country, the country), piloted in this country, or working in this place according to the open data.',
  })
  async projects(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    // Every project of each place in the batch is read (one statement), the answer is one page: a country has hundreds.
    return slicePage(await ctx.loaders.projectsByPlace.load(place.id), p);
  }

  @FieldResolver(() => [Partnership], {
    nullable: true,
    description: 'Partnerships located here: partners in this city or region or, for a country, in this country.',
  })
  async partnerships(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.partnershipsByPlace.load(place.id), p);
  }
}
