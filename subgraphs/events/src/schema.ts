import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { coverage } from './coverage.js';
import { AgendaItem, Event, EventParticipant } from './event/event.entity.js';
import { AgendaItemResolver, EventParticipantResolver, EventResolver } from './event/event.resolver.js';
import { NetworkEventsResolver, NetworkRef } from './refs/network.ref.js';
import { OrganisationEventsResolver, OrganisationRef } from './refs/organisation.ref.js';
import { PlaceEventsResolver, PlaceRef } from './refs/place.ref.js';
import { ProjectEventsResolver, ProjectRef } from './refs/project.ref.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      coverage.CoverageFieldResolver,
      EventResolver,
      EventParticipantResolver,
      AgendaItemResolver,
      OrganisationEventsResolver,
      ProjectEventsResolver,
      NetworkEventsResolver,
      PlaceEventsResolver,
      sourcesResolver(Event),
      sourcesResolver(EventParticipant),
      sourcesResolver(AgendaItem),
    ],
    // Reachable from Event fields today, listed anyway so the stubs never vanish from the SDL.
    orphanedTypes: [coverage.Coverage, OrganisationRef, ProjectRef, NetworkRef, PlaceRef],
    referenceResolvers: {
      Coverage: (ref: { source: string }) => coverage.resolveReference(ref),
      Event: (ref: { id: string }, ctx) => ctx.loaders.event.load(ref.id),
    },
  });
  return built;
}
