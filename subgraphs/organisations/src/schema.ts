import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { Network } from './network/network.entity.js';
import { NetworkMemberResolver, NetworkResolver } from './network/network.resolver.js';
import { Organisation } from './organisation/organisation.entity.js';
import { OrganisationResolver } from './organisation/organisation.resolver.js';
import { Place } from './place/place.entity.js';
import { PlaceResolver } from './place/place.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      PlaceResolver, OrganisationResolver, NetworkResolver, NetworkMemberResolver,
      sourcesResolver(Place), sourcesResolver(Organisation), sourcesResolver(Network),
    ],
    referenceResolvers: {
      Place: (ref: { id: string }, ctx) => ctx.loaders.place.load(ref.id),
      Organisation: (ref: { id: string }, ctx) => ctx.loaders.organisation.load(ref.id),
      Network: (ref: { id: string }, ctx) => ctx.loaders.network.load(ref.id),
    },
  });
  return built;
}
