import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { OrganisationRef } from './organisation.ref.js';

@Resolver(() => OrganisationRef)
export class OrganisationProjectsResolver {
  @FieldResolver(() => [Partnership], { nullable: true, description: 'Projects it takes part in, with its role in each.' })
  async partnerships(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.partnershipsByOrganisation.load(org.id), p);
  }

  @FieldResolver(() => [Project], { nullable: true, description: 'Projects it takes part in, in any role.' })
  async projects(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.projectsByOrganisation.load(org.id), p);
  }
}
