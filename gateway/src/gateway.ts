import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { nameServicePort, SAFETY_DEFAULTS, trackRequests } from '@regiograph/lib';
import { DEFAULT_LIMITS, DEFAULT_SAFETY, type GatewayLimits, type GatewaySafety, type SubgraphName } from './config.js';
import { enumValuesOf, runtimeErrorOptions, useErrorHygiene, usePartialAnswers } from './errors.js';
import { explorerOptions, offlineGraphiQLRenderer } from './explorer.js';
import { buildCostModel, useLimits } from './limits.js';
import { defaultPersistedOperationsPath, loadPersistedManifest, persistedDocuments } from './persisted.js';
import { subgraphLocations, useSubgraphReadiness } from './readiness.js';
import { exposeQueryPlan, runtimeSafetyOptions, useArgumentTextCheck } from './security.js';
import {
  detachRuntimeSignalHandlers,
  UPSTREAM_DEFAULTS,
  type UpstreamOptions,
  upstreamPlugins,
  upstreamRuntimeOptions,
} from './upstream.js';
import { acceptRequestId, createGatewayTelemetry, type GatewayTelemetryOptions } from './telemetry.js';

export interface GatewayOptions {
  supergraphPath: string;
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  logging?: boolean;
  /** Persisted operations manifest (default schema/persisted-operations.json). */
  persistedOperationsPath?: string;
  /** Refuse every document not sent by hash (PERSISTED_ONLY=1); the explorer is then off, as it sends documents. */
  persistedOnly?: boolean;
  /** Limits and safety settings; what is not given takes the documented defaults (never process.env). */
  limits?: Partial<GatewayLimits>;
  safety?: Partial<GatewaySafety>;
  /** Subgraph-call signing and timeouts, request deadline (upstream.ts). */
  upstream?: Partial<UpstreamOptions>;
  /** Metrics, traces and request logs (see telemetry.ts). */
  telemetry?: GatewayTelemetryOptions;
}

/**
 * Hive Gateway's runtime with the Rust query planner (@graphql-hive/router-runtime) over the composed
 * supergraph file. Subgraph URLs can be overridden per deployment without recomposing.
 */
export function createGateway(options: GatewayOptions): GatewayRuntime {
  const supergraph = readFileSync(options.supergraphPath, 'utf8');
  // Hardening (issue 7: limits, partial answers, browser safety, error hygiene): see limits.ts, errors.ts,
  // security.ts and readiness.ts.
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const safety: GatewaySafety = { ...DEFAULT_SAFETY, ...options.safety };
  const costModel = buildCostModel(supergraph);
  const { upstreamTimeoutMs } = { ...UPSTREAM_DEFAULTS, ...options.upstream };
  const locations = subgraphLocations(supergraph, options.subgraphUrls);
  const manifest = loadPersistedManifest(options.persistedOperationsPath ?? defaultPersistedOperationsPath());
  const transportEntries = Object.fromEntries(Object.entries(options.subgraphUrls ?? {}).map(([name, location]) => [name, { location }]));
  const telemetry = createGatewayTelemetry(options.telemetry);
  return createGatewayRuntime({
    supergraph: () => supergraph,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    transportEntries,
    graphqlEndpoint: '/graphql',
    // Persisted operations by hash (Apollo's and GraphQL over HTTP's formats) and an explorer with them as
    // examples that needs no CDN: persisted.ts, explorer.ts.
    persistedDocuments: persistedDocuments({ manifest, persistedOnly: options.persistedOnly ?? false }),
    graphiql: options.persistedOnly ? false : explorerOptions(manifest.values()),
    renderGraphiQL: offlineGraphiQLRenderer(),
    landingPage: false,
    logging: telemetry.logging(options.logging ?? false, safety.errorLogPerMinute),
    healthCheckEndpoint: '/health',
    ...runtimeSafetyOptions(safety),
    ...runtimeErrorOptions({ upstreamTimeoutMs }),
    plugins: (context) => [
      useSubgraphReadiness({ endpoint: '/ready', locations, timeoutMs: safety.readyTimeoutMs }),
      ...useLimits(limits, costModel),
      useArgumentTextCheck(),
      usePartialAnswers({ upstreamTimeoutMs }),
      useErrorHygiene({ production: safety.production, enums: enumValuesOf(supergraph) }),
      // The Rust planner's plan for an operation, in `extensions.queryPlan`, when a client asks with `x-query-plan: 1`
      // (in production only with the operator token). useQueryPlan is typed with a looser context than
      // createGatewayRuntime expects; it reads none of it.
      useQueryPlan({ expose: exposeQueryPlan(safety) }) as never,
      // Request deadline and subgraph-call timeout, signed subgraph calls (upstream.ts).
      ...upstreamPlugins(options.upstream),
      // Metrics, traces, request log (telemetry.ts).
      ...telemetry.plugins(context),
    ],
    // The runtime's own check (supergraph loaded); /ready (above) checks the subgraphs.
    readinessCheckEndpoint: '/readiness',
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
  const server: Server = createServer((req, res) => {
    acceptRequestId(req);
    return runtime(req, res);
  });
  const requests = trackRequests(server);
  detachRuntimeSignalHandlers();
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
    async stop(drainMs = SAFETY_DEFAULTS.shutdownDrainMs) {
      await requests.drain(drainMs);
      await runtime[Symbol.asyncDispose]();
    },
  };
}
