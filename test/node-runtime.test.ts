import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The project runs on the supported Node.js LTS lines only (Node 20 reached its end of life on 2026-04-30).
// .nvmrc names the line CI and the Docker image use; package.json's engines name every supported line.
const root = join(__dirname, '..');
const SUPPORTED = [22, 24, 26];
const line = Number(readFileSync(join(root, '.nvmrc'), 'utf8').trim());
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

function useNode(args: string[], env: Record<string, string> = {}) {
  return spawnSync('bash', [join(root, 'scripts', 'use-node.sh'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
}

describe('the Node.js runtime', () => {
  it('runs this suite on a supported line', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(SUPPORTED, `running on Node.js ${process.version}`).toContain(major);
  });

  it('declares every supported line in engines, and no end-of-life one', () => {
    const range = pkg.engines.node;
    // The oldest version the dependencies in the lock accept (@whatwg-node/* need 22.15).
    for (const version of ['22.15.0', '22.23.5', '24.0.0', '24.22.3', '26.0.0', '26.12.1']) {
      expect(semver.satisfies(version, range), `${version} in ${range}`).toBe(true);
    }
    for (const version of ['18.20.8', '20.20.2', '22.14.0', '23.11.0', '25.9.0']) {
      expect(semver.satisfies(version, range), `${version} not in ${range}`).toBe(false);
    }
  });

  it('installs with engine-strict, so an unsupported node stops npm ci instead of warning', () => {
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it('builds the Docker image on the line of .nvmrc, a supported LTS, in both stages', () => {
    expect(SUPPORTED).toContain(line);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_LINE=${line}$`, 'm'));
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    const image = ['node:', '${NODE_LINE}', '-bookworm-slim'].join('');
    expect(froms).toEqual([image, image, image]);
    expect(dockerfile).toContain('COPY package-lock.json .npmrc');
  });

  it('has CI put the line of .nvmrc first on the PATH before npm ci, and say which node it runs', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    const use = ci.indexOf('. scripts/use-node.sh');
    expect(use).toBeGreaterThan(0);
    expect(use).toBeLessThan(ci.indexOf('npm ci'));
    expect(ci.slice(use)).toMatch(/echo "node \$\(node -v\)/);
  });

  it('uses the node on the PATH when it is already of the wanted line, without installing anything', () => {
    const major = process.versions.node.split('.')[0] ?? '';
    // The test process's own node first on the PATH, and a tools folder that does not exist: nothing to install.
    const bin = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
    const run = useNode([major], { PATH: `${bin}:${process.env.PATH ?? ''}`, REGIOGRAPH_TOOLS_DIR: '/nonexistent/tools' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Node.js ${process.version} at ${process.execPath}`);
    expect(run.stderr).not.toContain('installing');
  });

  it('refuses a line that is not a major version, naming what it got', () => {
    const run = useNode(['lts'], { REGIOGRAPH_TOOLS_DIR: '/nonexistent/tools' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("must be a major version such as 22, 24 or 26 (got 'lts')");
  });

  it('runs a command on the chosen line and passes its exit code through', () => {
    const major = process.versions.node.split('.')[0] ?? '';
    const bin = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
    const run = useNode([major, 'node', '-e', 'console.log(process.version); process.exit(3)'], {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
    expect(run.status).toBe(3);
    expect(run.stdout.trim()).toBe(process.version);
    expect(run.stderr).toContain(`running on Node.js ${process.version}`);
  });

  it('gives test:node a usage line when the line is missing', () => {
    const run = spawnSync('bash', [join(root, 'scripts', 'test-node.sh')], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run test:node -- <line>');
  });
});
