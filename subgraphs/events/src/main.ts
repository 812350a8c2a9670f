import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { events } from './subgraph.js';

void runSubgraphMain(events);
