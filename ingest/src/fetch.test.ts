import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@regiograph/lib';
import { createTestDatabase, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINTS } from './endpoints.js';
import { FetchError, fetchSource } from './fetch.js';
import { createProgress } from './progress.js';
import { runIngest } from './run.js';
import { SOURCE_FOLDERS } from './sources.js';
import { createWiring } from './wiring.js';

// `npm run fetch` against a local publisher: a node:http server on 127.0.0.1 that serves the files the
// repository ships at the paths of each publisher's endpoint, with ETag, Last-Modified, Range and conditional
// requests, and that can fail on purpose (503s, a connection dropped in the middle of a body). No test here
// reaches a real publisher: every base URL is overridden with FETCH_BASE_URL.
const bundled = join(repoRoot(), 'data', 'sources');
const LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';

/** The shipped file a fetched one stands for (TERYT's register file is served as the bundled TERC CSV). */
function shippedFile(source: string, file: string): string {
  const name = source === 'teryt' ? 'terc-2024-01-01.csv' : file;
  const folders = SOURCE_FOLDERS.find((s) => s.source === source)?.folders ?? [];
  const folder = folders.find((f) => existsSync(join(bundled, f, name)));
  if (!folder) throw new Error(`no shipped ${name} for ${source}`);
  return join(bundled, folder, name);
}

interface Seen {
  path: string;
  status: number;
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/** Routes `/<source>/<endpoint path>` to the shipped file; `fail` answers 503 that many times, `drop` cuts a body once. */
const routes = new Map<string, string>();
for (const e of ENDPOINTS.filter((x) => !x.walk))
  for (const f of e.files) routes.set(`/${e.source}/${f.path}`, shippedFile(e.source, f.file));

/**
 * Kohesio's search API as the exporter read it, answered from the shipped export: the countries (IDs made up
 * here), each country's regions in the file's order, and each region's beneficiaries as JSON.
 */
const KOHESIO_TSV = join(bundled, 'kohesio-beneficiaries-2023', 'kohesio-beneficiaries-cee-2023-01.tsv');
const kohesio = (() => {
  const rows = readFileSync(KOHESIO_TSV, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));
  const countries: Array<{ instanceLabel: string; instance: string }> = [];
  const regions = new Map<string, Array<{ name: string; region: string }>>();
  const beneficiaries = new Map<string, unknown[]>();
  for (const [country = '', region = '', label, budget, euBudget, projects, transliteration] of rows) {
    const countryId = `https://linkedopendata.eu/entity/Q${country.length}${country}`;
    if (!countries.some((c) => c.instance === countryId)) countries.push({ instanceLabel: country, instance: countryId });
    const list = regions.get(countryId) ?? [];
    const regionId = `https://linkedopendata.eu/entity/${encodeURIComponent(region)}`;
    if (!list.some((r) => r.region === regionId)) list.push({ name: region, region: regionId });
    regions.set(countryId, list);
    const key = `${countryId} ${regionId}`;
    beneficiaries.set(key, [
      ...(beneficiaries.get(key) ?? []),
      { label, budget, euBudget, numberProjects: Number(projects), transliteration: transliteration || null },
    ]);
  }
  // Kohesio lists more countries than the export asks for.
  countries.push({ instanceLabel: 'Italy', instance: 'https://linkedopendata.eu/entity/Q15' });
  return { countries, regions, beneficiaries };
})();

function kohesioApi(url: URL): unknown {
  const p = url.searchParams;
  if (url.pathname.endsWith('/api/facet/eu/countries')) return kohesio.countries;
  if (url.pathname.endsWith('/api/facet/eu/regions')) return kohesio.regions.get(p.get('country') ?? '') ?? [];
  if (url.pathname.endsWith('/api/facet/eu/search/beneficiaries')) {
    return { list: kohesio.beneficiaries.get(`${p.get('country')} ${p.get('region')}`) ?? [] };
  }
  return undefined;
}
const fail = new Map<string, number>();
const drop = new Map<string, number>();
/** Paths whose body stops after that many bytes and never ends (the client is killed meanwhile). */
const stall = new Map<string, number>();
/** Paths served like a plain file server: Last-Modified and If-Modified-Since, no ETag. */
const noEtag = new Set<string>();
let seen: Seen[] = [];

function serve(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const note = (status: number) =>
    seen.push({
      path,
      status,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      ifNoneMatch: req.headers['if-none-match'],
      ...(req.headers['if-modified-since'] ? { ifModifiedSince: req.headers['if-modified-since'] } : {}),
    });
  if (path.startsWith('/kohesio-beneficiaries/api/')) {
    const failures = fail.get(path) ?? 0;
    if (failures > 0) {
      fail.set(path, failures - 1);
      note(503);
      res.writeHead(503).end('busy');
      return;
    }
    const answer = kohesioApi(new URL(req.url ?? '/', 'http://127.0.0.1'));
    note(answer === undefined ? 404 : 200);
    res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer ?? {}));
    return;
  }
  const file = routes.get(path);
  if (!file) {
    note(404);
    res.writeHead(404).end('not here');
    return;
  }
  const failures = fail.get(path) ?? 0;
  if (failures > 0) {
    fail.set(path, failures - 1);
    note(503);
    res.writeHead(503, { 'retry-after': '0' }).end('busy');
    return;
  }
  const body = readFileSync(file);
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  const headers = {
    ...(noEtag.has(path) ? {} : { etag }),
    'last-modified': LAST_MODIFIED,
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
  };
  const notModifiedSince = noEtag.has(path) && req.headers['if-modified-since'] === LAST_MODIFIED;
  if (req.headers['if-none-match'] === etag || notModifiedSince) {
    note(304);
    res.writeHead(304, headers).end();
    return;
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  if (range && (!ifRange || ifRange === etag || ifRange === LAST_MODIFIED)) {
    const start = Number(range[1]);
    const end = range[2] ? Number(range[2]) : body.length - 1;
    note(206);
    res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
    res.end(body.subarray(start, end + 1));
    return;
  }
  note(200);
  res.writeHead(200, { ...headers, 'content-length': body.length });
  const stop = stall.get(path);
  if (stop !== undefined) {
    stall.delete(path);
    res.write(body.subarray(0, stop));
    return;
  }
  const cut = drop.get(path);
  if (cut !== undefined) {
    drop.delete(path);
    // Half a body, then the connection goes: the client must ask for the rest.
    res.write(body.subarray(0, cut), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

let server: Server;
let base = '';
let dir: string;
const env = () => ({ FETCH_BASE_URL: base });
const options = () => ({ dir, env: env(), retries: 3, backoffMs: 20, quiet: true });
const requestsFor = (path: string) => seen.filter((s) => s.path === path);

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rg-fetch-'));
  seen = [];
  fail.clear();
  drop.clear();
  stall.clear();
  noEtag.clear();
});

describe('npm run fetch, against a local publisher', () => {
  it('retries a server that fails twice, and resumes a body cut in the middle with a Range request', async () => {
    fail.set('/eea-grants/api/projects.json', 2);
    drop.set('/eea-grants/api/partners.json', 500_000);
    const report = await fetchSource('eea-grants', options());

    expect(requestsFor('/eea-grants/api/projects.json').map((s) => s.status)).toEqual([503, 503, 200]);
    const partners = requestsFor('/eea-grants/api/partners.json');
    expect(partners.map((s) => [s.status, s.range])).toEqual([
      [200, undefined],
      [206, `bytes=500000-${readFileSync(shippedFile('eea-grants', 'partners.json')).length - 1}`],
    ]);
    // Every file arrives whole, under the name its copy has in data/sources.
    for (const f of ENDPOINTS.find((e) => e.source === 'eea-grants')?.files ?? []) {
      expect(readFileSync(join(dir, 'eea-grants', f.file)).equals(readFileSync(shippedFile('eea-grants', f.file))), f.file).toBe(true);
    }
    expect(report.files.map((f) => f.outcome)).toEqual(Array(8).fill('downloaded'));
    expect(readdirSync(join(dir, 'eea-grants')).filter((n) => n.startsWith('.'))).toEqual(['.fetch.json']);
  });

  it('asks again with the ETag and keeps its files on 304', async () => {
    await fetchSource('keep-eu', options());
    const first = readFileSync(join(dir, 'keep-eu', 'keep-project-17853.json'));
    seen = [];
    const again = await fetchSource('keep-eu', options());
    expect(again.files.map((f) => f.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(seen.map((s) => s.status)).toEqual([304, 304]);
    const etag = `"${createHash('sha1').update(first).digest('hex')}"`;
    expect(seen[0]?.ifNoneMatch).toBe(etag);
    expect(readFileSync(join(dir, 'keep-eu', 'keep-project-17853.json')).equals(first)).toBe(true);
  });

  it('asks again with Last-Modified where the server gives no ETag', async () => {
    noEtag.add('/siruta/siruta.csv');
    await fetchSource('siruta', options());
    seen = [];
    const again = await fetchSource('siruta', options());
    expect(again.files.map((f) => [f.outcome, f.etag, f.lastModified])).toEqual([['unchanged', null, LAST_MODIFIED]]);
    expect(seen).toEqual([{ path: '/siruta/siruta.csv', status: 304, ifModifiedSince: LAST_MODIFIED }]);
  });

  it('continues a download an earlier run left half done, for the same version only', async () => {
    const whole = readFileSync(shippedFile('eea-grants', 'grants.json'));
    const etag = `"${createHash('sha1').update(whole).digest('hex')}"`;
    const partials = join(dir, 'eea-grants', '.partial');
    mkdirSync(partials, { recursive: true });
    const url = `${base}/eea-grants/api/grants.json`;
    writeFileSync(join(partials, 'grants.json'), whole.subarray(0, 100_000));
    writeFileSync(join(partials, 'state.json'), JSON.stringify({ 'grants.json': { url, etag, lastModified: null, bytes: whole.length } }));
    // Another file's partial, of a version the server no longer has: it starts again from the first byte.
    const projects = readFileSync(shippedFile('eea-grants', 'projects.json'));
    writeFileSync(join(partials, 'projects.json'), Buffer.from('stale bytes'));
    const state = JSON.parse(readFileSync(join(partials, 'state.json'), 'utf8'));
    state['projects.json'] = { url: `${base}/eea-grants/api/projects.json`, etag: '"old"', lastModified: null, bytes: 99 };
    // A weak ETag cannot go in If-Range: the date does.
    const pl = readFileSync(shippedFile('eea-grants', 'grants-PL.json'));
    writeFileSync(join(partials, 'grants-PL.json'), pl.subarray(0, 1000));
    state['grants-PL.json'] = {
      url: `${base}/eea-grants/api/grants/PL.json`,
      etag: 'W/"weak"',
      lastModified: LAST_MODIFIED,
      bytes: pl.length,
    };
    writeFileSync(join(partials, 'state.json'), JSON.stringify(state));

    const report = await fetchSource('eea-grants', options());
    expect(requestsFor('/eea-grants/api/grants.json')).toEqual([
      { path: '/eea-grants/api/grants.json', status: 206, range: 'bytes=100000-', ifRange: etag, ifNoneMatch: undefined },
    ]);
    expect(report.files.find((f) => f.file === 'grants.json')?.outcome).toBe('resumed');
    expect(readFileSync(join(dir, 'eea-grants', 'grants.json')).equals(whole)).toBe(true);
    expect(requestsFor('/eea-grants/api/projects.json').map((s) => [s.status, s.ifRange])).toEqual([[200, '"old"']]);
    expect(readFileSync(join(dir, 'eea-grants', 'projects.json')).equals(projects)).toBe(true);
    expect(requestsFor('/eea-grants/api/grants/PL.json').map((s) => [s.status, s.range, s.ifRange])).toEqual([
      [206, 'bytes=1000-', LAST_MODIFIED],
    ]);
    expect(readFileSync(join(dir, 'eea-grants', 'grants-PL.json')).equals(pl)).toBe(true);
    expect(existsSync(partials)).toBe(false);
  });

  it('continues a file after the command was killed in the middle of it', async () => {
    stall.set('/eea-grants/api/partners.json', 300_000);
    const child = spawn(process.execPath, [join(repoRoot(), 'ingest', 'dist', 'fetch-main.js'), 'eea-grants'], {
      env: { PATH: process.env.PATH ?? '', FETCH_BASE_URL: base, FETCH_DIR: dir },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const partial = join(dir, 'eea-grants', '.partial', 'partners.json');
    const deadline = Date.now() + 30_000;
    while (!(existsSync(partial) && statSync(partial).size === 300_000)) {
      if (Date.now() > deadline) throw new Error('the first 300,000 bytes never reached the partial file');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(dir, 'eea-grants', 'partners.json'))).toBe(false);

    seen = [];
    const whole = readFileSync(shippedFile('eea-grants', 'partners.json'));
    const report = await fetchSource('eea-grants', options());
    const etag = `"${createHash('sha1').update(whole).digest('hex')}"`;
    expect(requestsFor('/eea-grants/api/partners.json').map((r) => [r.status, r.range, r.ifRange])).toEqual([[206, 'bytes=300000-', etag]]);
    expect(report.files.find((f) => f.file === 'partners.json')?.outcome).toBe('resumed');
    expect(readFileSync(join(dir, 'eea-grants', 'partners.json')).equals(whole)).toBe(true);
    // The files the killed run had finished are not downloaded again.
    expect(requestsFor('/eea-grants/api/overview.json').map((r) => r.status)).toEqual([304]);
  });

  it('gives up after its retries with the URL and the status, keeping the files already fetched', async () => {
    fail.set('/keep-eu/api/project/33607/', 10);
    await expect(fetchSource('keep-eu', { ...options(), retries: 1 })).rejects.toThrow(
      new FetchError(`${base}/keep-eu/api/project/33607/: the server answered 503 after 2 attempt(s)`),
    );
    expect(requestsFor('/keep-eu/api/project/33607/')).toHaveLength(2);
    expect(existsSync(join(dir, 'keep-eu', 'keep-project-17853.json'))).toBe(true);
    expect(existsSync(join(dir, 'keep-eu', 'keep-project-33607.json'))).toBe(false);
  });

  it("walks Kohesio's beneficiary search into the export's TSV, byte for byte, retrying its answers", async () => {
    fail.set('/kohesio-beneficiaries/api/facet/eu/regions', 1);
    const report = await fetchSource('kohesio-beneficiaries', options());
    const written = readFileSync(join(dir, 'kohesio-beneficiaries', 'kohesio-beneficiaries.tsv'));
    expect(written.equals(readFileSync(KOHESIO_TSV))).toBe(true);
    // One country list, one region list per country (one of them asked twice), one page per region.
    const regionCount = [...kohesio.regions.values()].reduce((n, list) => n + list.length, 0);
    expect(seen.filter((s) => s.status === 200)).toHaveLength(1 + 11 + regionCount);
    expect(seen.filter((s) => s.status === 503)).toHaveLength(1);
    expect(report.files.map((f) => f.outcome)).toEqual(['downloaded']);
    expect((await fetchSource('kohesio-beneficiaries', options())).files.map((f) => f.outcome)).toEqual(['unchanged']);
  });

  it('refuses a Kohesio answer of another shape, naming the request', async () => {
    kohesio.countries.splice(
      kohesio.countries.findIndex((c) => c.instanceLabel === 'Poland'),
      1,
    );
    try {
      await expect(fetchSource('kohesio-beneficiaries', options())).rejects.toThrow(
        'api/facet/eu/countries?language=en: no country labelled "Poland"',
      );
    } finally {
      kohesio.countries.push({ instanceLabel: 'Poland', instance: 'https://linkedopendata.eu/entity/Q6Poland' });
    }
  });

  it('fetches the keep.eu projects FETCH_KEEP_EU_PROJECTS names, and refuses an ID that is no number', async () => {
    const report = await fetchSource('keep-eu', { ...options(), env: { ...env(), FETCH_KEEP_EU_PROJECTS: '33607' } });
    expect(report.files.map((f) => [f.file, f.url])).toEqual([['keep-project-33607.json', `${base}/keep-eu/api/project/33607/`]]);
    expect(readdirSync(join(dir, 'keep-eu')).filter((n) => !n.startsWith('.'))).toEqual(['keep-project-33607.json']);
    await expect(fetchSource('keep-eu', { ...options(), env: { ...env(), FETCH_KEEP_EU_PROJECTS: '33607, PGI06047' } })).rejects.toThrow(
      'FETCH_KEEP_EU_PROJECTS must list keep.eu project IDs (digits), not "PGI06047"',
    );
  });

  it('says where to get a register that has no fixed address', async () => {
    await expect(fetchSource('teryt', { dir, env: {} })).rejects.toThrow(/eTERYT.*FETCH_BASE_URL_TERYT/);
    // With a base URL for that source alone.
    const report = await fetchSource('teryt', { dir, env: { FETCH_BASE_URL_TERYT: `${base}/teryt` }, quiet: true });
    expect(report.files.map((f) => f.outcome)).toEqual(['downloaded']);
  });

  it('runs as npm run fetch, printing the folder to ingest', async () => {
    // Asynchronously: the server answering it lives in this process.
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(repoRoot(), 'ingest', 'dist', 'fetch-main.js'), ...args], {
        env: { PATH: process.env.PATH ?? '', FETCH_BASE_URL: base, FETCH_DIR: dir },
        encoding: 'utf8',
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const run = await cli(['countries', 'siruta']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('countries: 1 file(s): 1 downloaded, 0 resumed, 0 unchanged');
    expect(run.stdout).toContain(`load with: npm run ingest -- siruta ${join(dir, 'siruta')}`);
    const unknown = await cli(['atlantis']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, expect.stringContaining('unknown source "atlantis"')]);
  });
});

describe('fetched files, ingested', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('fetch');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('load as the bundled ones do, every source in order', { timeout: 300_000 }, async () => {
    const wiring = createWiring();
    const progress = createProgress(process.stderr, true);
    for (const { source } of SOURCE_FOLDERS) {
      const fetched = await fetchSource(source, options());
      const report = await runIngest(wiring, { source, paths: [fetched.folder], databaseUrl: db.url, reportFile: null, progress });
      expect([source, report.ok, report.rejections]).toEqual([source, true, []]);
      expect(report.totals.created, source).toBeGreaterThan(0);
      // Only the fetcher's own dot files are left unread: every fetched file is one the source reads.
      expect(
        report.files.filter((f) => !f.format),
        source,
      ).toEqual([]);
    }
  });
});
