import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_ENV_VARS, SUBGRAPH_NAMES } from '@regiograph/gateway';
import { SUBGRAPH_ENV_VARS } from '@regiograph/lib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

// No Docker engine runs here, so docker-compose.yml is checked statically against what the code reads.
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      ports?: string[];
      expose?: string[];
      build?: string;
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
      profiles?: string[];
      entrypoint?: string[];
      volumes?: string[];
    }
  >;
};

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the five subgraphs and the gateway, each with a health check, and the on-demand ingest tool', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'events',
      'funding',
      'gateway',
      'ingest',
      'organisations',
      'outcomes',
      'postgres',
      'projects',
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'ingest') expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
  });

  it('starts each subgraph from its built main.js on its default port, against the compose PostgreSQL', () => {
    const pg = compose.services.postgres?.environment ?? {};
    for (const module of SUBGRAPHS) {
      const service = compose.services[module.name];
      expect(service, module.name).toBeDefined();
      expect(service?.command).toEqual(['node', `subgraphs/${module.name}/dist/main.js`]);
      expect(existsSync(join(root, 'subgraphs', module.name, 'src', 'main.ts'))).toBe(true);
      const env = service?.environment ?? {};
      expect(Number(env.PORT)).toBe(module.defaultPort);
      expect(service?.expose).toEqual([String(module.defaultPort)]);
      expect(service?.ports, `${module.name} must not be published past the gateway`).toBeUndefined();
      expect(service?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${module.defaultPort}/ready`);
      const db = new URL(env.DATABASE_URL ?? '');
      expect(db.hostname).toBe('postgres');
      expect(db.username).toBe(pg.POSTGRES_USER);
      expect(db.password).toBe(pg.POSTGRES_PASSWORD);
      expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
      expect(service?.depends_on?.postgres?.condition).toBe('service_healthy');
      for (const name of Object.keys(env)) expect(SUBGRAPH_ENV_VARS as readonly string[]).toContain(name);
    }
  });

  it('points the gateway at every subgraph service by name and port', () => {
    const gateway = compose.services.gateway;
    expect(gateway?.command).toEqual(['node', 'gateway/dist/main.js']);
    const env = gateway?.environment ?? {};
    for (const name of Object.keys(env)) expect(GATEWAY_ENV_VARS).toContain(name);
    for (const name of SUBGRAPH_NAMES) {
      const module = SUBGRAPHS.find((m) => m.name === name);
      expect(env[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${module?.defaultPort}/graphql`);
      expect(gateway?.depends_on?.[name]?.condition).toBe('service_healthy');
    }
    expect(gateway?.ports).toEqual(['4000:4000']);
  });

  it('gives the gateway and every subgraph one shared HMAC secret, and binds them where the other containers reach them', () => {
    const services = [...SUBGRAPHS.map((m) => m.name), 'gateway'].map((name) => compose.services[name]?.environment ?? {});
    const secrets = new Set(services.map((env) => env.HMAC_SECRET));
    expect(secrets.size).toBe(1);
    const [secret] = [...secrets];
    // One variable with a default for trying it out, 16 characters or more as the services require.
    expect(secret).toMatch(/^\$\{HMAC_SECRET:-.{16,}\}$/);
    for (const env of services) expect(env.HOST).toBe('0.0.0.0');
  });

  it('builds every service from the repository Dockerfile, which builds the code it runs', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npx tsc -b/);
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'postgres') expect(service.build, name).toBe('.');
    }
    // npm ci installs the workspaces whose package.json is there: the manifests stage must bring every one.
    // Its find command runs here on the checkout, into a temporary folder, as the image build runs it.
    const run = /^RUN (find .+)$/m.exec(dockerfile.slice(0, dockerfile.indexOf('AS build')))?.[1] ?? '';
    expect(run).toContain('package.json');
    const out = mkdtempSync(join(tmpdir(), 'regiograph-manifests-'));
    try {
      execFileSync('sh', ['-c', run.replaceAll('/manifests', out)], { cwd: root });
      const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
      const expected = [
        'package.json',
        ...workspaces
          .flatMap((w) => (w.endsWith('/*') ? SUBGRAPHS.map((m) => `${w.slice(0, -1)}${m.name}`) : [w]))
          .map((w) => `${w}/package.json`),
      ];
      for (const file of expected) expect(existsSync(join(out, file)), file).toBe(true);
      expect(dockerfile.indexOf('COPY --from=manifests')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('runs the ingest command on demand against the compose database, with the source files mounted read-only', () => {
    const ingest = compose.services.ingest ?? {};
    expect(ingest.profiles).toEqual(['tools']);
    expect(ingest.entrypoint).toEqual(['node', 'ingest/dist/main.js']);
    expect(ingest.environment?.DATABASE_URL).toBe(compose.services.organisations?.environment?.DATABASE_URL);
    expect((ingest.volumes ?? []).some((v) => v.endsWith(':/sources:ro'))).toBe(true);
    expect(ingest.ports).toBeUndefined();
  });
});
