import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Event } from '../event/event.entity.js';

/** Stub of the Organisation another subgraph owns: only its key lives here. */
@Directive('@key(fields: "id")')
@ObjectType('Organisation')
export class OrganisationRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => OrganisationRef)
export class OrganisationEventsResolver {
  @FieldResolver(() => [Event], {
    nullable: true,
    description: 'Events it hosted, took part in, presented at, or was presented or visited at.',
  })
  async events(@Root() organisation: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Event[]> {
    const links = await ctx.loaders.eventsByOrganisation.load(organisation.id);
    return slicePage(links, p).map((link) => link.event);
  }
}
