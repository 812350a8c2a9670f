import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { EventRef } from '../refs/event.ref.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { Outcome } from './outcome.entity.js';

// Fields this subgraph adds to entities other subgraphs own. Each goes through a per-request loader:
// one select on outcome_link and one on outcome per batch, however many parents the gateway sends.

@Resolver(() => OrganisationRef)
export class OrganisationOutcomesResolver {
  @FieldResolver(() => [Outcome], { description: 'Outcomes it produced, that are addressed to it, or that are about it.' })
  outcomes(@Root() org: OrganisationRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByOrganisation.load(org.id);
  }
}

@Resolver(() => PlaceRef)
export class PlaceOutcomesResolver {
  @FieldResolver(() => [Outcome], { description: 'Outcomes addressed to this place.' })
  outcomes(@Root() place: PlaceRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByPlace.load(place.id);
  }
}

@Resolver(() => ProjectRef)
export class ProjectOutcomesResolver {
  @FieldResolver(() => [Outcome], { description: 'Outcomes the project produced.' })
  outcomes(@Root() project: ProjectRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByProject.load(project.id);
  }
}

@Resolver(() => EventRef)
export class EventOutcomesResolver {
  @FieldResolver(() => [Outcome], { description: 'Outcomes produced, presented or discussed at the event.' })
  outcomes(@Root() event: EventRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByEvent.load(event.id);
  }
}

@Resolver(() => NetworkRef)
export class NetworkOutcomesResolver {
  @FieldResolver(() => [Outcome], { description: 'Outcomes the network produced or that were presented within it.' })
  outcomes(@Root() network: NetworkRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByNetwork.load(network.id);
  }
}

@Resolver(() => ProgrammeRef)
export class ProgrammeOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    description: 'Outcomes tied to the programme: results it reports (with indicator achievements) and recommendations addressed to it, e.g. for its next period.',
  })
  outcomes(@Root() programme: ProgrammeRef, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByProgramme.load(programme.id);
  }
}
