import { join } from 'node:path';
import {
  parseDatabaseUrl,
  parsePort,
  parseSeedMode,
  readTelemetryConfig,
  repoRoot,
  type SeedMode,
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
    telemetry: readTelemetryConfig(env),
  };
}
