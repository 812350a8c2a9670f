import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_ENV_VARS, readGatewayConfig, SUBGRAPH_NAMES } from '@regiograph/gateway';
import { HUB_ENV_VARS, readHubConfig } from '@regiograph/hub';
import { readSubgraphConfig, SUBGRAPH_ENV_VARS, variablesRead } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { compose, containerEnv, dockerfile, finalStage, imageEnv, interpolate } from './support/compose.js';

// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically against what the
// code reads: each service's environment is run through that service's own config reader, which can read
// only the variables of its list (declaredEnv), and the variables it actually read are compared with those
// compose sets. No list of variable names is kept here.
const root = join(__dirname, '..');

/** The config reader of the entry point a command starts, and that reader run on `env`. */
function readerOf(command: string[] | undefined, env: Record<string, string>) {
  expect(command?.[0]).toBe('node');
  const script = command?.[1] ?? '';
  if (script === 'gateway/dist/main.js') return { kind: 'gateway', ...variablesRead(readGatewayConfig, env) } as const;
  if (script === 'hub/dist/main.js') return { kind: 'hub', ...variablesRead(readHubConfig, env) } as const;
  const module = SUBGRAPHS.find((m) => script === `subgraphs/${m.name}/dist/main.js`);
  if (!module) throw new Error(`no config reader known for ${script}`);
  return {
    kind: 'subgraph',
    module,
    ...variablesRead((e) => readSubgraphConfig(module.name, module.defaultPort, e), env),
  } as const;
}

/** The names compose sets for a service that its reader did not read: each would be ignored in the container. */
function unread(name: string, read: Set<string>): string[] {
  return Object.keys(compose.services[name]?.environment ?? {}).filter((v) => !read.has(v));
}

describe('the config readers', () => {
  // The readers cannot read a variable their list does not name (declaredEnv); this keeps the lists from
  // naming one they no longer read, so that a list is exactly what its service reads.
  const readers: Array<[string, readonly string[], (env: NodeJS.ProcessEnv) => unknown]> = [
    ['readSubgraphConfig', SUBGRAPH_ENV_VARS, (e) => readSubgraphConfig('projects', 4002, e)],
    ['readGatewayConfig', GATEWAY_ENV_VARS, readGatewayConfig],
    ['readHubConfig', HUB_ENV_VARS, readHubConfig],
  ];
  it.each(readers)('%s reads exactly the variables of its list', (_name, list, reader) => {
    const { read } = variablesRead(reader, { DATABASE_URL: 'postgres://regiograph@postgres:5432/regiograph' });
    expect([...read].sort()).toEqual([...new Set(list)].sort());
  });
});

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

  it('starts each subgraph from its built main.js, whose config reader reads every variable compose sets and listens where compose looks', () => {
    const pg = compose.services.postgres?.environment ?? {};
    for (const module of SUBGRAPHS) {
      const service = compose.services[module.name];
      expect(service, module.name).toBeDefined();
      expect(service?.command).toEqual(['node', `subgraphs/${module.name}/dist/main.js`]);
      expect(existsSync(join(root, 'subgraphs', module.name, 'src', 'main.ts'))).toBe(true);
      const reader = readerOf(service?.command, containerEnv(module.name));
      if (reader.kind !== 'subgraph') throw new Error(`${module.name} does not start a subgraph`);
      expect(unread(module.name, reader.read), `${module.name}: set by compose, read by no one`).toEqual([]);
      const config = reader.result;
      expect(config.name).toBe(module.name);
      expect(config.host).toBe('0.0.0.0');
      expect(service?.expose).toEqual([String(config.port)]);
      expect(service?.ports, `${module.name} must not be published past the gateway`).toBeUndefined();
      expect(service?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${config.port}/ready`);
      const db = new URL(config.databaseUrl);
      expect(db.hostname).toBe('postgres');
      expect(db.username).toBe(pg.POSTGRES_USER);
      expect(db.password).toBe(pg.POSTGRES_PASSWORD);
      expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
      expect(config.seed).toBe('if-empty');
      expect(config.telemetry.serviceName).toBe(`regiograph-${module.name}`);
      expect(config.telemetry.jsonLogs).toBe(true);
      expect(service?.depends_on?.postgres?.condition).toBe('service_healthy');
    }
  });

  it('points the gateway at every subgraph service by name and the port that subgraph listens on, as its reader reads them', () => {
    const gateway = compose.services.gateway;
    expect(gateway?.command).toEqual(['node', 'gateway/dist/main.js']);
    const reader = readerOf(gateway?.command, containerEnv('gateway'));
    if (reader.kind !== 'gateway') throw new Error('the gateway service does not start the gateway');
    expect(unread('gateway', reader.read), 'gateway: set by compose, read by no one').toEqual([]);
    const config = reader.result;
    expect(Object.keys(config.subgraphUrls).sort()).toEqual([...SUBGRAPH_NAMES].sort());
    for (const name of SUBGRAPH_NAMES) {
      const subgraph = readerOf(compose.services[name]?.command, containerEnv(name));
      const port = subgraph.kind === 'subgraph' ? subgraph.result.port : undefined;
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${port}/graphql`);
      expect(gateway?.depends_on?.[name]?.condition).toBe('service_healthy');
    }
    expect(config.host).toBe('0.0.0.0');
    expect(gateway?.ports).toEqual([`${config.port}:${config.port}`]);
    expect(gateway?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${config.port}/health`);
    expect(config.safety.production).toBe(true);
    expect(config.telemetry.serviceName).toBe('regiograph-gateway');
  });

  it('starts the hub from the image by default, whose reader reads the ENV the image sets', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(finalStage)?.[1];
    const command = JSON.parse(cmd ?? 'null') as string[];
    expect(command).toEqual(['node', 'hub/dist/main.js']);
    expect(existsSync(join(root, 'hub', 'src', 'main.ts'))).toBe(true);
    // `npm start` runs the same built file: the image starts what a newcomer starts.
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`tsc -b && ${command.join(' ')}`);
    expect(Object.keys(imageEnv).length).toBeGreaterThan(0);
    const hub = readerOf(command, imageEnv);
    expect(
      Object.keys(imageEnv).filter((v) => !hub.read.has(v)),
      'image ENV the hub does not read',
    ).toEqual([]);
    if (hub.kind !== 'hub') throw new Error('the image does not start the hub');
    expect(hub.result.gatewaySafety.production).toBe(true);
    // Every service of compose runs this image with the same ENV: each reader must read it too.
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      const { read } = readerOf(compose.services[name]?.command, containerEnv(name));
      for (const variable of Object.keys(imageEnv)) expect(read.has(variable), `${name} reads ${variable}`).toBe(true);
    }
  });

  it('gives the gateway and every subgraph one shared HMAC secret, and binds them where the other containers reach them', () => {
    const names = [...SUBGRAPHS.map((m) => m.name), 'gateway'];
    const services = names.map((name) => compose.services[name]?.environment ?? {});
    const written = new Set(services.map((env) => env.HMAC_SECRET));
    expect(written.size).toBe(1);
    // One variable with a default for trying it out; the readers refuse one shorter than 16 characters.
    expect([...written][0]).toMatch(/^\$\{HMAC_SECRET:-.+\}$/);
    const secrets = names.map((name) => {
      const reader = readerOf(compose.services[name]?.command, containerEnv(name));
      return reader.kind === 'gateway'
        ? reader.result.upstream.hmacSecret
        : reader.kind === 'subgraph'
          ? reader.result.safety.hmacSecret
          : '';
    });
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toBe(interpolate([...written][0] ?? ''));
  });

  it('builds every service from the repository Dockerfile, which builds the code it runs', () => {
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
