import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  ListPage,
  nestedConnection,
  PAGE_SIZE,
  type PageArgs,
} from '@regiograph/lib';
import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { PartnershipConnection, ProjectConnection } from '../project/project-connection.js';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
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
  partnershipsConnection(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => NestedPage) args: ConnectionArgs) {
    return nestedConnection(PartnershipConnection, () => ctx.loaders.partnershipPagesByOrganisation, args, {
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
  projectsConnection(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => NestedPage) args: ConnectionArgs) {
    return nestedConnection(ProjectConnection, () => ctx.loaders.projectPagesByOrganisation, args, {
      coordinate: 'Organisation.projectsConnection',
      parentId: org.id,
    });
  }
}
