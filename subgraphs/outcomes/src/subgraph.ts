import { SourceDocument, type SubgraphModule, subgraphPort } from '@regiograph/lib';
import { type Context, createContext } from './context.js';
import { migrations } from './migrations/index.js';
import { Outcome, OutcomeLink } from './outcome/outcome.entity.js';
import { buildSchema } from './schema.js';
import { seedOutcomes } from './seed.js';

export const outcomes: SubgraphModule<Context> = {
  name: 'outcomes',
  defaultPort: subgraphPort('outcomes'),
  entities: [SourceDocument, Outcome, OutcomeLink],
  migrations,
  buildSchema,
  createContext,
  isEmpty: async (orm) => (await orm.em.fork().count(Outcome, {})) === 0,
  seed: seedOutcomes,
};
