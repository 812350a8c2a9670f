import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Project } from '../project/project.entity.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Partnership } from './partnership.entity.js';

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => Project)
  async project(@Root() partnership: Partnership, @Ctx() ctx: Context): Promise<Project> {
    const project = await ctx.loaders.project.load(partnership.projectId);
    if (!project) throw new Error(`partnership ${partnership.id} points at missing project ${partnership.projectId}`);
    return project;
  }

  @FieldResolver(() => OrganisationRef, {
    nullable: true,
    description: 'The partner organisation; null when the source names only its city or country.',
  })
  organisation(@Root() partnership: Partnership): OrganisationRef | null {
    return partnership.organisationId ? { id: partnership.organisationId } : null;
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'The partner’s city or region.' })
  place(@Root() partnership: Partnership): PlaceRef | null {
    return placeRef(partnership.placeId);
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'The partner’s country.' })
  country(@Root() partnership: Partnership): PlaceRef | null {
    return placeRef(partnership.countryId);
  }
}
