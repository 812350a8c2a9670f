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
import { OutcomeFilter } from './outcome-filter.js';
import type { Context } from '../context.js';
import { EventRef } from '../refs/event.ref.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { Outcome } from './outcome.entity.js';
import { OutcomeConnection } from './outcome-connection.js';

// Fields this subgraph adds to entities other subgraphs own. Each goes through a per-request loader: one
// statement per batch of parents and page (the links of each parent cut to its page laterally, in keyset
// order), however many parents the gateway sends. Nullable: when this subgraph fails, the parent another
// subgraph owns still answers.

const NestedPage = ConnectionPage(PAGE_SIZE.list);
const DEPRECATED = 'Use outcomesConnection: keyset pages with cursors and totalCount.';

@Resolver(() => OrganisationRef)
export class OrganisationOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    nullable: true,
    description: 'Outcomes it produced, that are addressed to it, or that are about it.',
    deprecationReason: DEPRECATED,
  })
  outcomes(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description: 'Outcomes it produced, that are addressed to it, or that are about it, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByOrganisation, args, filter, {
      coordinate: 'Organisation.outcomesConnection',
      parentId: org.id,
    });
  }
}

@Resolver(() => PlaceRef)
export class PlaceOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes addressed to this place.', deprecationReason: DEPRECATED })
  outcomes(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description: 'Outcomes addressed to this place, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByPlace, args, filter, {
      coordinate: 'Place.outcomesConnection',
      parentId: place.id,
    });
  }
}

@Resolver(() => ProjectRef)
export class ProjectOutcomesResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'Outcomes the project produced.', deprecationReason: DEPRECATED })
  outcomes(@Root() project: ProjectRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByProject.slice(p, project.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description: 'Outcomes the project produced, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() project: ProjectRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByProject, args, filter, {
      coordinate: 'Project.outcomesConnection',
      parentId: project.id,
    });
  }
}

@Resolver(() => EventRef)
export class EventOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    nullable: true,
    description: 'Outcomes produced, presented or discussed at the event.',
    deprecationReason: DEPRECATED,
  })
  outcomes(@Root() event: EventRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByEvent.slice(p, event.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description: 'Outcomes produced, presented or discussed at the event, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() event: EventRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByEvent, args, filter, {
      coordinate: 'Event.outcomesConnection',
      parentId: event.id,
    });
  }
}

@Resolver(() => NetworkRef)
export class NetworkOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    nullable: true,
    description: 'Outcomes the network produced or that were presented within it.',
    deprecationReason: DEPRECATED,
  })
  outcomes(@Root() network: NetworkRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByNetwork.slice(p, network.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description: 'Outcomes the network produced or that were presented within it, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() network: NetworkRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByNetwork, args, filter, {
      coordinate: 'Network.outcomesConnection',
      parentId: network.id,
    });
  }
}

@Resolver(() => ProgrammeRef)
export class ProgrammeOutcomesResolver {
  @FieldResolver(() => [Outcome], {
    nullable: true,
    description:
      'Outcomes tied to the programme: results it reports (with indicator achievements) and recommendations addressed to it, e.g. for its next period.',
    deprecationReason: DEPRECATED,
  })
  outcomes(@Root() programme: ProgrammeRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.outcomePagesByProgramme.slice(p, programme.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OutcomeConnection, {
    nullable: true,
    description:
      'Outcomes tied to the programme: results it reports (with indicator achievements) and recommendations addressed to it, e.g. for its next period, oldest first, a page at a time, with totalCount.',
  })
  outcomesConnection(
    @Root() programme: ProgrammeRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return filteredNestedConnection(OutcomeConnection, () => ctx.loaders.outcomePagesByProgramme, args, filter, {
      coordinate: 'Programme.outcomesConnection',
      parentId: programme.id,
    });
  }
}
