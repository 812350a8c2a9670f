import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGatewayConfig } from '@regiograph/gateway';
import { readSubgraphConfig, variablesRead } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { compose, imageEnv, interpolate, scaledCompose } from './support/compose.js';

// docker-compose.scale.yml, checked statically as docker-compose.test.ts checks the base file (no Docker engine
// runs here): laid over docker-compose.yml by Compose's merge rules, each service's environment goes through its
// own config reader, and every file it mounts from the repository is there and does what the comments say.
const root = join(__dirname, '..');
const { services, volumes, override } = scaledCompose();
const envOf = (name: string) => ({
  ...imageEnv,
  ...Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))])),
});
/** The host file behind a `./path:/in/container[:ro]` volume of a service, and where it is mounted. */
function mounts(name: string): Array<{ host: string; target: string }> {
  return (services[name]?.volumes ?? [])
    .filter((v) => v.startsWith('./'))
    .map((v) => {
      const [host, target] = v.split(':');
      return { host: join(root, host as string), target: target as string };
    });
}

describe('docker-compose.scale.yml over docker-compose.yml', () => {
  it('serves every subgraph from the read replica and writes to the primary, with two replicas each', () => {
    const primary = services.postgres?.environment ?? {};
    for (const module of SUBGRAPHS) {
      const { result, read } = variablesRead((e) => readSubgraphConfig(module.name, module.defaultPort, e), envOf(module.name));
      expect(read.has('DATABASE_READ_URL'), module.name).toBe(true);
      expect(new URL(result.databaseUrl).hostname).toBe('postgres');
      const replica = new URL(result.databaseReadUrl ?? 'postgres://missing');
      expect(replica.hostname, module.name).toBe('postgres-replica');
      expect([replica.username, replica.password, replica.pathname]).toEqual([
        primary.POSTGRES_USER,
        primary.POSTGRES_PASSWORD,
        `/${primary.POSTGRES_DB}`,
      ]);
      expect(services[module.name]?.deploy?.replicas, module.name).toBeGreaterThanOrEqual(2);
      expect(services[module.name]?.depends_on?.['postgres-replica']?.condition).toBe('service_healthy');
      // The override adds to the base service; it keeps its command, health check and unpublished port.
      expect(services[module.name]?.command).toEqual(['node', `subgraphs/${module.name}/dist/main.js`]);
      expect(services[module.name]?.ports).toBeUndefined();
    }
    // The ingest tool writes, so it stays on the primary.
    expect(new URL(envOf('ingest').DATABASE_URL ?? '').hostname).toBe('postgres');
    expect(envOf('ingest').DATABASE_READ_URL).toBeUndefined();
  });

  it('runs two gateway replicas that publish nothing, behind one load balancer on the published port', () => {
    const gateway = readGatewayConfig(envOf('gateway'));
    expect(services.gateway?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.gateway?.ports ?? []).toEqual([]);
    const published = Object.entries(services).filter(([, s]) => (s.ports ?? []).length > 0);
    expect(published.map(([name, s]) => [name, s.ports])).toEqual([['gateway-lb', [`${gateway.port}:4000`]]]);
    const [conf] = mounts('gateway-lb');
    expect(conf?.target).toBe('/etc/nginx/nginx.conf');
    const nginx = readFileSync(conf?.host ?? '', 'utf8');
    expect(nginx).toMatch(new RegExp(`server gateway:${gateway.port};`));
    expect(nginx).toMatch(/listen 4000;/);
    expect(nginx).toMatch(/proxy_pass http:\/\/gateways;/);
    expect(services['gateway-lb']?.healthcheck?.test.join(' ')).toContain('127.0.0.1:4000/health');
  });

  it('starts the replica from a base backup of the primary, which lets replication connections in', () => {
    const replica = services['postgres-replica'];
    const primary = services.postgres?.environment ?? {};
    expect(replica?.image).toBe(services.postgres?.image);
    expect(replica?.environment?.PRIMARY_HOST).toBe('postgres');
    expect([replica?.environment?.POSTGRES_USER, replica?.environment?.POSTGRES_PASSWORD]).toEqual([
      primary.POSTGRES_USER,
      primary.POSTGRES_PASSWORD,
    ]);
    const entry = mounts('postgres-replica').find((m) => m.target === replica?.entrypoint?.[0]);
    expect(entry, 'the entrypoint is a mounted repository file').toBeDefined();
    const script = readFileSync(entry?.host ?? '', 'utf8');
    accessSync(entry?.host ?? '', constants.X_OK);
    execFileSync('sh', ['-n', entry?.host ?? '']);
    expect(script).toMatch(/pg_basebackup[\s\S]*--host="\$\{PRIMARY_HOST\}"[\s\S]*--write-recovery-conf/);
    expect(script).toMatch(/exec docker-entrypoint\.sh postgres\s*$/);
    expect(replica?.volumes?.some((v) => v.startsWith('pgdata-replica:'))).toBe(true);
    expect(volumes).toHaveProperty('pgdata-replica');

    const init = mounts('postgres').find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    expect(init).toBeDefined();
    execFileSync('sh', ['-n', init?.host ?? '']);
    expect(readFileSync(init?.host ?? '', 'utf8')).toMatch(/host replication \$\{POSTGRES_USER\} all scram-sha-256/);
  });

  it('mounts only files the repository has, and adds no service the base file lacks but the replica and the balancer', () => {
    for (const name of Object.keys(services)) for (const m of mounts(name)) expect(existsSync(m.host), m.host).toBe(true);
    expect(
      Object.keys(override.services)
        .filter((n) => !(n in compose.services))
        .sort(),
    ).toEqual(['gateway-lb', 'postgres-replica']);
  });
});
