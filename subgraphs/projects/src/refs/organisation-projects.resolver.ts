import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  ListPage,
  filteredNestedConnection,
  PAGE_SIZE,
  type PageArgs,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { PartnershipConnection, ProjectConnection } from '../project/project-connection.js';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { ProjectFilter } from '../project/project-filter.js';
import { PartnershipFilter } from '../partnership/partnership-filter.js';
import { OrganisationRef } from './organisation.ref.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

@Resolver(() => OrganisationRef)
export class OrganisationProjectsResolver {
  @FieldResolver(() => [Partnership], {
    nullable: true,
    description: 'Projects it takes part in, with its role in each, by project.',
    deprecationReason: 'Use partnershipsConnection: keyset pages with cursors and totalCount.',
  })
  partnerships(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.partnershipPagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => PartnershipConnection, {
    nullable: true,
    description: 'Projects it takes part in, with its role in each, by project then ID, a page at a time, with totalCount.',
  })
  partnershipsConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => PartnershipFilter, {
      nullable: true,
      description: 'Narrows the partnerships (AND across fields, OR within a list).',
    })
    filter?: PartnershipFilter | null,
  ) {
    return filteredNestedConnection(PartnershipConnection, () => ctx.loaders.partnershipPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.partnershipsConnection',
      parentId: org.id,
    });
  }

  @FieldResolver(() => [Project], {
    nullable: true,
    description: 'Projects it takes part in, in any role, by title.',
    deprecationReason: 'Use projectsConnection: keyset pages with cursors and totalCount.',
  })
  projects(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.projectPagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProjectConnection, {
    nullable: true,
    description: 'Projects it takes part in, in any role, by title then ID, a page at a time, with totalCount.',
  })
  projectsConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Narrows the projects (AND across fields, OR within a list).' })
    filter?: ProjectFilter | null,
  ) {
    return filteredNestedConnection(ProjectConnection, () => ctx.loaders.projectPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.projectsConnection',
      parentId: org.id,
    });
  }
}
