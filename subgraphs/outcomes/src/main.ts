import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { outcomes } from './subgraph.js';

void runSubgraphMain(outcomes);
