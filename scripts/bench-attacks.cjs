#!/usr/bin/env node
// npm run bench:attacks [-- --url http://127.0.0.1:4000/graphql [--pid N]] [--database-url postgres://...]
//                        [--heap-mb 1024] [--samples 40] [--development]
//
// Sends the catalogue of attacks of the public-endpoint issue to a hub and prints, per attack, the HTTP status,
// the error code, the time to the answer and the hub's peak resident memory while it ran; then CityProfile's
// p50/p95 alone and while the heaviest request the limits still accept runs beside it.
// By default it starts the built hub itself (embedded PGlite in a temporary folder, or --database-url), in
// production mode, with a heap cap, on free ports of 127.0.0.1. Traffic goes to 127.0.0.1 only; every request
// has a timeout and the whole run a deadline, so it stops by itself. --skip a,b leaves out attacks by number.
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const REQUEST_TIMEOUT_MS = 60_000;
const RUN_DEADLINE_MS = 15 * 60_000;
const SAMPLES = Number(option('samples', '40'));
const HEAP_MB = Number(option('heap-mb', '1024'));
// The heap cap does not bound memory outside V8's heap (the query planner's, the embedded database's): a
// watchdog kills the hub when its resident memory passes this, so an attack that works cannot take the machine.
const RSS_CAP_MB = Number(option('rss-cap-mb', '3072'));
// Seeded municipalities: every CityProfile asks for another one, so the gateway cannot deduplicate them.
const CITIES = ['Tarnów', 'Piaseczno', 'Timișoara', 'Hrubieszów', 'Zabrze', 'Jasło', 'Zawiercie', 'Wałbrzych', 'Opoczno'];
const CITY_PROFILE = readFileSync(join(root, 'docs', 'operations', 'CityProfile.graphql'), 'utf8');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process and its peak (VmHWM), in MB, from /proc (Linux). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function startHub() {
  const [gatewayPort, pglitePort] = [await freePort(), await freePort()];
  // Five consecutive free ports for the subgraphs: take one and hope the next four are free too, else retry.
  let base = 0;
  for (let attempt = 0; attempt < 20 && !base; attempt++) {
    const first = await freePort();
    const ok = await Promise.all([1, 2, 3, 4].map((d) => isFree(first + d)));
    if (ok.every(Boolean) && first + 4 < 65535) base = first;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'regiograph-attacks-'));
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: flag('development') ? 'development' : 'production',
    GATEWAY_PORT: String(gatewayPort),
    SUBGRAPH_PORT_BASE: String(base),
    PGLITE_PORT: String(pglitePort),
    PGLITE_DIR: join(dataDir, 'pglite'),
    ...(option('database-url') ? { DATABASE_URL: option('database-url') } : {}),
  };
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, join(root, 'hub', 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const subgraphs = {};
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in 120 s:\n${out}`)), 120_000);
    const read = (d) => {
      out += d;
      for (const m of out.matchAll(/subgraph (\w+)\s+(http:\/\/\S+)/g)) subgraphs[m[1]] = m[2];
      if (/ready in/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}) before it was ready:\n${out}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.removeAllListeners('data');
  child.stderr.resume();
  return {
    url: `http://127.0.0.1:${gatewayPort}/graphql`,
    pid: child.pid,
    child,
    subgraphs,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const json = (body) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

/** One HTTP request with a timeout; never throws (a refused connection is status 0, a timeout -1). */
async function send(url, { method = 'POST', headers = {}, body } = {}) {
  const began = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers: { accept: 'application/graphql-response+json, application/json', ...headers },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, ms: performance.now() - began, body: parsed, text, headers: response.headers };
  } catch (error) {
    const timedOut = error?.name === 'TimeoutError';
    return { status: timedOut ? -1 : 0, ms: performance.now() - began, body: null, text: String(error?.cause?.code ?? error) };
  }
}

const gql = (url, query, variables, extraHeaders = {}) => {
  const { 'content-type': type, body } = json({ query, variables });
  return send(url, { headers: { 'content-type': type, ...extraHeaders }, body });
};

function codeOf(result) {
  const codes = new Set((result.body?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'));
  if (codes.size) return [...codes].join(',');
  if (result.status === -1) return 'client timeout';
  if (result.status === 0) return `no answer (${result.text})`;
  if (result.body?.extensions?.queryPlan) return 'data, QUERY PLAN EXPOSED';
  return result.body?.data ? 'data' : '-';
}

function nested(depth, open, close) {
  return `${open.repeat(depth)}id${close.repeat(depth)}`;
}

/** The catalogue: each attack as the issue describes it. */
function catalogue(hub) {
  const { url } = hub;
  const origin = new URL(url).origin;
  const fragments = (levels, body) => {
    const defs = ['fragment F0 on Place { id name }'];
    for (let i = 1; i <= levels; i++) defs.push(`fragment F${i} on Place { ${body(i - 1)} }`);
    return defs.join('\n');
  };
  const attacks = [
    {
      name: 'depth 13 (children/parent, 184 bytes)',
      run: () => gql(url, `{ place(id: "place:country:PL") { ${'children { parent { '.repeat(6)}children { id }${' } }'.repeat(6)} } }`),
    },
    {
      name: 'fragment bomb, nested (25 levels)',
      run: () => gql(url, `${fragments(25, (p) => `...F${p} parent { ...F${p} }`)}\n{ place(id: "place:country:PL") { ...F25 } }`),
    },
    {
      name: 'fragment bomb, flat (depth 2, 2^25 spreads)',
      run: () => {
        const defs = ['fragment F0 on Place { id name }'];
        // Every level spreads the one below twice (through F and G), so 25 levels hold 2^25 spreads of one field.
        defs.push('fragment G0 on Place { name }');
        for (let i = 1; i <= 25; i++) {
          defs.push(`fragment F${i} on Place { ...F${i - 1} ...G${i - 1} }`);
          if (i < 25) defs.push(`fragment G${i} on Place { ...G${i - 1} ...F${i - 1} }`);
        }
        return gql(url, `${defs.join('\n')}\n{ place(id: "place:country:PL") { ...F25 } }`);
      },
    },
    {
      name: '10,000 aliases',
      run: () => gql(url, `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: organisations(name: "gmina") { id name }`).join(' ')} }`),
    },
    { name: 'depth 60 (planner parser)', run: () => gql(url, `{ place(id: "place:country:PL") { ${nested(60, 'parent { ', ' }')} } }`) },
    { name: '10 MB argument', run: () => gql(url, 'query($n: String!) { place(name: $n) { id } }', { n: 'x'.repeat(10 * 1024 * 1024) }) },
    {
      name: '2 MB body of whitespace',
      run: () => send(url, { headers: { 'content-type': 'application/json' }, body: `${' '.repeat(2 * 1024 * 1024)}{}` }),
    },
    { name: 'introspection', run: () => gql(url, '{ __schema { types { name fields { name } } } }') },
    { name: 'field suggestion ("Did you mean")', run: () => gql(url, '{ plase(name: "x") { id } }') },
    {
      name: 'x-query-plan: 1 without a token',
      run: () => gql(url, '{ place(name: "Tarnów") { id } }', undefined, { 'x-query-plan': '1' }),
    },
    {
      name: 'GET without headers (CSRF)',
      run: () =>
        send(`${url}?query=${encodeURIComponent('{ place(name: "Tarnów") { id } }')}`, { method: 'GET', headers: { accept: '*/*' } }),
    },
    {
      name: 'form POST (CSRF)',
      run: () =>
        send(url, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `query=${encodeURIComponent('{ place(name: "Tarnów") { id } }')}`,
        }),
    },
    {
      name: 'CORS with credentials from evil.example',
      run: async () => {
        const r = await send(url, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://evil.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
        const allowed = r.headers?.get('access-control-allow-origin');
        const credentials = r.headers?.get('access-control-allow-credentials');
        return {
          ...r,
          body: { errors: [{ extensions: { code: `allow-origin=${allowed ?? 'none'} credentials=${credentials ?? 'none'}` } }] },
        };
      },
    },
    {
      name: 'invalid JSON (echo?)',
      run: () => send(url, { headers: { 'content-type': 'application/json' }, body: '{"query": "{ secret-marker-123' }),
    },
    { name: 'NUL byte in an argument', run: () => gql(url, 'query($n: String!) { place(name: $n) { id } }', { n: 'Tar\u0000nów' }) },
    {
      name: 'lone surrogate in an argument',
      run: () =>
        send(url, {
          headers: { 'content-type': 'application/json' },
          body: '{"query":"query($n: String!) { place(name: $n) { id } }","variables":{"n":"\\ud800"}}',
        }),
    },
    {
      name: 'invalid UTF-8 in the body',
      run: () =>
        send(url, {
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat([
            Buffer.from('{"query":"{ place(name: \\"'),
            Buffer.from([0xc3, 0x28, 0xff]),
            Buffer.from('\\") { id } }"}'),
          ]),
        }),
    },
  ];
  const organisations = hub.subgraphs?.organisations;
  if (organisations) {
    const reps = Array.from({ length: 100_000 }, (_, i) => ({ __typename: 'Place', id: `place:x:${i}` }));
    attacks.push(
      { name: 'subgraph _service, unsigned', run: () => gql(organisations, '{ _service { sdl } }') },
      {
        name: 'subgraph _entities x 100,000, unsigned',
        run: () => gql(organisations, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { id } } }', { r: reps }),
      },
    );
  }
  attacks.push({ name: 'after all: /health', run: () => send(`${origin}/health`, { method: 'GET' }) });
  return attacks;
}

const cityProfile = (url, i) =>
  gql(url, CITY_PROFILE, { name: CITIES[i % CITIES.length] }).then((r) => ({ ...r, ok: r.status === 200 && r.body?.data?.place }));

async function latencies(url, n, offset) {
  const ms = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const r = await cityProfile(url, offset + i);
    if (!r.ok) failed += 1;
    ms.push(r.ms);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { p50: at(0.5), p95: at(0.95), failed };
}

/**
 * The heaviest request the limits accept: many aliases of a city's organisation search, halved until the
 * gateway stops refusing it, so the figure follows whatever limits the hub runs with.
 */
async function heaviestAccepted(url) {
  for (let aliases = 4096; aliases >= 1; aliases = Math.floor(aliases / 2)) {
    const query = `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: organisations(name: "${['gmina', 'miasto', 'municipiul', 'city'][i % 4]}") { id name kind }`).join(' ')} }`;
    const r = await gql(url, query);
    const refused = r.status >= 400 || (r.body?.errors ?? []).some((e) => /LIMIT|EXCEEDED|TOO_/.test(String(e.extensions?.code)));
    if (!refused) return { aliases, query, ms: r.ms };
  }
  return null;
}

async function main() {
  const deadline = setTimeout(() => {
    console.error(`bench:attacks: stopped at the ${RUN_DEADLINE_MS / 60_000}-minute deadline`);
    process.exit(3);
  }, RUN_DEADLINE_MS);
  deadline.unref();
  const given = option('url');
  const hub = given ? { url: given, pid: option('pid') ? Number(option('pid')) : null, subgraphs: {} } : await startHub();
  const memory = () => (hub.pid ? memoryOf(hub.pid) : null);
  const rows = [];
  try {
    console.log(`hub: ${hub.url}${hub.pid ? ` (pid ${hub.pid}, heap cap ${given ? '?' : `${HEAP_MB} MB`})` : ''}; node ${process.version}`);
    console.log(`memory at start: ${memory()?.rss.toFixed(0) ?? '?'} MB RSS\n`);
    const skip = new Set(option('skip', '').split(',').filter(Boolean).map(Number));
    for (const [index, attack] of catalogue(hub).entries()) {
      if (skip.has(index)) continue;
      let peak = 0;
      let killed = false;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memory()?.rss ?? 0);
        if (peak > RSS_CAP_MB && hub.child && !killed) {
          killed = true;
          hub.child.kill('SIGKILL');
        }
      }, 10);
      const result = await attack.run();
      clearInterval(sampler);
      peak = Math.max(peak, memory()?.rss ?? 0);
      if (killed && hub.child.exitCode === null && hub.child.signalCode === null) await new Promise((r) => hub.child.once('exit', r));
      const after = await cityProfile(hub.url, index);
      rows.push({
        '#': index,
        attack: attack.name,
        status: result.status,
        code: codeOf(result).slice(0, 60),
        ms: result.ms.toFixed(0),
        'peak RSS MB': hub.pid ? peak.toFixed(0) : '?',
        'CityProfile after': after.ok ? `ok ${after.ms.toFixed(0)} ms` : `FAILED (${after.status})`,
        ...(killed ? { note: `hub killed at ${RSS_CAP_MB} MB RSS` } : {}),
        echo: /secret-marker-123/.test(result.text ?? '') ? 'ECHOES BODY' : '',
      });
      if (hub.child && (hub.child.exitCode !== null || hub.child.signalCode !== null)) {
        rows.push({ attack: '(the hub died: the rest of the catalogue was not sent)', status: hub.child.signalCode ?? hub.child.exitCode });
        break;
      }
    }
    console.table(rows.map(({ '#': n, ...row }) => ({ '#': n, ...row })));
    console.log(`hub peak RSS over the whole run (VmHWM): ${memory()?.peak.toFixed(0) ?? '?'} MB`);
    if (hub.child && (hub.child.exitCode !== null || hub.child.signalCode !== null)) return;

    const alone = await latencies(hub.url, SAMPLES, 0);
    const heavy = await heaviestAccepted(hub.url);
    let busy = null;
    if (heavy) {
      let running = true;
      const loops = [0, 1].map(async () => {
        while (running) await gql(hub.url, heavy.query);
      });
      busy = await latencies(hub.url, SAMPLES, 3);
      running = false;
      await Promise.all(loops);
    }
    console.log(`\nCityProfile over ${SAMPLES} requests, another city each time:`);
    console.log(
      `  alone:                            p50 ${alone.p50.toFixed(1)} ms  p95 ${alone.p95.toFixed(1)} ms  failed ${alone.failed}`,
    );
    if (heavy && busy) {
      console.log(
        `  beside 2 loops of the heaviest accepted request (${heavy.aliases} aliases of an organisation search, ${heavy.ms.toFixed(0)} ms each):`,
      );
      console.log(
        `                                    p50 ${busy.p50.toFixed(1)} ms  p95 ${busy.p95.toFixed(1)} ms  failed ${busy.failed}  (p50 ratio ${(busy.p50 / alone.p50).toFixed(2)})`,
      );
    }
    console.log(`hub peak RSS (VmHWM): ${memory()?.peak.toFixed(0) ?? '?'} MB`);
  } finally {
    await hub.stop?.();
  }
}

main().catch((error) => {
  console.error(`bench:attacks failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
