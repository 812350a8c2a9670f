export { projects } from './subgraph.js';
export { data, type DerivedInput } from './data/index.js';
export type * from './data/rows.js';
