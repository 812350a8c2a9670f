import { describe, expect, it } from 'vitest';
import { ConfigError, parseDatabaseUrl, parsePort, parseSeedMode, redactUrl } from './config.js';

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
});
