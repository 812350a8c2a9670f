import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { Agent, type Dispatcher, interceptors, request } from 'undici';
import { UsageError } from './errors.js';
import { baseUrl, baseVariable, ENDPOINTS, type Endpoint, filesOf } from './endpoints.js';
import { kohesioBeneficiariesTsv } from './kohesio-api.js';

/**
 * `npm run fetch -- <source>`: the publisher's current files into a cache folder, one folder per source,
 * each file under the name its copy has in data/sources, so `npm run ingest -- <source> <that folder>` reads it.
 *
 * undici does the HTTP: its retry interceptor retries refused connections, resets and 429/5xx answers with
 * exponential backoff (honouring Retry-After), and when a connection drops in the middle of a body it asks
 * for the rest with a Range request (checking the ETag), so a download interrupted once is resumed in the same
 * run. Two things no maintained client does for files on disk are written here: resuming across runs (the
 * bytes already in `.partial/` are asked for with Range and If-Range, and kept only if the server answers
 * 206 for the same version), and the cache's validators kept beside the files (`.fetch.json`: ETag and
 * Last-Modified, sent back as If-None-Match and If-Modified-Since so an unchanged file costs one 304).
 * undici's cache interceptor keeps whole responses in its own store instead, which the ingest could not read.
 */

export interface FetchOptions {
  /** The cache folder; each source gets `<dir>/<source>/`. */
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** Retries after the first attempt (undici's maxRetries). */
  retries?: number;
  /** First backoff in ms; each retry waits twice as long, at most maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Where the progress bar and the lines go; a bar only on a terminal. */
  stream?: NodeJS.WriteStream;
  quiet?: boolean;
}

export type FileOutcome = 'downloaded' | 'resumed' | 'unchanged';

export interface FetchedFile {
  file: string;
  url: string;
  outcome: FileOutcome;
  bytes: number;
  etag: string | null;
  lastModified: string | null;
}

export interface FetchReport {
  source: string;
  folder: string;
  files: FetchedFile[];
  seconds: number;
}

interface Validators {
  url: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
  fetchedAt: string;
}

/** Thrown for an answer that is no file (404, a redirect loop, a 4xx): names the URL and the status. */
export class FetchError extends Error {
  override name = 'FetchError';
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | null => {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

const readJson = <T>(path: string, fallback: T): T => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
};

function dispatcher(options: FetchOptions): Dispatcher {
  return new Agent({ connectTimeout: 30_000, bodyTimeout: 60_000, headersTimeout: 60_000 }).compose(
    interceptors.retry({
      maxRetries: options.retries ?? 5,
      minTimeout: options.backoffMs ?? 1_000,
      maxTimeout: options.maxBackoffMs ?? 30_000,
      timeoutFactor: 2,
      statusCodes: [408, 429, 500, 502, 503, 504],
    }),
    interceptors.redirect({ maxRedirections: 5 }),
  );
}

/** Counts the bytes going through, for the progress bar. */
function counter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/**
 * A publisher API walked request by request (Kohesio's search), written as one file. Each request goes through
 * the same retries; the pages are small JSON answers, so neither Range nor a cache is kept for them: the file
 * is rewritten only when its content changed, and then counts as downloaded.
 */
async function walkApi(
  endpoint: Endpoint,
  base: string,
  folder: string,
  agent: Dispatcher,
  say: (line: string) => void,
): Promise<FetchedFile> {
  const { path, file } = endpoint.files[0] as Endpoint['files'][number];
  let requests = 0;
  const getJson = async (pathAndQuery: string): Promise<unknown> => {
    const url = new URL(pathAndQuery, base).toString();
    const response = await request(url, {
      dispatcher: agent,
      headers: { accept: 'application/json', 'user-agent': 'regiograph-fetch' },
    }).catch((error: unknown) => {
      throw failure(url, error);
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new FetchError(`${url}: the server answered ${response.statusCode}`);
    }
    requests += 1;
    return response.body.json().catch((error: Error) => {
      throw new FetchError(`${url}: not JSON (${error.message})`);
    });
  };
  const text = await kohesioBeneficiariesTsv(getJson);
  const target = join(folder, file);
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  if (!same) {
    writeFileSync(`${target}.new`, text);
    renameSync(`${target}.new`, target);
  }
  const bytes = Buffer.byteLength(text);
  say(`${endpoint.source}: ${file} ${same ? 'unchanged' : 'written'} from ${requests} answers of the API, ${bytes} bytes`);
  return { file, url: new URL(path, base).toString(), outcome: same ? 'unchanged' : 'downloaded', bytes, etag: null, lastModified: null };
}

/** undici's errors, once its retries are spent, as one line naming the URL. */
function failure(url: string, error: unknown): FetchError {
  const e = error as { code?: string; statusCode?: number; data?: { count?: number }; message?: string };
  if (e.code === 'UND_ERR_REQ_RETRY' && e.statusCode) {
    return new FetchError(`${url}: the server answered ${e.statusCode} after ${e.data?.count ?? '?'} attempt(s)`);
  }
  return new FetchError(`${url}: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
}

export function endpointOf(source: string): Endpoint {
  const endpoint = ENDPOINTS.find((e) => e.source === source);
  if (!endpoint) throw new UsageError(`unknown source "${source}"; known sources: ${ENDPOINTS.map((e) => e.source).join(', ')}, all`);
  return endpoint;
}

/** Fetches every file of one source into `<dir>/<source>/`. */
export async function fetchSource(source: string, options: FetchOptions): Promise<FetchReport> {
  const endpoint = endpointOf(source);
  const base = baseUrl(endpoint, options.env ?? process.env);
  const files = filesOf(endpoint, options.env ?? process.env);
  if (!base) throw new UsageError(`${source}: ${endpoint.note} (${baseVariable(source)})`);
  const started = Date.now();
  const folder = join(options.dir, source);
  const partials = join(folder, '.partial');
  mkdirSync(partials, { recursive: true });
  const stateFile = join(folder, '.fetch.json');
  const state = readJson<Record<string, Validators>>(stateFile, {});
  const partialState = readJson<Record<string, Validators>>(join(partials, 'state.json'), {});
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY) && !options.quiet;
  const say = (line: string) => {
    if (!options.quiet) stream.write(`${line}\n`);
  };
  const agent = dispatcher(options);
  const report: FetchReport = { source, folder, files: [], seconds: 0 };
  try {
    if (endpoint.walk) {
      report.files.push(await walkApi(endpoint, base, folder, agent, say));
      rmSync(partials, { recursive: true, force: true });
      return { ...report, seconds: (Date.now() - started) / 1000 };
    }
    for (const { path, file } of files) {
      const url = new URL(path, base).toString();
      const target = join(folder, file);
      const partial = join(partials, file);
      const known = existsSync(target) ? state[file] : undefined;
      const had = existsSync(partial) ? statSync(partial).size : 0;
      const partOf = had > 0 ? partialState[file] : undefined;
      const headers: Record<string, string> = { 'user-agent': 'regiograph-fetch' };
      // A partial file from an earlier run is continued only for the same version of the file (If-Range).
      // If-Range takes a strong ETag or a date only (RFC 9110, 13.1.5).
      const version = partOf?.etag && !partOf.etag.startsWith('W/') ? partOf.etag : partOf?.lastModified;
      const resumeFrom = partOf && partOf.url === url && version ? had : 0;
      if (resumeFrom > 0 && version) {
        headers.range = `bytes=${resumeFrom}-`;
        headers['if-range'] = version;
      } else if (known && known.url === url) {
        if (known.etag) headers['if-none-match'] = known.etag;
        if (known.lastModified) headers['if-modified-since'] = known.lastModified;
      }
      const response = await request(url, { dispatcher: agent, headers, method: 'GET' }).catch((error: unknown) => {
        throw failure(url, error);
      });
      const etag = header(response.headers, 'etag');
      const lastModified = header(response.headers, 'last-modified');
      if (response.statusCode === 304) {
        await response.body.dump();
        report.files.push({
          file,
          url,
          outcome: 'unchanged',
          bytes: known?.bytes ?? 0,
          etag: known?.etag ?? null,
          lastModified: known?.lastModified ?? null,
        });
        say(`${source}: ${file} unchanged (304)`);
        continue;
      }
      if (response.statusCode !== 200 && response.statusCode !== 206) {
        await response.body.dump();
        throw new FetchError(`${url}: the server answered ${response.statusCode}`);
      }
      const append = response.statusCode === 206 && resumeFrom > 0;
      if (response.statusCode === 206 && !append) throw new FetchError(`${url}: 206 to a request without Range`);
      const length = Number(header(response.headers, 'content-length') ?? Number.NaN);
      const total = (append ? resumeFrom : 0) + (Number.isFinite(length) ? length : 0);
      // Before the body: a kill from here on leaves a partial file that the next run can continue.
      partialState[file] = { url, etag, lastModified, bytes: total, fetchedAt: new Date().toISOString() };
      writeFileSync(join(partials, 'state.json'), `${JSON.stringify(partialState, null, 2)}\n`);
      let done = append ? resumeFrom : 0;
      const bar = tty
        ? new SingleBar({
            format: `${source}: ${file} [{bar}] {percentage}% {value}/{total} bytes, {eta_formatted} left`,
            stream,
            hideCursor: false,
            clearOnComplete: false,
          })
        : null;
      bar?.start(Math.max(total, done), done);
      try {
        await pipeline(
          response.body,
          counter((n) => {
            done += n;
            bar?.update(done);
          }),
          createWriteStream(partial, { flags: append ? 'a' : 'w' }),
        );
      } catch (error) {
        // What arrived stays in .partial/ for the next run to continue.
        throw failure(url, error);
      } finally {
        bar?.stop();
      }
      if (Number.isFinite(length) && done !== total) throw new FetchError(`${url}: got ${done} of ${total} bytes`);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(partial, target);
      delete partialState[file];
      writeFileSync(join(partials, 'state.json'), `${JSON.stringify(partialState, null, 2)}\n`);
      state[file] = { url, etag, lastModified, bytes: done, fetchedAt: new Date().toISOString() };
      writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
      const outcome: FileOutcome = append ? 'resumed' : 'downloaded';
      report.files.push({ file, url, outcome, bytes: done, etag, lastModified });
      say(`${source}: ${file} ${outcome === 'resumed' ? `resumed at byte ${resumeFrom}` : 'downloaded'}, ${done} bytes`);
    }
  } finally {
    await agent.close();
  }
  if (Object.keys(partialState).length === 0) rmSync(partials, { recursive: true, force: true });
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
