import {
  ListPage,
  type PageArgs,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  PAGE_SIZE,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { GrantFilter } from '../filters.js';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';
import { GrantConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/** A project owned by the projects subgraph. */
@Directive('@key(fields: "id")')
@ObjectType('Project')
export class ProjectRef {
  @Field(() => ID)
  id!: string;
}

export const projectRef = (id: string): ProjectRef => ({ id });

@Resolver(() => ProjectRef)
export class ProjectFundingResolver {
  @FieldResolver(() => [Grant], {
    nullable: true,
    description: 'Grants that co-finance the project, with their programme and funds.',
    deprecationReason: 'Use fundingConnection: keyset pages with cursors and totalCount.',
  })
  funding(@Root() project: ProjectRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return ctx.loaders.grantPagesByProject.slice(p, project.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => GrantConnection, {
    nullable: true,
    description: 'Grants that co-finance the project, by ID, a page at a time, with totalCount.',
  })
  fundingConnection(
    @Root() project: ProjectRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: GrantFilter | null,
  ) {
    return filteredNestedConnection(GrantConnection, () => ctx.loaders.grantPagesByProject, args, filter, {
      coordinate: 'Project.fundingConnection',
      parentId: project.id,
    });
  }
}
