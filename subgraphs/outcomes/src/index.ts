export { outcomes } from './subgraph.js';
export { data } from './data/index.js';
export type * from './data/rows.js';
