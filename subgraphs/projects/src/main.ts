import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { projects } from './subgraph.js';

void runSubgraphMain(projects);
