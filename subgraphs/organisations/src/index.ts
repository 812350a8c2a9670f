export { organisations } from './subgraph.js';
