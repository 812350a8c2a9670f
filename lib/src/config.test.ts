import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  declaredEnv,
  parseDatabaseUrl,
  parsePort,
  parseSeedMode,
  readSubgraphConfig,
  readSubgraphSafety,
  redactUrl,
  SAFETY_DEFAULTS,
  SUBGRAPH_ENV_VARS,
  variablesRead,
} from './config.js';

describe('configuration', () => {
  it('never shows a password, whether in the user part or as a query parameter', () => {
    expect(redactUrl('postgres://bob:s3cret@db:5432/rg')).toBe('postgres://bob:***@db:5432/rg');
    const redacted = redactUrl('postgres://bob@db/rg?sslmode=require&password=s3cret&sslpassword=k3y');
    expect(redacted).not.toMatch(/s3cret|k3y/);
    expect(redacted).toContain('sslmode=require');
  });

  it('names the variable when a value is malformed', () => {
    expect(() => parsePort('four', 'GATEWAY_PORT', 4000)).toThrow(/GATEWAY_PORT must be a port number/);
    expect(() => parseDatabaseUrl('mysql://x', 'DATABASE_URL')).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => parseDatabaseUrl(undefined, 'DATABASE_URL')).toThrow(ConfigError);
    expect(() => parseSeedMode('alwayz')).toThrow('SEED must be if-empty, always or never, got "alwayz"');
    expect(parseSeedMode(undefined)).toBe('if-empty');
    expect(parsePort(undefined, 'PORT', 4001)).toBe(4001);
  });

  it('reads the limits, timeouts and pool of a subgraph with their defaults, and names a bad one', () => {
    expect(readSubgraphSafety({})).toEqual({ ...SAFETY_DEFAULTS, hmacSecret: undefined });
    expect(readSubgraphSafety({ DB_POOL_SIZE: '8', SHUTDOWN_DRAIN_MS: '0', HMAC_SECRET: 'x'.repeat(16) })).toMatchObject({
      poolSize: 8,
      shutdownDrainMs: 0,
      hmacSecret: 'x'.repeat(16),
    });
    expect(() => readSubgraphSafety({ DB_POOL_SIZE: '-1' })).toThrow('DB_POOL_SIZE must be a whole number of at least 1, got "-1"');
    expect(() => readSubgraphSafety({ DB_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/^DB_STATEMENT_TIMEOUT_MS must be/);
    expect(() => readSubgraphSafety({ MAX_BODY_BYTES: '0' })).toThrow(/^MAX_BODY_BYTES must be/);
    expect(() => readSubgraphSafety({ MAX_REPRESENTATIONS: '1e3' })).toThrow(/^MAX_REPRESENTATIONS must be/);
    expect(() => readSubgraphSafety({ SHUTDOWN_DRAIN_MS: '-5' })).toThrow(/^SHUTDOWN_DRAIN_MS must be/);
    expect(() => readSubgraphSafety({ HMAC_SECRET: 'short' })).toThrow('HMAC_SECRET must be at least 16 characters long, got 5');
  });

  it('binds a subgraph to the loopback interface unless HOST says otherwise', () => {
    const env = { DATABASE_URL: 'postgres://x@db/rg' };
    expect(readSubgraphConfig('projects', 4002, env).host).toBe('127.0.0.1');
    expect(readSubgraphConfig('projects', 4002, { ...env, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('lets a reader read only the variables of its list, and records what it read', () => {
    const env = declaredEnv({ PORT: '4002', GATEWAY_PORT: '4999' }, ['PORT'], 'someReader');
    expect(env.PORT).toBe('4002');
    expect(() => env.GATEWAY_PORT).toThrow('someReader reads GATEWAY_PORT, which its list of variables does not name');
    const { result, read } = variablesRead((e) => readSubgraphConfig('projects', 4002, e), {
      DATABASE_URL: 'postgres://x@db/rg',
      PORT: '4010',
      UNRELATED: 'x',
    });
    expect(result.port).toBe(4010);
    expect(read.has('PORT')).toBe(true);
    expect(read.has('UNRELATED')).toBe(false);
    expect([...read].sort()).toEqual([...SUBGRAPH_ENV_VARS].sort());
  });
});
