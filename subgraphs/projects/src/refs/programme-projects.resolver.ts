import { type PageArgs, SearchPage } from '@regiograph/lib';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Project } from '../project/project.entity.js';
import { ProgrammeRef } from './programme.ref.js';

@Resolver(() => ProgrammeRef)
export class ProgrammeProjectsResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description: 'Projects financed under the programme, by title; page with limit and offset.',
  })
  projects(@Root() programme: ProgrammeRef, @Ctx() ctx: Context, @Args(() => SearchPage) p: PageArgs): Promise<Project[]> {
    return ctx.loaders.projectsByProgramme(p).load(programme.id);
  }
}
