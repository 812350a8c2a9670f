export { projects } from './subgraph.js';
