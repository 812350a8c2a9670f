import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Event } from '../event/event.entity.js';

/** Stub of the Project another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Project')
export class ProjectRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => ProjectRef)
export class ProjectEventsResolver {
  @FieldResolver(() => [Event], { nullable: true, description: 'Events the project organised.' })
  async events(@Root() project: ProjectRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    return slicePage(await ctx.loaders.eventsByProject.load(project.id), p);
  }
}
