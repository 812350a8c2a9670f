#!/usr/bin/env node
// node --max-old-space-size=1024 scripts/bench-gateways.cjs --database <URL> [--requests 200] [--rounds 3]
// (also the second part of npm run bench:scale)
//
// CityProfile through three Federation 2 gateways over the same five subgraph processes: ours
// (gateway/dist/main.js), @apollo/gateway (scripts/bench-apollo-gateway.cjs, a devDependency of the benchmark
// only) and Grafbase's Rust gateway (`grafbase dev` of the npm package @grafbase/cli-x86_64-unknown-linux-musl,
// installed on first use into .tools/grafbase, git-ignored; it composes the same schema/<subgraph>.graphql SDL
// the supergraph is composed from). At 1 and at 10 connections, `--rounds` rounds of `--requests` requests per
// gateway, the gateways' order rotating each round; every request asks for another city (identical requests
// in flight are merged by our gateway, which would flatter it). Prints requests per second (median of the
// rounds), p50 and p95 over every request, and CPU milliseconds per request of the gateway process and of the
// five subgraph processes together (utime + stime from /proc/<pid>/stat, children included), with the ratios
// against ours. The subgraphs run without HMAC_SECRET, as the other gateways cannot sign their calls. A gateway
// that cannot be installed or started is reported and left out. Everything listens on 127.0.0.1, each
// service with a heap cap; every request has a timeout.
const { spawn, execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const GRAFBASE_VERSION = '0.103.0';
const GRAFBASE_DIR = join(root, '.tools', 'grafbase');
const GRAFBASE_BIN = join(GRAFBASE_DIR, 'node_modules', '@grafbase', 'cli-x86_64-unknown-linux-musl', 'grafbase');
const SUBGRAPHS = JSON.parse(readFileSync(join(root, 'subgraphs.json'), 'utf8')).subgraphs.map((s) => s.name);
const CITY_PROFILE = readFileSync(join(root, 'docs', 'operations', 'CityProfile.graphql'), 'utf8');
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** CPU time (ms) of a process and every process under it. */
function cpuMs(pid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // After the command: state(0) ppid(1) ... utime(11) stime(12)
      stats.set(Number(entry), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    total += stats.get(p)?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === p) stack.push(child);
  }
  return total;
}

async function freePort() {
  const net = require('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function post(url, query, variables, timeoutMs = 30_000) {
  const began = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  return { ms: performance.now() - began, status: response.status, body };
}

/** Starts a service and waits until it answers `{ __typename }`; its output is kept for the error message. */
async function startService(label, command, argv, env, url, timeoutMs = 90_000) {
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${label} exited with ${exited}: ${output.trim().slice(-1500)}`);
    try {
      const r = await post(url, '{ __typename }', {}, 2000);
      if (r.body?.data?.__typename) {
        return {
          label,
          url,
          pid: child.pid,
          output: () => output,
          stop: () =>
            new Promise((resolve) => {
              if (exited !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not answer within ${timeoutMs / 1000} s: ${output.trim().slice(-1500)}`);
}

const NODE_HEAP = ['--max-old-space-size=512'];

/** The five subgraphs as separate processes on the database, without HMAC (other gateways cannot sign). */
async function startSubgraphs(databaseUrl) {
  const started = [];
  for (const name of SUBGRAPHS) {
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED: 'never',
      HMAC_SECRET: '',
      NODE_ENV: 'production',
    };
    started.push(
      await startService(
        name,
        process.execPath,
        [...NODE_HEAP, join(root, 'subgraphs', name, 'dist', 'main.js')],
        env,
        `http://127.0.0.1:${port}/graphql`,
      ),
    );
  }
  return started;
}

const urlVariables = (subgraphs) => Object.fromEntries(subgraphs.map((s) => [`${s.label.toUpperCase()}_URL`, s.url]));

async function startOurs(subgraphs) {
  const port = await freePort();
  return startService(
    'ours',
    process.execPath,
    [...NODE_HEAP, join(root, 'gateway', 'dist', 'main.js')],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      HMAC_SECRET: '',
      NODE_ENV: 'production',
      ...urlVariables(subgraphs),
    },
    `http://127.0.0.1:${port}/graphql`,
  );
}

async function startApollo(subgraphs) {
  const port = await freePort();
  return startService(
    '@apollo/gateway',
    process.execPath,
    [...NODE_HEAP, join(__dirname, 'bench-apollo-gateway.cjs')],
    {
      PORT: String(port),
      NODE_ENV: 'production',
      ...urlVariables(subgraphs),
    },
    `http://127.0.0.1:${port}/`,
  );
}

/** Installs the Grafbase CLI from the npm registry into .tools/grafbase (once), pinned. */
function installGrafbase() {
  if (existsSync(GRAFBASE_BIN)) return;
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      GRAFBASE_DIR,
      `@grafbase/cli-x86_64-unknown-linux-musl@${GRAFBASE_VERSION}`,
    ],
    {
      stdio: 'inherit',
      timeout: 300_000,
    },
  );
}

/** The `grafbase dev` configuration: each subgraph's URL and the SDL the supergraph is composed from. */
function grafbaseConfig(subgraphs) {
  const dir = mkdtempSync(join(tmpdir(), 'regiograph-grafbase-'));
  const toml = subgraphs
    .map((s) => `[subgraphs.${s.label}]\nurl = "${s.url}"\nschema_path = "${join(root, 'schema', `${s.label}.graphql`)}"\n`)
    .join('\n');
  const file = join(dir, 'grafbase.toml');
  writeFileSync(file, toml);
  return { dir, file };
}

async function startGrafbase(subgraphs) {
  installGrafbase();
  const port = await freePort();
  const { dir, file } = grafbaseConfig(subgraphs);
  return startService(
    'grafbase',
    GRAFBASE_BIN,
    ['dev', '--config', file, '--listen-address', `127.0.0.1:${port}`],
    { HOME: dir, GRAFBASE_HOME: dir },
    `http://127.0.0.1:${port}/graphql`,
  );
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const median = (xs) => quantile(xs, 0.5);

/** `requests` CityProfile requests over `connections` loops, each another city; CPU of the gateway and subgraphs. */
async function burst(gateway, subgraphs, cities, start, requests, connections) {
  let next = 0;
  const latencies = [];
  const failures = [];
  const cpu0 = { gateway: cpuMs(gateway.pid), subgraphs: subgraphs.reduce((a, s) => a + cpuMs(s.pid), 0) };
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests) {
        const k = next++;
        const name = cities[(start + k) % cities.length];
        try {
          const r = await post(gateway.url, CITY_PROFILE, { name });
          if (r.status !== 200 || r.body.errors?.length || !r.body.data?.place)
            failures.push(`${name}: ${JSON.stringify(r.body.errors ?? r.body).slice(0, 200)}`);
          latencies.push(r.ms);
        } catch (error) {
          failures.push(`${name}: ${error.message}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const cpu = { gateway: cpuMs(gateway.pid) - cpu0.gateway, subgraphs: subgraphs.reduce((a, s) => a + cpuMs(s.pid), 0) - cpu0.subgraphs };
  return { rps: requests / seconds, latencies, cpuGateway: cpu.gateway / requests, cpuSubgraphs: cpu.subgraphs / requests, failures };
}

async function cityNames(databaseUrl) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Municipalities with a government organisation: each CityProfile walks a real government's graph.
    const { rows } = await client.query(
      `select distinct on (p.name) p.name from organisations.place p
       where p.kind = 'MUNICIPALITY' and exists (select 1 from organisations.organisation o where o.place_id = p.id)
       order by p.name, p.id limit 400`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

async function compareGateways({ databaseUrl, requests = 200, rounds = 3, connections = [1, 10] }) {
  console.log(`\nCityProfile through three gateways over the same subgraphs (${databaseUrl.replace(/\/\/[^@]*@/, '//')}):`);
  const cities = await cityNames(databaseUrl);
  const subgraphs = await startSubgraphs(databaseUrl);
  const gateways = [];
  try {
    for (const [label, start] of [
      ['ours', startOurs],
      ['@apollo/gateway', startApollo],
      ['grafbase', startGrafbase],
    ]) {
      try {
        const g = await start(subgraphs);
        // Warm: the planner's caches, the pools; and a check that it answers CityProfile at all.
        for (let i = 0; i < 5; i++) {
          const r = await post(g.url, CITY_PROFILE, { name: cities[i] });
          if (r.body.errors?.length || !r.body.data) throw new Error(`CityProfile: ${JSON.stringify(r.body).slice(0, 400)}`);
        }
        gateways.push(g);
      } catch (error) {
        console.log(`  ${label}: left out: ${error.message.slice(0, 600)}`);
      }
    }
    const results = new Map();
    let offset = 0;
    for (const c of connections) {
      for (let round = 0; round < rounds; round++) {
        for (let j = 0; j < gateways.length; j++) {
          const g = gateways[(j + round) % gateways.length];
          const r = await burst(g, subgraphs, cities, offset, requests, c);
          offset += requests;
          const key = `${g.label}@${c}`;
          const acc = results.get(key) ?? { rps: [], latencies: [], cpuGateway: [], cpuSubgraphs: [], failures: [] };
          acc.rps.push(r.rps);
          acc.latencies.push(...r.latencies);
          acc.cpuGateway.push(r.cpuGateway);
          acc.cpuSubgraphs.push(r.cpuSubgraphs);
          acc.failures.push(...r.failures);
          results.set(key, acc);
        }
      }
    }
    printGatewayTable(gateways, connections, results, requests, rounds);
  } finally {
    for (const g of gateways) await g.stop();
    for (const s of subgraphs) await s.stop();
  }
}

function printGatewayTable(gateways, connections, results, requests, rounds) {
  const rows = [
    ['gateway', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'CPU ms/req gateway', 'CPU ms/req subgraphs', 'req/s vs ours', 'gateway CPU vs ours'],
  ];
  const notes = [];
  for (const c of connections) {
    const ours = results.get(`ours@${c}`);
    for (const g of gateways) {
      const r = results.get(`${g.label}@${c}`);
      const rps = median(r.rps);
      const cpuG = median(r.cpuGateway);
      rows.push([
        g.label,
        String(c),
        rps.toFixed(1),
        quantile(r.latencies, 0.5).toFixed(1),
        quantile(r.latencies, 0.95).toFixed(1),
        cpuG.toFixed(2),
        median(r.cpuSubgraphs).toFixed(2),
        ours ? `${(rps / median(ours.rps)).toFixed(2)}x` : '-',
        ours ? `${(cpuG / median(ours.cpuGateway)).toFixed(2)}x` : '-',
      ]);
      if (r.failures.length) notes.push(`${g.label} at ${c}: ${r.failures.length} failed, e.g. ${r.failures[0]}`);
    }
  }
  console.log(
    `  ${rounds} rounds of ${requests} requests per gateway and connection count, order rotating; req/s and CPU: medians of the rounds`,
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    console.log(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`);
  for (const n of notes) console.log(`  ! ${n}`);
}

/** `--name value` of a command line, else the fallback. */
const argOption = (args, name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

module.exports = { argOption, cityNames, compareGateways, cpuMs, startSubgraphs, startOurs, startApollo, startGrafbase, post };

if (require.main === module) {
  const option = (name, fallback) => argOption(process.argv.slice(2), name, fallback);
  const databaseUrl = option('database', process.env.DATABASE_URL);
  if (!databaseUrl) {
    console.error('--database (or DATABASE_URL): the PostgreSQL the subgraphs read');
    process.exit(2);
  }
  compareGateways({ databaseUrl, requests: Number(option('requests', '200')), rounds: Number(option('rounds', '3')) }).then(
    () => process.exit(0),
    (error) => {
      console.error(`bench:gateways failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}
