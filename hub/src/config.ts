import { join } from 'node:path';
import {
  type GatewayLimits,
  type GatewaySafety,
  parseSwitch,
  readGatewayLimits,
  readGatewaySafety,
  readUpstreamOptions,
  type UpstreamOptions,
} from '@regiograph/gateway';
import {
  parseDatabaseUrl,
  parsePort,
  parseSeedMode,
  readSubgraphSafety,
  readTelemetryConfig,
  repoRoot,
  type SeedMode,
  type SubgraphSafety,
  type TelemetryConfig,
} from '@regiograph/lib';

export interface HubConfig {
  /** A real PostgreSQL; when absent the hub starts an embedded PGlite. */
  databaseUrl?: string;
  pgliteDir: string;
  pglitePort: number;
  gatewayPort: number;
  subgraphPortBase: number;
  seed: SeedMode;
  logQueries: boolean;
  /** The gateway runs only persisted operations (PERSISTED_ONLY=1). */
  persistedOnly: boolean;
  /** Another persisted-operations manifest (PERSISTED_OPERATIONS_PATH), as for the gateway alone. */
  persistedOperationsPath?: string;
  /** The gateway's limits and safety settings: the same variables as the gateway alone reads. */
  gatewayLimits: GatewayLimits;
  gatewaySafety: GatewaySafety;
  /** Interface of the gateway (HOST, default loopback); the subgraphs always listen on 127.0.0.1. */
  host: string;
  /** The subgraphs' limits, database timeouts and pool, the HMAC secret (random per start when unset), drain. */
  safety: SubgraphSafety;
  upstream: UpstreamOptions;
  telemetry: TelemetryConfig;
}

/** The hub's one reader of process.env. */
export function readHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return {
    databaseUrl: env.DATABASE_URL ? parseDatabaseUrl(env.DATABASE_URL, 'DATABASE_URL') : undefined,
    pgliteDir: env.PGLITE_DIR || join(repoRoot(), '.data', 'pglite'),
    pglitePort: parsePort(env.PGLITE_PORT, 'PGLITE_PORT', 54320),
    gatewayPort: parsePort(env.GATEWAY_PORT, 'GATEWAY_PORT', 4000),
    subgraphPortBase: parsePort(env.SUBGRAPH_PORT_BASE, 'SUBGRAPH_PORT_BASE', 4001),
    seed: parseSeedMode(env.SEED),
    logQueries: env.LOG_QUERIES === '1' || env.LOG_QUERIES === 'true',
    persistedOnly: parseSwitch(env.PERSISTED_ONLY, 'PERSISTED_ONLY'),
    persistedOperationsPath: env.PERSISTED_OPERATIONS_PATH || undefined,
    gatewayLimits: readGatewayLimits(env),
    gatewaySafety: readGatewaySafety(env),
    host: env.HOST || '127.0.0.1',
    safety: readSubgraphSafety(env),
    upstream: readUpstreamOptions(env),
    telemetry: readTelemetryConfig(env),
  };
}
