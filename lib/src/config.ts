/**
 * The one reader of process.env for a subgraph service. Validated at start, with errors that name
 * the variable and never echo a password.
 */
export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  databaseUrl: string;
  /** A read replica (DATABASE_READ_URL) that serves every request's queries; migrations and seeds use databaseUrl. */
  databaseReadUrl?: string;
  logQueries: boolean;
  seed: SeedMode;
  /** Body limit, representation cap, HMAC secret, database timeouts and pool, shutdown drain. */
  safety: SubgraphSafety;
  telemetry: TelemetryConfig;
}

export class ConfigError extends Error {}

/**
 * The environment as one config reader sees it: only the variables of its list. Reading another throws at
 * once, so the list exported beside each reader (SUBGRAPH_ENV_VARS, GATEWAY_ENV_VARS, HUB_ENV_VARS, ...) is
 * the one source of what a service reads: test/docker-compose.test.ts checks docker-compose.yml and the
 * Dockerfile against what the readers read through it (`variablesRead`), never against a list of its own.
 */
export function declaredEnv(env: NodeJS.ProcessEnv, declared: readonly string[], reader: string): NodeJS.ProcessEnv {
  const allowed = new Set(declared);
  return new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string' && !allowed.has(key)) {
        throw new Error(`${reader} reads ${key}, which its list of variables does not name: add it there`);
      }
      return Reflect.get(target, key);
    },
  });
}

/** Runs a config reader on `env` and returns what it gives and the names of the variables it read. */
export function variablesRead<T>(reader: (env: NodeJS.ProcessEnv) => T, env: NodeJS.ProcessEnv): { result: T; read: Set<string> } {
  const read = new Set<string>();
  const recorder = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key);
    },
  });
  return { result: reader(recorder), read };
}

// --- Subgraph safety: limits, timeouts, the shared HMAC secret, shutdown (issue 7) ---

/** The variables of readSubgraphSafety; the hub reads the same ones for the subgraphs it runs. */
export const SAFETY_ENV_VARS = [
  'MAX_BODY_BYTES',
  'MAX_REPRESENTATIONS',
  'HMAC_SECRET',
  'DB_STATEMENT_TIMEOUT_MS',
  'DB_ACQUIRE_TIMEOUT_MS',
  'DB_POOL_SIZE',
  'SHUTDOWN_DRAIN_MS',
] as const;

export interface SubgraphSafety {
  /** Largest request body a subgraph reads; above it the answer is 413. */
  maxBodyBytes: number;
  /** Most representations one `_entities` call may carry, summed over its `_entities` fields. */
  maxRepresentations: number;
  /** When set, `_entities` and `_service` must carry the gateway's HMAC signature. */
  hmacSecret?: string;
  /** PostgreSQL `statement_timeout` of every session the subgraph opens. */
  statementTimeoutMs: number;
  /** How long a statement may wait for a connection of the pool. */
  acquireTimeoutMs: number;
  poolSize: number;
  /** How long SIGTERM/SIGINT waits for requests in flight before closing their connections. */
  shutdownDrainMs: number;
}

export const SAFETY_DEFAULTS: Omit<SubgraphSafety, 'hmacSecret'> = {
  maxBodyBytes: 1024 * 1024,
  // The largest batch docs/operations/ sends on the full open data is far below (see README, Configuration).
  maxRepresentations: 2000,
  statementTimeoutMs: 5000,
  acquireTimeoutMs: 2000,
  poolSize: 5,
  shutdownDrainMs: 10_000,
};

/** A whole number >= `min` (default 1); empty or unset gives `fallback`. Anything else names the variable. */
export function parseWholeNumber(value: string | undefined, variable: string, fallback: number, min = 1): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
    throw new ConfigError(`${variable} must be a whole number of at least ${min}, got "${value}"`);
  }
  return number;
}

/** HMAC_SECRET: unset means unsigned calls are accepted; a set one must be long enough not to be guessed. */
export function parseHmacSecret(value: string | undefined, variable = 'HMAC_SECRET'): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16) throw new ConfigError(`${variable} must be at least 16 characters long, got ${value.length}`);
  return value;
}

export function readSubgraphSafety(processEnv: NodeJS.ProcessEnv = process.env): SubgraphSafety {
  const env = declaredEnv(processEnv, SAFETY_ENV_VARS, 'readSubgraphSafety');
  const d = SAFETY_DEFAULTS;
  return {
    maxBodyBytes: parseWholeNumber(env.MAX_BODY_BYTES, 'MAX_BODY_BYTES', d.maxBodyBytes),
    maxRepresentations: parseWholeNumber(env.MAX_REPRESENTATIONS, 'MAX_REPRESENTATIONS', d.maxRepresentations),
    hmacSecret: parseHmacSecret(env.HMAC_SECRET),
    statementTimeoutMs: parseWholeNumber(env.DB_STATEMENT_TIMEOUT_MS, 'DB_STATEMENT_TIMEOUT_MS', d.statementTimeoutMs),
    acquireTimeoutMs: parseWholeNumber(env.DB_ACQUIRE_TIMEOUT_MS, 'DB_ACQUIRE_TIMEOUT_MS', d.acquireTimeoutMs),
    poolSize: parseWholeNumber(env.DB_POOL_SIZE, 'DB_POOL_SIZE', d.poolSize),
    shutdownDrainMs: parseWholeNumber(env.SHUTDOWN_DRAIN_MS, 'SHUTDOWN_DRAIN_MS', d.shutdownDrainMs, 0),
  };
}

// --- end of subgraph safety ---

// ---- Telemetry (traces, metrics, logs) ----
/**
 * The standard OpenTelemetry variables readTelemetryConfig reads to decide whether tracing is on, plus NODE_ENV
 * (JSON logs in production). The OpenTelemetry SDK reads these and the other OTEL_* variables itself
 * (OTEL_SDK_ENV_VARS, OTEL_BSP_*, OTEL_ATTRIBUTE_*, ...); these are checked here so a typo stops start-up with
 * one line instead of a diagnostic the SDK prints only with OTEL_LOG_LEVEL.
 */
export const TELEMETRY_ENV_VARS = [
  'NODE_ENV',
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_EXPORTER',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
] as const;

/** Some OpenTelemetry variables only the SDK reads, when tracing is on (not checked by readTelemetryConfig). */
export const OTEL_SDK_ENV_VARS = [
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_PROPAGATORS',
  'OTEL_BSP_SCHEDULE_DELAY',
] as const;

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface TelemetryConfig {
  /** Traces are recorded and exported: an OTLP endpoint or OTEL_TRACES_EXPORTER is set, OTEL_SDK_DISABLED is not true. */
  tracing: boolean;
  /** Where spans go: `otlp` (protocol below) and/or `console` (stdout, for debugging). */
  exporters: Array<'otlp' | 'console'>;
  protocol: OtlpProtocol;
  /** OTEL_SERVICE_NAME; without it the resource is named `regiograph` and spans carry `regiograph.service`. */
  serviceName?: string;
  /** One JSON log line per request (pino) instead of the quiet plain output: NODE_ENV=production. */
  jsonLogs: boolean;
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const PROTOCOLS: OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

function parseHttpUrl(value: string, variable: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${variable} must be an http:// or https:// URL, got "${value}"`);
  }
}

/** Reads the telemetry settings; tracing stays off (no SDK loaded) unless an exporter is configured. */
export function readTelemetryConfig(processEnv: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  const env = declaredEnv(processEnv, TELEMETRY_ENV_VARS, 'readTelemetryConfig');
  const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase();
  if (disabled && disabled !== 'true' && disabled !== 'false') {
    throw new ConfigError(`OTEL_SDK_DISABLED must be true or false, got "${env.OTEL_SDK_DISABLED}"`);
  }
  for (const variable of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const) {
    const value = env[variable]?.trim();
    if (value) parseHttpUrl(value, variable);
  }
  const protocolVariable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = (env[protocolVariable]?.trim() || 'http/protobuf') as OtlpProtocol;
  if (!PROTOCOLS.includes(protocol)) {
    throw new ConfigError(`${protocolVariable} must be one of ${PROTOCOLS.join(', ')}, got "${env[protocolVariable]}"`);
  }
  const names = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (name !== 'otlp' && name !== 'console' && name !== 'none') {
      throw new ConfigError(`OTEL_TRACES_EXPORTER must be otlp, console or none, got "${env.OTEL_TRACES_EXPORTER}"`);
    }
  }
  const sampler = env.OTEL_TRACES_SAMPLER?.trim();
  if (sampler && !SAMPLERS.includes(sampler)) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${sampler}"`);
  }
  const ratio = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (ratio && sampler?.endsWith('traceidratio')) {
    const value = Number(ratio);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number between 0 and 1, got "${ratio}"`);
    }
  }
  const endpoint = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
  let exporters: Array<'otlp' | 'console'> = names.length > 0 ? (names as Array<'otlp' | 'console'>) : endpoint ? ['otlp'] : [];
  if (names.includes('none')) exporters = [];
  return {
    tracing: disabled !== 'true' && exporters.length > 0,
    exporters: [...new Set(exporters)],
    protocol,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || undefined,
    jsonLogs: env.NODE_ENV === 'production',
  };
}
// ---- end of telemetry ----

/** Every variable readSubgraphConfig reads; a subgraph service reads SEEDS_DIR too (paths.ts). */
export const SUBGRAPH_ENV_VARS = [
  'HOST',
  'PORT',
  'DATABASE_URL',
  'DATABASE_READ_URL',
  'LOG_QUERIES',
  'SEED',
  ...SAFETY_ENV_VARS,
  ...TELEMETRY_ENV_VARS,
] as const;

export function parsePort(value: string | undefined, variable: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${variable} must be a port number between 0 and 65535, got "${value}"`);
  }
  return port;
}

export function parseDatabaseUrl(value: string | undefined, variable: string): string {
  if (!value) throw new ConfigError(`${variable} is not set: point it at PostgreSQL, e.g. postgres://user@host:5432/regiograph`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${variable} must start with postgres:// or postgresql://, got ${url.protocol}//`);
  }
  return value;
}

/** Removes passwords (in the user part or as a query parameter) from a database URL for logs and errors. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass(word)?$/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return '<unparseable URL>';
  }
}

export type SeedMode = 'if-empty' | 'always' | 'never';

/** SEED: `if-empty` (default) loads seeds/ into an empty database, `always` reloads them, `never` skips. */
export function parseSeedMode(value: string | undefined): SeedMode {
  const mode = value || 'if-empty';
  if (mode !== 'if-empty' && mode !== 'always' && mode !== 'never') {
    throw new ConfigError(`SEED must be if-empty, always or never, got "${value}"`);
  }
  return mode;
}

export function readSubgraphConfig(name: string, defaultPort: number, processEnv: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const env = declaredEnv(processEnv, SUBGRAPH_ENV_VARS, 'readSubgraphConfig');
  return {
    name,
    // A subgraph answers the gateway, not the world: loopback unless HOST says otherwise (compose sets 0.0.0.0).
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT, 'PORT', defaultPort),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL, 'DATABASE_URL'),
    databaseReadUrl: env.DATABASE_READ_URL ? parseDatabaseUrl(env.DATABASE_READ_URL, 'DATABASE_READ_URL') : undefined,
    logQueries: env.LOG_QUERIES === '1' || env.LOG_QUERIES === 'true',
    seed: parseSeedMode(env.SEED),
    safety: readSubgraphSafety(env),
    telemetry: readTelemetryConfig(env),
  };
}
