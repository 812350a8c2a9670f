import { page } from '@regiograph/lib';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Project } from '../project/project.entity.js';
import { ProgrammeRef } from './programme.ref.js';

@Resolver(() => ProgrammeRef)
export class ProgrammeProjectsResolver {
  @FieldResolver(() => [Project], { description: 'Projects financed under the programme, by title; page with limit and offset.' })
  projects(
    @Root() programme: ProgrammeRef,
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Project[]> {
    return ctx.loaders.projectsByProgramme(page(limit, offset)).load(programme.id);
  }
}
