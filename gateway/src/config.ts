import { join } from 'node:path';
import {
  ConfigError,
  declaredEnv,
  parseHmacSecret,
  parsePort,
  parseWholeNumber,
  readTelemetryConfig,
  repoRoot,
  SAFETY_DEFAULTS,
  subgraphList,
  TELEMETRY_ENV_VARS,
  type TelemetryConfig,
} from '@regiograph/lib';
import { defaultPersistedOperationsPath } from './persisted.js';
import { UPSTREAM_DEFAULTS, type UpstreamOptions } from './upstream.js';

/** The subgraphs, from subgraphs.json (each has a `<NAME>_URL` variable). */
export const SUBGRAPH_NAMES: readonly string[] = subgraphList().map((s) => s.name);
export type SubgraphName = string;

/** What the gateway refuses before any subgraph is called (see gateway/src/limits.ts). */
export interface GatewayLimits {
  /** Nesting of fields, fragments flattened. */
  maxDepth: number;
  maxAliases: number;
  /** Lexical tokens of the document (names, punctuation, values). */
  maxTokens: number;
  maxDirectives: number;
  /** Field selections once every fragment spread is replaced by its fields. */
  maxFields: number;
  /** Estimated cost: every object a list may return counts, multiplied by the page sizes above it. */
  maxCost: number;
  /** Assumed page size of a list field that neither a slicing argument nor @listSize bounds. */
  defaultListSize: number;
  maxBodyBytes: number;
  /** The query document itself: a long string literal costs the planner and the subgraphs ~100x its size. */
  maxDocumentBytes: number;
  maxVariablesBytes: number;
}

/** Browser safety, production mode and error reporting (see gateway/src/security.ts and errors.ts). */
export interface GatewaySafety {
  /** NODE_ENV=production: introspection and suggestions off, the query plan only for the operator. */
  production: boolean;
  allowIntrospection: boolean;
  /** Token in `x-operator-token` that unlocks `x-query-plan: 1` in production; none: never. */
  operatorToken?: string;
  /** Origins whose pages may read answers; '*' (default): any origin, never with credentials. */
  corsOrigins: '*' | string[];
  /** Internal errors written to the log per minute; the rest are counted in one summary line. */
  errorLogPerMinute: number;
  /** How long /ready waits for each subgraph. */
  readyTimeoutMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 20,
  maxFields: 2000,
  maxCost: 5_000_000,
  defaultListSize: 20,
  maxBodyBytes: 1_048_576,
  maxDocumentBytes: 65_536,
  maxVariablesBytes: 65_536,
};

export const DEFAULT_SAFETY: GatewaySafety = {
  production: false,
  allowIntrospection: false,
  corsOrigins: '*',
  errorLogPerMinute: 20,
  readyTimeoutMs: 2000,
};

const LIMIT_VARIABLES: Record<keyof GatewayLimits, string> = {
  maxDepth: 'MAX_DEPTH',
  maxAliases: 'MAX_ALIASES',
  maxTokens: 'MAX_TOKENS',
  maxDirectives: 'MAX_DIRECTIVES',
  maxFields: 'MAX_FIELDS',
  maxCost: 'MAX_COST',
  defaultListSize: 'DEFAULT_LIST_SIZE',
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxDocumentBytes: 'MAX_DOCUMENT_BYTES',
  maxVariablesBytes: 'MAX_VARIABLES_BYTES',
};

/** The variables of readGatewaySafety. */
export const GATEWAY_SAFETY_ENV_VARS = [
  'NODE_ENV',
  'ALLOW_INTROSPECTION',
  'OPERATOR_TOKEN',
  'CORS_ORIGINS',
  'ERROR_LOG_PER_MINUTE',
  'READY_TIMEOUT_MS',
];

/** The variables behind GatewayLimits and GatewaySafety; the hub reads them too. */
export const GATEWAY_POLICY_ENV_VARS = [...Object.values(LIMIT_VARIABLES), ...GATEWAY_SAFETY_ENV_VARS];

/** The variables of readUpstreamOptions: signing, request deadline and subgraph-call timeout. */
export const UPSTREAM_ENV_VARS = ['HMAC_SECRET', 'REQUEST_DEADLINE_MS', 'UPSTREAM_TIMEOUT_MS'];

/** Every variable the gateway reads (readGatewayConfig can read no other). */
export const GATEWAY_ENV_VARS = [
  'HOST',
  'PORT',
  'SUPERGRAPH_PATH',
  ...SUBGRAPH_NAMES.map((n) => `${n.toUpperCase()}_URL`),
  // persisted operations (persisted.ts)
  'PERSISTED_ONLY',
  'PERSISTED_OPERATIONS_PATH',
  ...GATEWAY_POLICY_ENV_VARS,
  // Subgraph calls and shutdown (issue 7)
  ...UPSTREAM_ENV_VARS,
  'SHUTDOWN_DRAIN_MS',
  ...TELEMETRY_ENV_VARS,
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
  limits: GatewayLimits;
  safety: GatewaySafety;
  /** Signing, request deadline and subgraph-call timeout. */
  upstream: UpstreamOptions;
  shutdownDrainMs: number;
  telemetry: TelemetryConfig;
}

/** An on/off variable: unset, empty, `0` or `false` is off; `1` or `true` is on; anything else stops start-up. */
export function parseSwitch(value: string | undefined, variable: string): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${variable} must be 1 or 0 (true or false), got "${value}"`);
}

/** A whole number of at least 1 (0 would refuse everything; a limit is never switched off by a typo). */
export function parsePositiveInteger(value: string | undefined, variable: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new ConfigError(`${variable} must be a whole number of at least 1, got "${value}"`);
  }
  return number;
}

function parseOrigins(value: string | undefined): '*' | string[] {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return '*';
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An origin is scheme, host and port only, exactly as a browser sends it in the Origin header.
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS must be * or a comma-separated list of origins such as https://portal.example.org, got "${origin}"`,
      );
    }
  }
  return origins;
}

export function readGatewayLimits(processEnv: NodeJS.ProcessEnv = process.env): GatewayLimits {
  const env = declaredEnv(processEnv, Object.values(LIMIT_VARIABLES), 'readGatewayLimits');
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, variable] of Object.entries(LIMIT_VARIABLES) as Array<[keyof GatewayLimits, string]>) {
    limits[key] = parsePositiveInteger(env[variable], variable, DEFAULT_LIMITS[key]);
  }
  return limits;
}

export function readGatewaySafety(processEnv: NodeJS.ProcessEnv = process.env): GatewaySafety {
  const env = declaredEnv(processEnv, GATEWAY_SAFETY_ENV_VARS, 'readGatewaySafety');
  const operatorToken = env.OPERATOR_TOKEN || undefined;
  if (operatorToken !== undefined && operatorToken.length < 16) {
    throw new ConfigError('OPERATOR_TOKEN must be at least 16 characters long');
  }
  return {
    production: env.NODE_ENV === 'production',
    allowIntrospection: parseSwitch(env.ALLOW_INTROSPECTION, 'ALLOW_INTROSPECTION'),
    operatorToken,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    errorLogPerMinute: parsePositiveInteger(env.ERROR_LOG_PER_MINUTE, 'ERROR_LOG_PER_MINUTE', DEFAULT_SAFETY.errorLogPerMinute),
    readyTimeoutMs: parsePositiveInteger(env.READY_TIMEOUT_MS, 'READY_TIMEOUT_MS', DEFAULT_SAFETY.readyTimeoutMs),
  };
}

/** The gateway's one reader of process.env. */
export function readGatewayConfig(processEnv: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const env = declaredEnv(processEnv, GATEWAY_ENV_VARS, 'readGatewayConfig');
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
    telemetry: readTelemetryConfig(env),
    persistedOperationsPath: env.PERSISTED_OPERATIONS_PATH || defaultPersistedOperationsPath(),
    persistedOnly: parseSwitch(env.PERSISTED_ONLY, 'PERSISTED_ONLY'),
    limits: readGatewayLimits(env),
    safety: readGatewaySafety(env),
    upstream: readUpstreamOptions(env),
    shutdownDrainMs: parseWholeNumber(env.SHUTDOWN_DRAIN_MS, 'SHUTDOWN_DRAIN_MS', SAFETY_DEFAULTS.shutdownDrainMs, 0),
  };
}

/** HMAC_SECRET, REQUEST_DEADLINE_MS, UPSTREAM_TIMEOUT_MS (the hub reads the same for its gateway). */
export function readUpstreamOptions(processEnv: NodeJS.ProcessEnv = process.env): UpstreamOptions {
  const env = declaredEnv(processEnv, UPSTREAM_ENV_VARS, 'readUpstreamOptions');
  return {
    hmacSecret: parseHmacSecret(env.HMAC_SECRET),
    requestDeadlineMs: parseWholeNumber(env.REQUEST_DEADLINE_MS, 'REQUEST_DEADLINE_MS', UPSTREAM_DEFAULTS.requestDeadlineMs),
    upstreamTimeoutMs: parseWholeNumber(env.UPSTREAM_TIMEOUT_MS, 'UPSTREAM_TIMEOUT_MS', UPSTREAM_DEFAULTS.upstreamTimeoutMs),
  };
}
