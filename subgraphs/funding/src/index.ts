export { funding } from './subgraph.js';
