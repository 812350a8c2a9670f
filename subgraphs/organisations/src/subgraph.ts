import { PlaceFact, SourceDocument, type SubgraphModule, subgraphPort } from '@regiograph/lib';
import { type Context, createContext } from './context.js';
import { migrations } from './migrations/index.js';
import { Network, NetworkMember, NetworkPerson } from './network/network.entity.js';
import { OrganisationRecord } from './organisation/organisation-record.entity.js';
import { Organisation, OrganisationIdentifier } from './organisation/organisation.entity.js';
import { Place, PlaceIdentifier, PlaceStatistic } from './place/place.entity.js';
import { buildSchema } from './schema.js';
import { seedOrganisations } from './seed.js';
import { OrganisationFact } from './statistics/statistics.entity.js';

export const organisations: SubgraphModule<Context> = {
  name: 'organisations',
  defaultPort: subgraphPort('organisations'),
  entities: [
    SourceDocument,
    Place,
    PlaceIdentifier,
    PlaceStatistic,
    Organisation,
    OrganisationIdentifier,
    OrganisationRecord,
    Network,
    NetworkMember,
    NetworkPerson,
    PlaceFact,
    OrganisationFact,
  ],
  migrations,
  buildSchema,
  createContext,
  isEmpty: async (orm) => (await orm.em.fork().count(Place, {})) === 0,
  seed: seedOrganisations,
};
