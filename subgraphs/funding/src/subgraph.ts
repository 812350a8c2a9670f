import { PlaceFact, SourceDocument, type SubgraphModule, subgraphPort } from '@regiograph/lib';
import { type Context, createContext } from './context.js';
import { Allocation } from './allocation/allocation.entity.js';
import { Fund } from './fund/fund.entity.js';
import { Grant } from './grant/grant.entity.js';
import { migrations } from './migrations/index.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';
import { Programme } from './programme/programme.entity.js';
import { buildSchema } from './schema.js';
import { seedFunding } from './seed.js';
import { FundingFact } from './statistics/statistics.entity.js';

export const funding: SubgraphModule<Context> = {
  name: 'funding',
  defaultPort: subgraphPort('funding'),
  entities: [SourceDocument, Fund, Programme, Grant, Allocation, ProgrammeParticipant, PlaceFact, FundingFact],
  migrations,
  buildSchema,
  createContext,
  isEmpty: async (orm) => (await orm.em.fork().count(Fund, {})) === 0,
  seed: seedFunding,
};
