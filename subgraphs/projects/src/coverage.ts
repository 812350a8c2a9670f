import { createCoverage } from '@regiograph/lib';
import { Project } from './project/project.entity.js';
import { Partnership } from './partnership/partnership.entity.js';

/** Coverage.projectFields: the fill rates of this subgraph's entity types, per source. */
// Nullable like every field one subgraph adds to another's entity: when this one is down, its rows are null.
export const coverage = createCoverage('projectFields', [Project, Partnership], { nullable: true });
