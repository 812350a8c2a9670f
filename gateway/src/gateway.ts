import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { nameServicePort } from '@regiograph/lib';
import type { SubgraphName } from './config.js';
import { acceptRequestId, createGatewayTelemetry, type GatewayTelemetryOptions } from './telemetry.js';

export interface GatewayOptions {
  supergraphPath: string;
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  logging?: boolean;
  /** Metrics, traces and request logs (see telemetry.ts). */
  telemetry?: GatewayTelemetryOptions;
}

/**
 * Hive Gateway's runtime with the Rust query planner (@graphql-hive/router-runtime) over the composed
 * supergraph file. Subgraph URLs can be overridden per deployment without recomposing.
 */
export function createGateway(options: GatewayOptions): GatewayRuntime {
  const supergraph = readFileSync(options.supergraphPath, 'utf8');
  const transportEntries = Object.fromEntries(
    Object.entries(options.subgraphUrls ?? {}).map(([name, location]) => [name, { location }]),
  );
  const telemetry = createGatewayTelemetry(options.telemetry);
  return createGatewayRuntime({
    supergraph: () => supergraph,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    transportEntries,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Regiograph' },
    landingPage: false,
    logging: telemetry.logging(options.logging ?? false),
    healthCheckEndpoint: '/health',
    // The Rust planner's plan for an operation, in `extensions.queryPlan`, when a client asks with `x-query-plan: 1`.
    // (useQueryPlan is typed with a looser context than createGatewayRuntime expects; it reads none of it.)
    plugins: (context) => [
      useQueryPlan({ expose: (request) => request.headers.get('x-query-plan') === '1' }) as never,
      ...telemetry.plugins(context),
    ],
    readinessCheckEndpoint: '/ready',
  });
}

export interface RunningGateway {
  url: string;
  port: number;
  runtime: GatewayRuntime;
  stop(): Promise<void>;
}

export async function listenGateway(runtime: GatewayRuntime, port: number, host = '0.0.0.0'): Promise<RunningGateway> {
  const server: Server = createServer((req, res) => {
    acceptRequestId(req);
    return runtime(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`gateway: port ${port} is already in use (set GATEWAY_PORT or PORT)`) : error);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  nameServicePort(actual, 'gateway');
  return {
    port: actual,
    url: `http://localhost:${actual}/graphql`,
    runtime,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime[Symbol.asyncDispose]();
    },
  };
}
