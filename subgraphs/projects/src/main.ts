// First: starts OpenTelemetry (when OTEL_* ask for it) before http and pg are loaded, so they are traced.
import '@regiograph/lib/telemetry-register';
import 'reflect-metadata';
import { runSubgraphMain } from '@regiograph/lib';
import { projects } from './subgraph.js';

void runSubgraphMain(projects);
