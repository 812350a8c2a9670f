import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { EventRef } from '../refs/event.ref.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { Outcome } from './outcome.entity.js';

// Fields this subgraph adds to entities other subgraphs own. Each goes through a per-request loader:
// one select on outcome_link and one on outcome per batch, however many parents the gateway sends; the
// answer is one page. Nullable: when this subgraph fails, the parent another subgraph owns still answers.

@Resolver(() => OrganisationRef)
export class OrganisationOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes it produced, that are addressed to it, or that are about it.' })
  async outcomes(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByOrganisation.load(org.id), p);
  }
}

@Resolver(() => PlaceRef)
export class PlaceOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes addressed to this place.' })
  async outcomes(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByPlace.load(place.id), p);
  }
}

@Resolver(() => ProjectRef)
export class ProjectOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes the project produced.' })
  async outcomes(@Root() project: ProjectRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByProject.load(project.id), p);
  }
}

@Resolver(() => EventRef)
export class EventOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes produced, presented or discussed at the event.' })
  async outcomes(@Root() event: EventRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByEvent.load(event.id), p);
  }
}

@Resolver(() => NetworkRef)
export class NetworkOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes the network produced or that were presented within it.' })
  async outcomes(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByNetwork.load(network.id), p);
  }
}

@Resolver(() => ProgrammeRef)
export class ProgrammeOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    nullable: true,
    description:
      'Outcomes tied to the programme: results it reports (with indicator achievements) and recommendations addressed to it, e.g. for its next period.',
  })
  async outcomes(@Root() programme: ProgrammeRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(await ctx.loaders.outcomesByProgramme.load(programme.id), p);
  }
}
