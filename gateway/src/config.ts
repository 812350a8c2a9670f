import { join } from 'node:path';
import { ConfigError, parsePort, repoRoot } from '@regiograph/lib';
import { defaultPersistedOperationsPath } from './persisted.js';

export const SUBGRAPH_NAMES = ['organisations', 'projects', 'funding', 'events', 'outcomes'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Every variable the gateway reads. */
export const GATEWAY_ENV_VARS = [
  'HOST',
  'PORT',
  'SUPERGRAPH_PATH',
  ...SUBGRAPH_NAMES.map((n) => `${n.toUpperCase()}_URL`),
  // persisted operations (persisted.ts)
  'PERSISTED_ONLY',
  'PERSISTED_OPERATIONS_PATH',
];

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphPath: string;
  /** Where each subgraph answers, when not at the URL written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** The hash -> document manifest of persisted operations (`npm run compose` writes it). */
  persistedOperationsPath: string;
  /** Run only operations sent by hash (PERSISTED_ONLY=1). */
  persistedOnly: boolean;
}

/** An on/off variable: unset, empty, `0` or `false` is off; `1` or `true` is on; anything else stops start-up. */
export function parseSwitch(value: string | undefined, variable: string): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${variable} must be 1 or 0 (true or false), got "${value}"`);
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
    persistedOperationsPath: env.PERSISTED_OPERATIONS_PATH || defaultPersistedOperationsPath(),
    persistedOnly: parseSwitch(env.PERSISTED_ONLY, 'PERSISTED_ONLY'),
  };
}
