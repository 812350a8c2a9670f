import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import {
  closeSession,
  type IdentityReport,
  type IngestOptions,
  type IngestReport,
  openSession,
  prepareFor,
  runIngest,
  sumTotals,
  type Wiring,
  writeReport,
} from './run.js';

/**
 * Which folders of data/sources (or SOURCES_DIR) each source reads, in an order where each source finds what
 * it needs already loaded: countries before the regions under them, NUTS before the municipality registers
 * placed in its regions, and every place before the programmes, projects and beneficiaries placed there.
 * `npm run ingest -- all` loads them in this order; the bench and the tests too.
 */
export const SOURCE_FOLDERS: Array<{ source: string; folders: string[] }> = [
  { source: 'countries', folders: ['country-codes'] },
  { source: 'nuts', folders: ['nuts-2021-2024', 'kohesio-nuts-wikidata'] },
  { source: 'teryt', folders: ['pl-teryt-terc-2024'] },
  { source: 'siruta', folders: ['ro-siruta-lau'] },
  { source: 'eea-grants', folders: ['eea-grants-2009-2014'] },
  { source: 'keep-eu', folders: ['keep-eu-api-samples', 'keep-eu-nuts3-aggregates-2014-2020'] },
  { source: 'kohesio-beneficiaries', folders: ['kohesio-beneficiaries-2023'] },
];

/** The pseudo-source of `npm run ingest -- all`: every source of SOURCE_FOLDERS, in order. */
export const ALL_SOURCES = 'all';

/** The bundled folders of one source (under data/sources, or SOURCES_DIR), checked to exist. */
export function bundledFolders(source: string, dir: string = sourcesDir()): string[] {
  const entry = SOURCE_FOLDERS.find((s) => s.source === source);
  if (!entry) {
    throw new UsageError(
      `no bundled files for source "${source}"; give its files or folders, or one of: ${SOURCE_FOLDERS.map((s) => s.source).join(', ')}, ${ALL_SOURCES}`,
    );
  }
  const paths = entry.folders.map((folder) => join(dir, folder));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    throw new UsageError(
      `the ${source} files are not where they should be (${missing.join(', ')} missing); set SOURCES_DIR to a folder holding ${entry.folders.join(', ')}, or give the files on the command line`,
    );
  }
  return paths;
}

export interface AllOptions extends Omit<IngestOptions, 'source' | 'paths' | 'reportFile' | 'session'> {
  /** The folder holding the source folders; default data/sources (SOURCES_DIR). */
  dir?: string;
  /** Undefined: each source writes its own default report; null: none; a file: one report for the whole run. */
  reportFile?: string | null;
  /** Called with each source's report as soon as it is done. */
  onReport?: (report: IngestReport) => void;
}

export interface AllReport {
  source: typeof ALL_SOURCES;
  ok: boolean;
  seconds: number;
  /** One report per source loaded, in order; a strict run stops after the first source that is not ok. */
  reports: IngestReport[];
  /** Sources not loaded because an earlier one failed (their places or organisations would be missing). */
  notRun: string[];
  /** The one identity step after every source (absent when no source changed records or references). */
  identity?: IdentityReport;
  reportFile: string | null;
}

/**
 * Loads every source's bundled folders in dependency order, in ONE transaction: each source's files as
 * its command would load them, then one identity step for all of them, then one commit. The identity
 * step resolves everything stored, so running it after each source only redid the earlier sources' work;
 * and a kill at any moment leaves nothing of the run, or all of it resolved. A source's reports (and their
 * files, when each source writes its own) are complete once the run has committed.
 */
export async function runAll(wiring: Wiring, options: AllOptions): Promise<AllReport> {
  const started = Date.now();
  const progress = options.progress ?? createProgress();
  const dir = options.dir ?? sourcesDir();
  // Every folder is checked before anything is written, so a missing one is a usage error, not half a load.
  const { dir: _dir, onReport, reportFile, ...ingestOptions } = options;
  const plan = SOURCE_FOLDERS.map(({ source }) => ({ source, paths: bundledFolders(source, dir) }));
  const combined = typeof reportFile === 'string';
  const result: AllReport = { source: ALL_SOURCES, ok: true, seconds: 0, reports: [], notRun: [], reportFile: null };
  const prepared = await prepareFor(wiring, options);
  const session = await openSession(options.databaseUrl);
  const startedAt = new Map<IngestReport, Date>();
  try {
    for (const [i, { source, paths }] of plan.entries()) {
      if (!result.ok && !options.lenient) {
        result.notRun.push(source);
        continue;
      }
      progress.log(`[${i + 1}/${plan.length}] ${source}: ${paths.join(' ')}`);
      const report = await runIngest(wiring, { ...ingestOptions, source, paths, progress, reportFile: null, session });
      if (i === 0 && prepared) report.prepared = prepared;
      startedAt.set(report, new Date(report.startedAt));
      result.reports.push(report);
      onReport?.(report);
      result.ok &&= report.ok;
    }
  } catch (error) {
    // A source's files could not be read (nothing of it written): the sources before it are kept, resolved.
    if (!session.broken) await closeSession(session, wiring, { ...ingestOptions, progress });
    throw error;
  }
  const closed = await closeSession(session, wiring, { ...ingestOptions, progress });
  if (closed.identity) result.identity = closed.identity;
  if (closed.failed) {
    result.ok = false;
    for (const r of result.reports) {
      r.ok = false;
      sumTotals(r);
    }
  }
  result.seconds = (Date.now() - started) / 1000;
  if (reportFile === undefined) for (const r of result.reports) writeReport(r, undefined, startedAt.get(r) ?? new Date(started));
  if (combined) {
    const file = resolve(reportFile as string);
    mkdirSync(dirname(file), { recursive: true });
    result.reportFile = file;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}
