import { join } from 'node:path';
import {
  GATEWAY_POLICY_ENV_VARS,
  type GatewayLimits,
  type GatewaySafety,
  parseSwitch,
  readGatewayLimits,
  readGatewaySafety,
  readUpstreamOptions,
  UPSTREAM_ENV_VARS,
  type UpstreamOptions,
} from '@regiograph/gateway';
import {
  ConfigError,
  declaredEnv,
  parseDatabaseUrl,
  parsePort,
  parseSeedMode,
  readSubgraphSafety,
  readTelemetryConfig,
  repoRoot,
  SAFETY_ENV_VARS,
  type SeedMode,
  type SubgraphSafety,
  TELEMETRY_ENV_VARS,
  type TelemetryConfig,
} from '@regiograph/lib';

/** Every variable the hub reads (readHubConfig can read no other); `npm start` and the image's CMD run it. */
export const HUB_ENV_VARS = [
  'DATABASE_URL',
  'DATABASE_READ_URL',
  'PGLITE_DIR',
  'PGLITE_PORT',
  'GATEWAY_PORT',
  'SUBGRAPH_PORT_BASE',
  'SEED',
  'LOG_QUERIES',
  'PERSISTED_ONLY',
  'PERSISTED_OPERATIONS_PATH',
  'HOST',
  'LOAD_OPEN_DATA',
  ...GATEWAY_POLICY_ENV_VARS,
  ...SAFETY_ENV_VARS,
  ...UPSTREAM_ENV_VARS,
  ...TELEMETRY_ENV_VARS,
];

export interface HubConfig {
  /** A real PostgreSQL; when absent the hub starts an embedded PGlite. */
  databaseUrl?: string;
  /** A read replica of DATABASE_URL that serves the subgraphs' queries (DATABASE_READ_URL; only with DATABASE_URL). */
  databaseReadUrl?: string;
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
  /** LOAD_OPEN_DATA=1: on a first start (an empty database), load data/sources in the background. */
  loadOpenData: boolean;
}

/** DATABASE_READ_URL, which needs DATABASE_URL: the embedded PGlite has no replica. */
function readReplicaUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.DATABASE_READ_URL) return undefined;
  if (!env.DATABASE_URL)
    throw new ConfigError('DATABASE_READ_URL needs DATABASE_URL: it names a read replica of that server, and the embedded PGlite has none');
  return parseDatabaseUrl(env.DATABASE_READ_URL, 'DATABASE_READ_URL');
}

/** The hub's one reader of process.env. */
export function readHubConfig(processEnv: NodeJS.ProcessEnv = process.env): HubConfig {
  const env = declaredEnv(processEnv, HUB_ENV_VARS, 'readHubConfig');
  return {
    databaseUrl: env.DATABASE_URL ? parseDatabaseUrl(env.DATABASE_URL, 'DATABASE_URL') : undefined,
    databaseReadUrl: readReplicaUrl(env),
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
    loadOpenData: parseSwitch(env.LOAD_OPEN_DATA, 'LOAD_OPEN_DATA'),
  };
}
