export { organisations } from './subgraph.js';
export { data, identifierKey, type ResolutionCounts } from './data/index.js';
export type * from './data/rows.js';
