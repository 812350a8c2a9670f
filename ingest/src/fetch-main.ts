import { isAbsolute, join, relative } from 'node:path';
import { repoRoot } from '@regiograph/lib';
import { baseUrl, baseVariable, ENDPOINTS, filesOf } from './endpoints.js';
import { UsageError } from './errors.js';
import { FetchError, fetchSource } from './fetch.js';

const USAGE = `usage: npm run fetch -- <source>... [--quiet]   the publisher's current files of each source
       npm run fetch -- all                       every source with a publisher endpoint
       npm run fetch -- --list                    the sources and their endpoints

Files go to FETCH_DIR (default .data/fetch), one folder per source; load one with
  npm run ingest -- <source> .data/fetch/<source>
FETCH_BASE_URL (each source under <url>/<source>/) or FETCH_BASE_URL_<SOURCE> (e.g. FETCH_BASE_URL_EEA_GRANTS)
override the publishers' addresses; FETCH_RETRIES (5) and FETCH_BACKOFF_MS (1000) tune the retries;
FETCH_KEEP_EU_PROJECTS (comma-separated keep.eu project IDs) fetches other keep.eu projects than the two samples.`;

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number of 0 or more, not "${raw}"`);
  return n;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const quiet = argv.includes('--quiet');
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--quiet' && a !== '--list');
  if (unknown) throw new UsageError(`unknown option ${unknown}\n${USAGE}`);
  if (argv.includes('--list')) {
    for (const e of ENDPOINTS) {
      const base = baseUrl(e);
      console.log(`${e.source.padEnd(22)} ${e.publisher}`);
      for (const f of filesOf(e))
        console.log(
          `${''.padEnd(22)} ${base ? new URL(f.path, base).toString() : `(no fixed address: set ${baseVariable(e.source)})`} -> ${f.file}`,
        );
    }
    return 0;
  }
  const named = argv.filter((a) => !a.startsWith('-'));
  if (named.length === 0) throw new UsageError(USAGE);
  const sources = named.includes('all') ? ENDPOINTS.filter((e) => baseUrl(e)).map((e) => e.source) : named;
  const dir = process.env.FETCH_DIR || join(repoRoot(), '.data', 'fetch');
  const options = { dir, quiet, retries: positive('FETCH_RETRIES', 5), backoffMs: positive('FETCH_BACKOFF_MS', 1000) };
  for (const source of sources) {
    const report = await fetchSource(source, options);
    const count = (o: string) => report.files.filter((f) => f.outcome === o).length;
    // Relative to where the command runs when the folder lies below it (the default .data/fetch), else as is.
    const below = relative(process.cwd(), report.folder);
    const shown = below && !below.startsWith('..') && !isAbsolute(below) ? below : report.folder;
    console.log(
      `${source}: ${report.files.length} file(s): ${count('downloaded')} downloaded, ${count('resumed')} resumed, ${count('unchanged')} unchanged in ${report.seconds.toFixed(1)} s; load with: npm run ingest -- ${source} ${shown}`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`fetch: ${error.message}`);
      process.exit(2);
    }
    console.error(`fetch failed: ${error instanceof FetchError ? error.message : (error as Error).stack}`);
    process.exit(1);
  },
);
