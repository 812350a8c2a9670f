import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { funding } from './subgraph.js';

void runSubgraphMain(funding);
