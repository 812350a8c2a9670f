import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { coverage } from './coverage.js';
import { CoverageResolver } from './coverage.resolver.js';
import { Network, NetworkMember, NetworkPerson } from './network/network.entity.js';
import { NetworkMemberResolver, NetworkResolver } from './network/network.resolver.js';
import { OrganisationRecord } from './organisation/organisation-record.entity.js';
import { OrganisationNameResolver, OrganisationRecordResolver } from './organisation/organisation-record.resolver.js';
import { OrganisationName } from './organisation/organisation-name.js';
import { OrganisationIdentifier } from './organisation/organisation.entity.js';
import { OrganisationResolver } from './organisation/organisation.resolver.js';
import { Place, PlaceIdentifier, PlaceStatistic } from './place/place.entity.js';
import { PlaceResolver } from './place/place.resolver.js';
import { organisationStatisticsResolvers } from './statistics/statistics.resolver.js';
import { ChangesResolver } from './sync/changes.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      CoverageResolver,
      coverage.CoverageFieldResolver,
      PlaceResolver,
      ...organisationStatisticsResolvers,
      OrganisationResolver,
      OrganisationRecordResolver,
      OrganisationNameResolver,
      NetworkResolver,
      NetworkMemberResolver,
      // Organisation.sources is its own field resolver: it adds the citations of the records behind it.
      sourcesResolver(Place),
      sourcesResolver(PlaceIdentifier),
      sourcesResolver(PlaceStatistic),
      sourcesResolver(OrganisationIdentifier),
      sourcesResolver(OrganisationRecord),
      sourcesResolver(OrganisationName),
      sourcesResolver(Network),
      // Members and people in roles cite the articles that name them, like every other fact.
      sourcesResolver(NetworkMember),
      sourcesResolver(NetworkPerson),
      ChangesResolver,
    ],
    orphanedTypes: [coverage.Coverage],
    referenceResolvers: {
      Coverage: (ref: { source: string }) => coverage.resolveReference(ref),
      Place: (ref: { id: string }, ctx) => ctx.loaders.place.load(ref.id),
      Organisation: (ref: { id: string }, ctx) => ctx.loaders.organisation.load(ref.id),
      OrganisationRecord: (ref: { id: string }, ctx) => ctx.loaders.organisationRecord.load(ref.id),
      Network: (ref: { id: string }, ctx) => ctx.loaders.network.load(ref.id),
    },
  });
  return built;
}
