import { join } from 'node:path';
import { ConfigError, parsePort, readTelemetryConfig, repoRoot, TELEMETRY_ENV_VARS, type TelemetryConfig } from '@regiograph/lib';

export const SUBGRAPH_NAMES = ['organisations', 'projects', 'funding', 'events', 'outcomes'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Every variable the gateway reads. */
export const GATEWAY_ENV_VARS = [
  'HOST',
  'PORT',
  'SUPERGRAPH_PATH',
  ...SUBGRAPH_NAMES.map((n) => `${n.toUpperCase()}_URL`),
  ...TELEMETRY_ENV_VARS,
];

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphPath: string;
  /** Where each subgraph answers, when not at the URL written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  telemetry: TelemetryConfig;
}

/** The gateway's one reader of process.env. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const variable = `${name.toUpperCase()}_URL`;
    const value = env[variable];
    if (!value) continue;
    try {
      new URL(value);
    } catch {
      throw new ConfigError(`${variable} is not a valid URL: "${value}"`);
    }
    subgraphUrls[name] = value;
  }
  return {
    host: env.HOST || '0.0.0.0',
    port: parsePort(env.PORT, 'PORT', 4000),
    supergraphPath: env.SUPERGRAPH_PATH || join(repoRoot(), 'schema', 'supergraph.graphql'),
    subgraphUrls,
    telemetry: readTelemetryConfig(env),
  };
}
