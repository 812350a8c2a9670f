import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
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
  @FieldResolver(() => [Event], { description: 'Events the project organised.' })
  events(@Root() project: ProjectRef, @Ctx() ctx: Context): Promise<Event[]> {
    return ctx.loaders.eventsByProject.load(project.id);
  }
}
