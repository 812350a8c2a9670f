import 'reflect-metadata';
import { join } from 'node:path';
import {
  type EmbeddedPostgres,
  embeddedDatabaseOwner,
  freePort,
  parseDatabaseUrl,
  parsePort,
  redactUrl,
  repoRoot,
  startEmbeddedPostgres,
} from '@regiograph/lib';
import { IngestError, UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { describeIdentity, describeRejection, type IngestReport, runIngest } from './run.js';
import { ALL_SOURCES, bundledFolders, runAll, SOURCE_FOLDERS } from './sources.js';
import { createWiring, resolveIdentitiesOnly } from './wiring.js';

const USAGE = `usage: npm run ingest -- <source> [<file or folder>...] [options]
       npm run ingest -- all              every source's bundled files (data/sources, or SOURCES_DIR), in order
       npm run ingest -- identities       re-run identity resolution (after editing seeds/organisation-matches.yaml)
       npm run ingest -- --list           list the sources and what each reads

A source with no file or folder reads its bundled folders (data/sources, or SOURCES_DIR).

options:
  --dry-run          report what would change, write nothing
  --lenient          load the valid records of a file that has invalid ones (default: strict, the file loads nothing)
  --report <file>    where to write the JSON report (default .data/ingest/<time>-<source>.json; with all, one
                     file for the whole run); --no-report for none
  --quiet            no progress output, only the summary

Database: DATABASE_URL when set; otherwise the embedded PGlite of \`npm start\` (its running hub, or the
data folder .data/pglite directly when no hub runs).`;

interface Args {
  source?: string;
  paths: string[];
  dryRun: boolean;
  lenient: boolean;
  report?: string | null;
  quiet: boolean;
  list: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], dryRun: false, lenient: false, quiet: false, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--lenient') args.lenient = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--list') args.list = true;
    else if (a === '--no-report') args.report = null;
    else if (a === '--report') {
      const v = argv[++i];
      if (!v) throw new UsageError('--report needs a file name');
      args.report = v;
    } else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (!args.source) args.source = a;
    else args.paths.push(a);
  }
  return args;
}

/** The database to write to, and how to let go of it. */
async function openDatabase(): Promise<{ url: string; label: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const url = parseDatabaseUrl(process.env.DATABASE_URL, 'DATABASE_URL');
    return { url, label: `PostgreSQL at ${redactUrl(url)}`, close: async () => undefined };
  }
  const dir = process.env.PGLITE_DIR || join(repoRoot(), '.data', 'pglite');
  const port = parsePort(process.env.PGLITE_PORT, 'PGLITE_PORT', 54320);
  const owner = embeddedDatabaseOwner(dir);
  if (owner) {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return { url, label: `the running hub's embedded PGlite (${dir}, process ${owner})`, close: async () => undefined };
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
  return { url: embedded.url, label: `embedded PGlite in ${dir}`, close: () => embedded.stop() };
}

/** Test hook of the kill tests: says where it stopped, then waits for the signal. */
async function pause(variable: string): Promise<void> {
  console.error(`paused inside the transaction (${variable})`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const wiring = createWiring();
  if (args.list) {
    for (const c of wiring.connectors) {
      const bundled = SOURCE_FOLDERS.find((s) => s.source === c.name)?.folders ?? [];
      console.log(`${c.name.padEnd(22)} ${c.description}${bundled.length ? ` [bundled: ${bundled.join(', ')}]` : ''}`);
    }
    console.log(`${ALL_SOURCES.padEnd(22)} every source above with its bundled folders, in this order`);
    return 0;
  }
  if (!args.source) throw new UsageError(USAGE);
  if (args.source === ALL_SOURCES && args.paths.length) {
    throw new UsageError(`${ALL_SOURCES} reads the bundled folders (data/sources, or SOURCES_DIR) and takes no file or folder`);
  }
  // Checked before the database opens: a missing bundled folder is a usage error.
  const paths =
    args.source === ALL_SOURCES ||
    args.source === 'identities' ||
    args.paths.length ||
    !wiring.connectors.some((c) => c.name === args.source)
      ? args.paths
      : bundledFolders(args.source);
  const db = await openDatabase();
  try {
    if (args.source === 'identities') {
      console.log(describeIdentity(await resolveIdentitiesOnly(wiring, db.url)));
      return 0;
    }
    const progress = createProgress(process.stderr, args.quiet);
    progress.log(`${args.dryRun ? 'Dry run against' : 'Loading into'} ${db.label}`);
    const common = {
      databaseUrl: db.url,
      dryRun: args.dryRun,
      lenient: args.lenient,
      reportFile: args.report,
      progress,
      // For the kill tests: stop inside the command's transaction, until killed: after a file's first chunk,
      // or in the identity step (its resolution stored, the references not yet relinked).
      afterChunk: process.env.INGEST_PAUSE_AFTER_FIRST_CHUNK === '1' ? () => pause('INGEST_PAUSE_AFTER_FIRST_CHUNK') : undefined,
      beforeRelink: process.env.INGEST_PAUSE_IN_IDENTITY === '1' ? () => pause('INGEST_PAUSE_IN_IDENTITY') : undefined,
    };
    if (args.source === ALL_SOURCES) {
      const all = await runAll(wiring, { ...common, onReport: summarise });
      const t = total(all.reports);
      console.log(
        `${ALL_SOURCES}: ${all.reports.length} of ${SOURCE_FOLDERS.length} source(s): ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.rejected} rejected${args.dryRun ? ' (dry run: nothing written)' : ''} in ${all.seconds.toFixed(1)} s`,
      );
      if (all.notRun.length) console.error(`not loaded, as an earlier source failed: ${all.notRun.join(', ')}`);
      // Each source's own report is written once the run has committed (or rolled back).
      for (const r of all.reports) if (r.reportFile) console.log(`report: ${r.reportFile}`);
      if (all.reportFile) console.log(`report: ${all.reportFile}`);
      return all.ok ? 0 : 1;
    }
    const report = await runIngest(wiring, { ...common, source: args.source, paths });
    summarise(report);
    return report.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

/** The rejections and the one-line summary of one source's command. */
function summarise(report: IngestReport): void {
  if (report.rejections.length) {
    console.error(`${report.rejections.length} rejected record(s):`);
    for (const r of report.rejections.slice(0, 50)) console.error(describeRejection(r));
    if (report.rejections.length > 50) console.error(`  ... and ${report.rejections.length - 50} more in the report`);
  }
  const t = report.totals;
  console.log(
    `${report.source}: ${report.files.filter((f) => f.format).length} file(s), ${t.records} records -> ${t.rows} rows: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.rejected} rejected${report.dryRun ? ' (dry run: nothing written)' : ''} in ${report.seconds.toFixed(1)} s`,
  );
  if (report.reportFile) console.log(`report: ${report.reportFile}`);
}

function total(reports: IngestReport[]): IngestReport['totals'] {
  const t = { records: 0, rows: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };
  for (const r of reports) for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += r.totals[k];
  return t;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof IngestError) {
      console.error(`ingest: ${error.message}`);
      process.exit(2);
    }
    console.error(`ingest failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
