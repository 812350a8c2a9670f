import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { OrganisationRef } from './organisation.ref.js';

@Resolver(() => OrganisationRef)
export class OrganisationProjectsResolver {
  @FieldResolver(() => [Partnership], { description: 'Projects it takes part in, with its role in each.' })
  partnerships(@Root() org: OrganisationRef, @Ctx() ctx: Context) {
    return ctx.loaders.partnershipsByOrganisation.load(org.id);
  }

  @FieldResolver(() => [Project], { description: 'Projects it takes part in, in any role.' })
  projects(@Root() org: OrganisationRef, @Ctx() ctx: Context) {
    return ctx.loaders.projectsByOrganisation.load(org.id);
  }
}
