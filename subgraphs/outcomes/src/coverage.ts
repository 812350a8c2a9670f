import { createCoverage } from '@regiograph/lib';
import { Outcome } from './outcome/outcome.entity.js';

/** Coverage.outcomeFields: the fill rates of this subgraph's entity types, per source. */
// Nullable like every field one subgraph adds to another's entity: when this one is down, its rows are null.
export const coverage = createCoverage('outcomeFields', [Outcome], { nullable: true });
