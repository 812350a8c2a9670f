import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { SAFETY_DEFAULTS, trackRequests } from '@regiograph/lib';
import type { SubgraphName } from './config.js';
import { detachRuntimeSignalHandlers, type UpstreamOptions, upstreamPlugins, upstreamRuntimeOptions } from './upstream.js';

export interface GatewayOptions {
  supergraphPath: string;
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  logging?: boolean;
  /** Subgraph-call signing and timeouts, request deadline (upstream.ts). */
  upstream?: Partial<UpstreamOptions>;
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
  return createGatewayRuntime({
    supergraph: () => supergraph,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    transportEntries,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Regiograph' },
    landingPage: false,
    logging: options.logging ?? false,
    healthCheckEndpoint: '/health',
    // The Rust planner's plan for an operation, in `extensions.queryPlan`, when a client asks with `x-query-plan: 1`.
    // (useQueryPlan is typed with a looser context than createGatewayRuntime expects; it reads none of it.)
    plugins: () => [
      useQueryPlan({ expose: (request) => request.headers.get('x-query-plan') === '1' }) as never,
      ...upstreamPlugins(options.upstream),
    ],
    readinessCheckEndpoint: '/ready',
    ...upstreamRuntimeOptions(options.upstream),
  });
}

export interface RunningGateway {
  url: string;
  port: number;
  runtime: GatewayRuntime;
  /** Stops accepting and waits up to `drainMs` (default SHUTDOWN_DRAIN_MS's) for the requests in flight. */
  stop(drainMs?: number): Promise<void>;
}

export async function listenGateway(runtime: GatewayRuntime, port: number, host = '127.0.0.1'): Promise<RunningGateway> {
  const server: Server = createServer(runtime);
  const requests = trackRequests(server);
  detachRuntimeSignalHandlers();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`gateway: port ${port} is already in use (set GATEWAY_PORT or PORT)`) : error);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://localhost:${actual}/graphql`,
    runtime,
    async stop(drainMs = SAFETY_DEFAULTS.shutdownDrainMs) {
      await requests.drain(drainMs);
      await runtime[Symbol.asyncDispose]();
    },
  };
}
