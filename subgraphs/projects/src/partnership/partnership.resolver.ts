import { Money, money } from '@regiograph/lib';
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

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'The partner’s budget in the project, exact, with its currency; null when the source gives none (keep.eu’s "0.00" included).',
  })
  partnerBudget(@Root() partnership: Partnership): Money | null {
    return money(partnership.budget, partnership.currency);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Programme co-financing of the partner’s budget, exact, with its currency; null when unknown.',
  })
  coFinanced(@Root() partnership: Partnership): Money | null {
    return money(partnership.coFinancing, partnership.currency);
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
