import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { organisations } from './subgraph.js';

void runSubgraphMain(organisations);
