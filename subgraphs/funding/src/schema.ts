import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { coverage } from './coverage.js';
import { Allocation } from './allocation/allocation.entity.js';
import { AllocationResolver } from './allocation/allocation.resolver.js';
import { Fund } from './fund/fund.entity.js';
import { FundResolver } from './fund/fund.resolver.js';
import { Grant } from './grant/grant.entity.js';
import { GrantResolver } from './grant/grant.resolver.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';
import { ProgrammeParticipantResolver } from './participant/programme-participant.resolver.js';
import { Programme } from './programme/programme.entity.js';
import { ProgrammeResolver } from './programme/programme.resolver.js';
import { NetworkFundingResolver, NetworkRef } from './refs/network.ref.js';
import { OrganisationFundingResolver, OrganisationRef } from './refs/organisation.ref.js';
import { PlaceFundingResolver, PlaceRef } from './refs/place.ref.js';
import { ProjectFundingResolver, ProjectRef } from './refs/project.ref.js';
import { FundingFiguresResolver, fundingStatisticsResolvers } from './statistics/statistics.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      coverage.CoverageFieldResolver,
      FundResolver,
      ProgrammeResolver,
      FundingFiguresResolver,
      ...fundingStatisticsResolvers,
      GrantResolver,
      AllocationResolver,
      ProgrammeParticipantResolver,
      ProjectFundingResolver,
      NetworkFundingResolver,
      OrganisationFundingResolver,
      PlaceFundingResolver,
      sourcesResolver(Fund),
      sourcesResolver(Programme),
      sourcesResolver(Grant),
      sourcesResolver(Allocation),
      sourcesResolver(ProgrammeParticipant),
    ],
    // Stubs of other subgraphs' entities: listed so they stay in the SDL whatever queries reach them.
    orphanedTypes: [coverage.Coverage, PlaceRef, OrganisationRef, NetworkRef, ProjectRef],
    referenceResolvers: {
      Coverage: (ref: { source: string }) => coverage.resolveReference(ref),
      Fund: (ref: { id: string }, ctx) => ctx.loaders.fund.load(ref.id),
      Programme: (ref: { id: string }, ctx) => ctx.loaders.programme.load(ref.id),
      Grant: (ref: { id: string }, ctx) => ctx.loaders.grant.load(ref.id),
    },
  });
  return built;
}
