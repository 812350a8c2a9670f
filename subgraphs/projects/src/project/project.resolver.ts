import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { page, searchByName } from '@regiograph/lib';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { PlaceRef } from '../refs/place.ref.js';
import { Project } from './project.entity.js';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, {
    nullable: true,
    description: 'One project by ID, or the best match for an acronym, code or title (case and diacritics ignored).',
  })
  async project(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Project | null> {
    if (id) return ctx.loaders.project.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Project, { name, orderBy: 't.title', limit: 1 });
    return best ?? null;
  }

  @Query(() => [Project], { description: 'Projects whose acronym, code or title contains the text; with no name, all, by title.' })
  async projects(
    @Ctx() ctx: Context,
    @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Project[]> {
    const paging = page(limit, offset);
    if (name) return searchByName(ctx.em, Project, { name, orderBy: 't.title', ...paging });
    return ctx.em.find(Project, {}, { orderBy: { title: 'asc', id: 'asc' }, ...paging });
  }

  @FieldResolver(() => [PlaceRef], { description: 'Countries involved: partners’ countries and pilot countries.' })
  countries(@Root() project: Project): PlaceRef[] {
    return project.countryIds.map((id) => ({ id }));
  }

  @FieldResolver(() => [Partnership], { description: 'Partners and their roles, lead partner first.' })
  partnerships(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.loaders.partnershipsByProject.load(project.id);
  }
}
