import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';

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
  @FieldResolver(() => [Grant], { nullable: true, description: 'Grants that co-finance the project, with their programme and funds.' })
  async funding(@Root() project: ProjectRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return slicePage(await ctx.loaders.grantsByProject.load(project.id), p);
  }
}
