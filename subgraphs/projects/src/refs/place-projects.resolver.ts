import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { PlaceRef } from './place.ref.js';

@Resolver(() => PlaceRef)
export class PlaceProjectsResolver {
  @FieldResolver(() => [Project], {
    description:
      'Projects with a partner located here (city, region or, for a country, the country), piloted in this country, or working in this place according to the open data.',
  })
  projects(@Root() place: PlaceRef, @Ctx() ctx: Context) {
    return ctx.loaders.projectsByPlace.load(place.id);
  }

  @FieldResolver(() => [Partnership], {
    description: 'Partnerships located here: partners in this city or region or, for a country, in this country.',
  })
  partnerships(@Root() place: PlaceRef, @Ctx() ctx: Context) {
    return ctx.loaders.partnershipsByPlace.load(place.id);
  }
}
