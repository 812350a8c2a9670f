import { join } from 'node:path';
import { ConfigError, parseHmacSecret, parsePort, parseWholeNumber, repoRoot, SAFETY_DEFAULTS } from '@regiograph/lib';
import { UPSTREAM_DEFAULTS, type UpstreamOptions } from './upstream.js';

export const SUBGRAPH_NAMES = ['organisations', 'projects', 'funding', 'events', 'outcomes'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Every variable the gateway reads. */
export const GATEWAY_ENV_VARS = [
  'HOST',
  'PORT',
  'SUPERGRAPH_PATH',
  ...SUBGRAPH_NAMES.map((n) => `${n.toUpperCase()}_URL`),
  // Subgraph calls and shutdown (issue 7)
  'HMAC_SECRET',
  'REQUEST_DEADLINE_MS',
  'UPSTREAM_TIMEOUT_MS',
  'SHUTDOWN_DRAIN_MS',
];

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphPath: string;
  /** Where each subgraph answers, when not at the URL written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Signing, request deadline and subgraph-call timeout. */
  upstream: UpstreamOptions;
  shutdownDrainMs: number;
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
    // Loopback unless HOST says otherwise (compose sets 0.0.0.0 inside its network).
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT, 'PORT', 4000),
    supergraphPath: env.SUPERGRAPH_PATH || join(repoRoot(), 'schema', 'supergraph.graphql'),
    subgraphUrls,
    upstream: readUpstreamOptions(env),
    shutdownDrainMs: parseWholeNumber(env.SHUTDOWN_DRAIN_MS, 'SHUTDOWN_DRAIN_MS', SAFETY_DEFAULTS.shutdownDrainMs, 0),
  };
}

/** HMAC_SECRET, REQUEST_DEADLINE_MS, UPSTREAM_TIMEOUT_MS (the hub reads the same for its gateway). */
export function readUpstreamOptions(env: NodeJS.ProcessEnv = process.env): UpstreamOptions {
  return {
    hmacSecret: parseHmacSecret(env.HMAC_SECRET),
    requestDeadlineMs: parseWholeNumber(env.REQUEST_DEADLINE_MS, 'REQUEST_DEADLINE_MS', UPSTREAM_DEFAULTS.requestDeadlineMs),
    upstreamTimeoutMs: parseWholeNumber(env.UPSTREAM_TIMEOUT_MS, 'UPSTREAM_TIMEOUT_MS', UPSTREAM_DEFAULTS.upstreamTimeoutMs),
  };
}
