import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  PAGE_SIZE,
  type PageArgs,
  SearchPage,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { ProjectConnection } from '../project/project-connection.js';
import type { Context } from '../context.js';
import { Project } from '../project/project.entity.js';
import { ProjectFilter } from '../project/project-filter.js';
import { ProgrammeRef } from './programme.ref.js';

const ProgrammePage = ConnectionPage(PAGE_SIZE.search);

@Resolver(() => ProgrammeRef)
export class ProgrammeProjectsResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description: 'Projects financed under the programme, by title; page with limit and offset.',
    deprecationReason: 'Use projectsConnection: keyset pages with cursors and totalCount.',
  })
  projects(@Root() programme: ProgrammeRef, @Ctx() ctx: Context, @Args(() => SearchPage) p: PageArgs): Promise<Project[]> {
    return ctx.loaders.projectPagesByProgramme.slice(p, programme.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.search))
  @FieldResolver(() => ProjectConnection, {
    nullable: true,
    description: 'Projects financed under the programme, by title then ID, a page at a time, with totalCount.',
  })
  projectsConnection(
    @Root() programme: ProgrammeRef,
    @Ctx() ctx: Context,
    @Args(() => ProgrammePage) args: ConnectionArgs,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Narrows the projects (AND across fields, OR within a list).' })
    filter?: ProjectFilter | null,
  ) {
    return filteredNestedConnection(ProjectConnection, () => ctx.loaders.projectPagesByProgramme, args, filter, {
      coordinate: 'Programme.projectsConnection',
      parentId: programme.id,
      defaultSize: PAGE_SIZE.search,
    });
  }
}
