export { events } from './subgraph.js';
