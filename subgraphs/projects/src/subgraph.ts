import { PlaceFact, SourceDocument, type SubgraphModule, subgraphPort } from '@regiograph/lib';
import { type Context, createContext } from './context.js';
import { migrations } from './migrations/index.js';
import { Partnership } from './partnership/partnership.entity.js';
import { Project } from './project/project.entity.js';
import { buildSchema } from './schema.js';
import { seedProjects } from './seed.js';
import { PartnershipFact, ProjectFact, ProjectRollup } from './statistics/statistics.entity.js';

export const projects: SubgraphModule<Context> = {
  name: 'projects',
  defaultPort: subgraphPort('projects'),
  entities: [SourceDocument, Project, Partnership, PlaceFact, ProjectFact, PartnershipFact, ProjectRollup],
  migrations,
  buildSchema,
  createContext,
  isEmpty: async (orm) => (await orm.em.fork().count(Project, {})) === 0,
  seed: seedProjects,
};
