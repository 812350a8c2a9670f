/**
 * The one reader of process.env for a subgraph service. Validated at start, with errors that name
 * the variable and never echo a password.
 */
export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  databaseUrl: string;
  logQueries: boolean;
  seed: SeedMode;
}

export class ConfigError extends Error {}

/** Every variable a subgraph service reads (all here but SEEDS_DIR, which paths.ts reads). */
export const SUBGRAPH_ENV_VARS = ['HOST', 'PORT', 'DATABASE_URL', 'LOG_QUERIES', 'SEED', 'SEEDS_DIR'] as const;

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

export function readSubgraphConfig(
  name: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): SubgraphConfig {
  return {
    name,
    host: env.HOST || '0.0.0.0',
    port: parsePort(env.PORT, 'PORT', defaultPort),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL, 'DATABASE_URL'),
    logQueries: env.LOG_QUERIES === '1' || env.LOG_QUERIES === 'true',
    seed: parseSeedMode(env.SEED),
  };
}
