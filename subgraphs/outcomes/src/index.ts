export { outcomes } from './subgraph.js';
