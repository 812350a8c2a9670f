import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalStage, imageEnv } from './support/compose.js';
import { start } from './support/process.js';
import { runNode } from './support/run-node.js';

// Runs the built hub exactly as `npm start` does (npm test builds first) and reads what a user would see.
const root = join(__dirname, '..');

function runHub(env: Record<string, string>, timeoutMs = 60_000) {
  return runNode([join(root, 'hub', 'dist', 'main.js')], env, timeoutMs);
}

let db: TestDatabase;
let blocker: Server;
let busyPort: number;
beforeAll(async () => {
  db = await createTestDatabase('startup');
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  busyPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  blocker?.close();
  await db?.drop();
});

describe('a subgraph started on its own', () => {
  it('migrates, seeds and serves its part of the graph from dist/main.js with its own PORT and DATABASE_URL', async () => {
    const child = spawn(process.execPath, [join(root, 'subgraphs', 'projects', 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 30_000);
        child.stdout.on('data', (d) => {
          out += d;
          const match = /ready at (http:\/\/\S+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ project(name: "PGI06047") { acronym } }' }),
      });
      expect(await response.json()).toEqual({ data: { project: { acronym: 'ECoC-SME' } } });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe("the Docker image's start command", () => {
  it('starts the hub with the image ENV (production), answers, and exits 0 on SIGTERM', async () => {
    // The CMD and ENV of the Dockerfile's last stage, run here with a database and free ports instead of a container's.
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(finalStage)?.[1] ?? 'null') as string[];
    const [node, ...args] = command;
    expect(node).toBe('node');
    expect(imageEnv.NODE_ENV).toBe('production');
    const hub = start(
      process.execPath,
      ['--max-old-space-size=768', ...args],
      { ...imageEnv, DATABASE_URL: db.url, GATEWAY_PORT: '0', SUBGRAPH_PORT_BASE: '0', SHUTDOWN_DRAIN_MS: '1000' },
      root,
    );
    try {
      const url = (await hub.waitFor(/Regiograph ready in \S+ at (http:\/\/\S+\/graphql)/, 120_000))[1] ?? '';
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ place(name: "Tarnów") { government { name } } __schema { queryType { name } } }' }),
      });
      const body = (await answer.json()) as { data?: unknown; errors?: Array<{ message: string }> };
      // Production, as the image sets it: introspection is refused; the same query without it answers.
      expect(body.data).toBeUndefined();
      expect(JSON.stringify(body.errors)).toMatch(/introspection/i);
      const plain = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ place(name: "Tarnów") { government { name } } }' }),
      });
      expect(await plain.json()).toEqual({ data: { place: { government: { name: 'Gmina Miasta Tarnowa' } } } });
      hub.child.kill('SIGTERM');
      expect(await hub.exited, hub.output()).toBe(0);
    } finally {
      await hub.stop();
    }
  }, 180_000);
});

describe('start-up failures', () => {
  it('stops with one clear line and a non-zero exit when the database cannot be reached, never printing the password', async () => {
    const { code, stderr, stdout } = await runHub({ DATABASE_URL: 'postgres://regio:s3cret-pw@127.0.0.1:1/regiograph' });
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Regiograph failed to start: cannot reach PostgreSQL at postgres:\/\/regio:\*\*\*@127\.0\.0\.1:1\/regiograph/,
    );
    expect(stderr + stdout).not.toContain('s3cret-pw');
  });

  it('stops with one clear line naming the service and port when a port is taken', async () => {
    const { code, stderr } = await runHub({ DATABASE_URL: db.url, SUBGRAPH_PORT_BASE: String(busyPort), GATEWAY_PORT: '0' });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      `Regiograph failed to start: organisations: port ${busyPort} is already in use (set SUBGRAPH_PORT_BASE)`,
    ]);
  });

  it('rejects a malformed setting by naming the variable', async () => {
    const { code, stderr } = await runHub({ GATEWAY_PORT: 'four thousand' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('GATEWAY_PORT must be a port number');
  });
});
