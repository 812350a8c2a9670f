import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { coverage } from './coverage.js';
import {
  EventOutcomesResolver,
  NetworkOutcomesResolver,
  OrganisationOutcomesResolver,
  PlaceOutcomesResolver,
  ProgrammeOutcomesResolver,
  ProjectOutcomesResolver,
} from './outcome/outcome-targets.resolver.js';
import { Outcome } from './outcome/outcome.entity.js';
import { OutcomeResolver } from './outcome/outcome.resolver.js';
import { EventRef } from './refs/event.ref.js';
import { NetworkRef } from './refs/network.ref.js';
import { OrganisationRef } from './refs/organisation.ref.js';
import { PlaceRef } from './refs/place.ref.js';
import { ProgrammeRef } from './refs/programme.ref.js';
import { ProjectRef } from './refs/project.ref.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      coverage.CoverageFieldResolver,
      OutcomeResolver,
      sourcesResolver(Outcome),
      OrganisationOutcomesResolver,
      PlaceOutcomesResolver,
      ProjectOutcomesResolver,
      EventOutcomesResolver,
      NetworkOutcomesResolver,
      ProgrammeOutcomesResolver,
    ],
    orphanedTypes: [coverage.Coverage, OrganisationRef, PlaceRef, ProjectRef, EventRef, NetworkRef, ProgrammeRef],
    referenceResolvers: {
      Coverage: (ref: { source: string }) => coverage.resolveReference(ref),
      Outcome: (ref: { id: string }, ctx) => ctx.loaders.outcome.load(ref.id),
    },
  });
  return built;
}
