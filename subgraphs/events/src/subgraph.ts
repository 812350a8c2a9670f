import { SourceDocument, type SubgraphModule, subgraphPort } from '@regiograph/lib';
import { type Context, createContext } from './context.js';
import { AgendaItem, Event, EventParticipant } from './event/event.entity.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';
import { seedEvents } from './seed.js';

export const events: SubgraphModule<Context> = {
  name: 'events',
  defaultPort: subgraphPort('events'),
  entities: [SourceDocument, Event, EventParticipant, AgendaItem],
  migrations,
  buildSchema,
  createContext,
  isEmpty: async (orm) => (await orm.em.fork().count(Event, {})) === 0,
  seed: seedEvents,
};
