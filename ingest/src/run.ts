import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type OrganisationLink,
  type SourceRow,
  type Sql,
  type WriteCounts,
  clearFoldCaches,
  clearPublicBodyCaches,
  CommandWrites,
  clientSql,
  redactUrl,
  serverTakesCopy,
  sumResults,
} from '@regiograph/lib';
import { Client } from 'pg';
import { IngestError, UsageError } from './errors.js';
import { readInput } from './formats.js';
import { createProgress, type Progress } from './progress.js';
import type { Connector, FileInput, IngestRows, ParsedFile, Rejection } from './types.js';

/** What the orchestrator needs from each subgraph's data module. */
export interface SubgraphData {
  schema: string;
  // biome-ignore lint/suspicious/noExplicitAny: each module takes its own row type
  write(sql: Sql, rows: any): Promise<WriteCounts>;
  relinkOrganisations?(sql: Sql, links: OrganisationLink[]): Promise<number>;
  /** Rebuilds the module's statistics fact tables (StatisticsRefresher). */
  refreshStatistics?(sql: Sql): Promise<number>;
}

export interface IdentitySummary {
  records: number;
  organisations: number;
  merged: number;
  /** Organisation rows the resolution created, updated or deleted, and record links it changed. */
  changes: number;
}

/** Identity resolution over everything stored: returns the record -> canonical organisation links. */
export interface IdentityResolver {
  resolve(sql: Sql): Promise<{ links: OrganisationLink[]; summary: IdentitySummary }>;
  /** True when stored records still wait for resolution (an earlier run stopped before its identity step). */
  pending(sql: Sql): Promise<boolean>;
}

/** Tables whose change calls for a new identity resolution: the records, and the references to them. */
const IDENTITY_TABLES = new Set([
  'organisations.organisation_record',
  'projects.partnership',
  'funding.programme_participant',
  'funding.grant',
]);

function touchesIdentity(r: FileReport): boolean {
  return Object.entries(r.tables).some(([table, c]) => IDENTITY_TABLES.has(table) && c.created + c.updated > 0);
}

export interface Wiring {
  connectors: Connector[];
  subgraphs: Record<keyof IngestRows, SubgraphData>;
  identity: IdentityResolver;
  /** Migrates every subgraph's schema and seeds the empty ones, as the hub does on start. */
  prepare(databaseUrl: string): Promise<{ migrated: string[]; seeded: string[] }>;
  /** Whether every subgraph's migrations are applied (a dry run cannot apply them). */
  pendingMigrations(databaseUrl: string): Promise<string[]>;
  /**
   * Copies what the filters of one subgraph read from another's data (place ancestry, organisation kinds,
   * programme funds) through the data modules, before the commit; returns the rows changed.
   */
  derive?(sql: Sql): Promise<number>;
  /** Rebuilds every subgraph's statistics fact tables in the caller's transaction (last step before a commit). */
  refreshStatistics?(sql: Sql): Promise<number>;
}

export interface IngestOptions {
  source: string;
  paths: string[];
  databaseUrl: string;
  dryRun?: boolean;
  lenient?: boolean;
  /** Where to write the JSON report; null for none. Default .data/ingest/<time>-<source>.json */
  reportFile?: string | null;
  progress?: Progress;
  /** Rows per data-module call; default all of a table's rows in the file (one staging COPY and one merge). */
  chunk?: number;
  /** Test hook, called inside each file's transaction after every chunk is written. */
  afterChunk?: (file: string, written: number) => Promise<void>;
  /** Sees every statement the data modules send while writing files (the benchmark records the rows so). */
  tap?: (text: string, params: unknown[]) => void;
  /** Test hook, called inside the command's transaction before the identity step resolves. */
  beforeIdentity?: () => Promise<void>;
  /** Test hook, called in the identity step once the resolution is stored, before the references are relinked. */
  beforeRelink?: () => Promise<void>;
  /**
   * A session several commands share (`ingest all`): the command writes its files in it and leaves the
   * preparing of the database, the identity step, the commit and its report file to the session's owner.
   */
  session?: IngestSession;
}

export type FileStatus = 'loaded' | 'unchanged' | 'dry-run' | 'rejected' | 'skipped' | 'failed';

export interface FileReport {
  file: string;
  format: string | null;
  status: FileStatus;
  /** Why a file was skipped or failed. */
  why?: string;
  records: number;
  rows: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  tables: WriteCounts;
  /** The connector's remarks on valid records it did not load as they stand. */
  notes?: string[];
  seconds: number;
}

/** The identity step after the files: resolution over everything stored, then relinking the other subgraphs. */
export interface IdentityReport extends IdentitySummary {
  /** References in projects and funding moved to another canonical organisation. */
  relinked: number;
  seconds: number;
}

export interface IngestReport {
  source: string;
  database: string;
  dryRun: boolean;
  lenient: boolean;
  startedAt: string;
  seconds: number;
  prepared?: { migrated: string[]; seeded: string[] };
  files: FileReport[];
  /** Set when a file brought organisation records or references to them. */
  identity?: IdentityReport;
  /** Where the time went: reading and parsing every file, preparing the database, writing, identities. */
  timings: { parseSeconds: number; prepareSeconds: number; writeSeconds: number; identitySeconds: number };
  rejections: Rejection[];
  totals: { records: number; rows: number; rejected: number; created: number; updated: number; unchanged: number };
  /** False when a file was rejected (strict) or failed: the command exits non-zero. */
  ok: boolean;
  reportFile: string | null;
}

interface Planned {
  input: FileInput;
  format: string;
  sourceRow: SourceRow;
  parsed: ParsedFile;
  rejections: Rejection[];
}

/** The source row of one data file: dataset terms plus the file name. */
export function sourceRowFor(connector: Connector, file: string, format?: string): SourceRow {
  const d = (format && connector.datasetFor?.(format)) || connector.dataset;
  return {
    id: `src:${connector.name}:${file}`,
    kind: 'DATASET',
    title: `${d.title}: ${file}`,
    dataset: connector.name,
    file,
    publisher: d.publisher,
    url: d.url,
    licence: d.licence,
    attribution: d.attribution,
    retrievedOn: d.retrievedOn,
  };
}

/** Expands the command line's files and folders into files to read, each flagged explicit or found in a folder. */
export function expandPaths(paths: string[]): Array<{ path: string; explicit: boolean }> {
  if (paths.length === 0) throw new UsageError('no file or folder given');
  const out: Array<{ path: string; explicit: boolean }> = [];
  for (const p of paths) {
    const abs = resolve(p);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      const names = readdirSync(abs)
        .filter((n) => !n.startsWith('.'))
        .sort();
      for (const n of names) if (statSync(join(abs, n)).isFile()) out.push({ path: join(abs, n), explicit: false });
    } else out.push({ path: abs, explicit: true });
  }
  return out;
}

/** Reads and parses every file before anything is written: a file-level error stops the command with nothing written. */
export function planFiles(connector: Connector, paths: string[]): { planned: Planned[]; skipped: FileReport[] } {
  const planned: Planned[] = [];
  const skipped: FileReport[] = [];
  const seen = new Set<string>();
  for (const { path, explicit } of expandPaths(paths)) {
    if (seen.has(path)) continue;
    seen.add(path);
    const input = readInput(path);
    const detected = connector.detect(input);
    if (detected.format === null) {
      if (explicit) throw new IngestError(input.path, null, `not a ${connector.name} file: ${detected.why}`);
      skipped.push({ ...emptyReport(input.path, null, 'skipped'), why: detected.why });
      continue;
    }
    const sourceRow = sourceRowFor(connector, input.name, detected.format);
    const rejections: Rejection[] = [];
    const parsed = connector.parse(input, detected.format, {
      sourceId: sourceRow.id,
      reject: (r) => rejections.push({ file: input.path, ...r }),
    });
    planned.push({ input, format: detected.format, sourceRow, parsed, rejections });
  }
  return { planned, skipped };
}

function emptyReport(file: string, format: string | null, status: FileStatus): FileReport {
  return { file, format, status, records: 0, rows: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, tables: {}, seconds: 0 };
}

function rowCount(parsed: ParsedFile): number {
  let n = 0;
  for (const rows of Object.values(parsed.rows)) {
    for (const list of Object.values(rows ?? {})) if (Array.isArray(list)) n += list.length;
  }
  return n;
}

function hasOrganisationRefs(parsed: ParsedFile): boolean {
  const r = parsed.rows;
  return Boolean(
    r.organisations?.organisationRecords?.length ||
      r.projects?.partnerships?.some((p) => p.organisationRecordId) ||
      r.funding?.participants?.length ||
      r.funding?.grants?.some((g) => g.organisationRecordId),
  );
}

/** Advisory lock key: one ingest (or identity run) at a time per database; its identity step reads everything. */
export const INGEST_LOCK = 7_263_501;

/** Takes the ingest lock for this session, or fails with a clear message if another run holds it. */
export async function lockIngest(client: Client): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [INGEST_LOCK]);
  if (!rows[0]?.locked) throw new UsageError('another ingest is running against this database; try again when it has finished');
}

/** The data modules' executor on the command's connection (COPY where the server takes it). */
export function sqlOf(client: Client, copy = false): Sql {
  return clientSql(client, copy);
}

/**
 * Writes one file's rows through every subgraph's data module, inside the transaction (or savepoint) the
 * caller opened for the file: a failure, or a kill, leaves the database as it was before the file.
 */
async function loadFile(
  plain: Sql,
  wiring: Wiring,
  plan: Planned,
  options: IngestOptions,
  progress: Progress,
  offset: number,
): Promise<FileReport> {
  const started = Date.now();
  const tap = options.tap;
  let sql = plain;
  if (tap) {
    sql = <T>(text: string, params: unknown[] = []) => {
      tap(text, params);
      return plain<T>(text, params);
    };
    const copy = plain.copyFrom;
    if (copy)
      sql.copyFrom = (statement, lines) => {
        const list = [...lines];
        tap(statement, list);
        return copy(statement, list);
      };
    if (plain.command) sql.command = plain.command;
  }
  const report = emptyReport(plan.input.path, plan.format, 'loaded');
  report.records = plan.parsed.records;
  report.rejected = plan.rejections.length;
  if (plan.parsed.notes?.length) report.notes = plan.parsed.notes;
  // One staging COPY and one merge per table per file by default; a test may ask for smaller steps.
  const chunk = options.chunk ?? Number.POSITIVE_INFINITY;
  const add = (counts: WriteCounts) => {
    for (const [table, r] of Object.entries(counts)) {
      const prev = report.tables[table];
      report.tables[table] = prev ? sumResults([prev, r]) : r;
    }
  };
  let written = 0;
  for (const key of ['organisations', 'projects', 'funding', 'outcomes'] as const) {
    const rows = plan.parsed.rows[key] as Record<string, unknown[] | undefined> | undefined;
    if (!rows || Object.values(rows).every((l) => !l?.length)) continue;
    const module = wiring.subgraphs[key];
    add(await module.write(sql, { sources: [plan.sourceRow] }));
    report.rows += 1; // the file's source row in this subgraph
    for (const [table, list] of Object.entries(rows)) {
      if (table === 'sources' || !list?.length) continue;
      for (let i = 0; i < list.length; i += chunk) {
        const part = list.slice(i, i + chunk);
        add(await module.write(sql, { [table]: part }));
        written += part.length;
        report.rows += part.length;
        progress.tick(offset + written, plan.input.name);
        if (options.afterChunk) await options.afterChunk(plan.input.path, written);
      }
    }
  }
  settle(report, options);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** A file report's totals and status, from its per-table counts. */
function settle(report: FileReport, options: { dryRun?: boolean }): void {
  const total = sumResults(Object.values(report.tables));
  report.created = total.created;
  report.updated = total.updated;
  report.unchanged = total.unchanged;
  report.status = options.dryRun ? 'dry-run' : total.created + total.updated === 0 ? 'unchanged' : 'loaded';
}

/**
 * The command's one merge per `perCommand` table, after its files: each file's report gets the counts of
 * the rows it brought. Inside the command's savepoint: when a merge fails, nothing of the command stays and
 * its loaded files are marked failed.
 */
async function flushCommand(
  client: Client,
  sql: Sql,
  writes: CommandWrites,
  loaded: Array<{ index: number; report: FileReport }>,
  options: IngestOptions,
): Promise<string | null> {
  try {
    const counts = await writes.flush(sql);
    for (const { index, report } of loaded) {
      for (const [table, c] of Object.entries(counts.get(index) ?? {})) {
        const prev = report.tables[table];
        report.tables[table] = prev ? sumResults([prev, c]) : c;
      }
      settle(report, options);
    }
    await client.query('release savepoint command');
    return null;
  } catch (error) {
    await client.query('rollback to savepoint command');
    await client.query('release savepoint command');
    const why = `merging the command's rows failed (${(error as Error).message}); nothing of the command was kept`;
    for (const { report } of loaded) Object.assign(report, { status: 'failed', why, created: 0, updated: 0, unchanged: 0, tables: {} });
    return why;
  }
}

/**
 * What every write that bypasses a source's session ends with (`ingest -- identities`, `generate` and its
 * `--remove`): the identity step, then the filters' derived copies and the statistics fact tables, in the
 * caller's transaction, so the new rows are found by region, fund and kind and counted in the figures.
 */
export async function resolveAndDerive(sql: Sql, wiring: Wiring): Promise<IdentityReport> {
  const report = await resolveAndRelink(sql, wiring);
  if (wiring.derive) await wiring.derive(sql);
  if (wiring.refreshStatistics) await wiring.refreshStatistics(sql);
  return report;
}

/** Rows a load must have written to a table before its statistics are refreshed ahead of the identity step. */
export const ANALYZE_AFTER_ROWS = 10_000;

/**
 * Refreshes the planner's statistics of the tables a load wrote many rows to (`counts`: table -> rows
 * written), before the identity step and the derived copies join them. Autovacuum analyses a table only
 * after its rows are committed, and then when it gets to it: right after a large load (one transaction of
 * an ingest session, or `generate`'s chunks) the planner still sees the table as it was. So planned, the
 * relink of 300,000 synthetic partnerships ran as a nested loop over the staged links for more than 11
 * minutes; with fresh statistics, a hash join of under a minute. ANALYZE samples (30,000 rows by default),
 * so it takes about a second on a table of millions, and it sees the session's own uncommitted rows.
 * Returns the tables analysed.
 */
export async function analyzeWritten(sql: Sql, counts: Readonly<Record<string, number>>): Promise<string[]> {
  const tables = Object.entries(counts)
    .filter(([table, n]) => n >= ANALYZE_AFTER_ROWS && /^[a-z_]+\.[a-z_]+$/.test(table))
    .map(([table]) => table)
    .sort();
  for (const table of tables) {
    const [schema, name] = table.split('.') as [string, string];
    await sql(`analyze "${schema}"."${name}"`);
  }
  return tables;
}

/** Rows written per table by a session's files (created and updated), for analyzeWritten. */
export function rowsWritten(reports: readonly FileReport[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) for (const [table, c] of Object.entries(r.tables)) out[table] = (out[table] ?? 0) + c.created + c.updated;
  return out;
}

/** Identity resolution over everything stored, then relinking projects' and funding's references. */
export async function resolveAndRelink(sql: Sql, wiring: Wiring, beforeRelink?: () => Promise<void>): Promise<IdentityReport> {
  const started = Date.now();
  const { links, summary } = await wiring.identity.resolve(sql);
  if (beforeRelink) await beforeRelink();
  let relinked = 0;
  for (const key of ['projects', 'funding'] as const) {
    const relink = wiring.subgraphs[key].relinkOrganisations;
    if (relink) relinked += await relink.call(wiring.subgraphs[key], sql, links);
  }
  return { ...summary, relinked, seconds: (Date.now() - started) / 1000 };
}

const fmt = new Intl.NumberFormat('en-GB');

export function describeFile(r: FileReport): string {
  const name = r.file.split('/').pop();
  if (r.status === 'skipped') return `skipped ${name}: ${r.why}`;
  if (r.status === 'rejected')
    return `rejected ${name}: ${fmt.format(r.rejected)} invalid record(s) of ${fmt.format(r.records)}; nothing loaded from it (strict mode; --lenient loads the valid ones)`;
  if (r.status === 'failed') return `FAILED ${name}: ${r.why}; the file was rolled back`;
  if (r.rows === 0 && r.status !== 'dry-run') {
    return `checked ${name} [${r.format}]: ${fmt.format(r.records)} records, valid; nothing in it for the hub to store (${r.seconds.toFixed(1)} s)`;
  }
  const verb = r.status === 'dry-run' ? 'would load' : r.status === 'unchanged' ? 'unchanged' : 'loaded';
  const rejected = r.rejected ? `; ${fmt.format(r.rejected)} rejected (lenient)` : '';
  return `${verb} ${name} [${r.format}]: ${fmt.format(r.records)} records -> ${fmt.format(r.rows)} rows: ${fmt.format(r.created)} created, ${fmt.format(r.updated)} updated, ${fmt.format(r.unchanged)} unchanged${rejected} (${r.seconds.toFixed(1)} s)`;
}

export function describeIdentity(r: IdentityReport): string {
  return `identities: ${fmt.format(r.records)} source records -> ${fmt.format(r.organisations)} organisations (${fmt.format(r.merged)} merged); ${fmt.format(r.changes)} links or organisations changed, ${fmt.format(r.relinked)} references relinked (${r.seconds.toFixed(1)} s)`;
}

export function describeRejection(r: Rejection): string {
  const where = [r.line !== undefined ? `line ${r.line}` : null, r.path ?? null].filter(Boolean).join(', ');
  return `  ${r.file}${where ? ` (${where})` : ''}${r.recordId ? ` record ${r.recordId}` : ''}: ${r.field}: ${r.reason}`;
}

/** Runs one ingest command. Throws UsageError / IngestError for bad input, before anything is written. */
export async function runIngest(wiring: Wiring, options: IngestOptions): Promise<IngestReport> {
  const startedAt = new Date();
  const progress = options.progress ?? createProgress();
  const connector = wiring.connectors.find((c) => c.name === options.source);
  if (!connector) {
    throw new UsageError(`unknown source "${options.source}"; known sources: ${wiring.connectors.map((c) => c.name).join(', ')}`);
  }
  const parseStarted = Date.now();
  const { planned, skipped } = planFiles(connector, options.paths);
  const parseSeconds = (Date.now() - parseStarted) / 1000;
  if (planned.length === 0) {
    throw new UsageError(
      `no ${connector.name} file among ${options.paths.join(' ')}${skipped.length ? ` (skipped: ${skipped.map((s) => `${s.file.split('/').pop()}: ${s.why}`).join('; ')})` : ''}`,
    );
  }

  const report: IngestReport = {
    source: connector.name,
    database: redactUrl(options.databaseUrl),
    dryRun: Boolean(options.dryRun),
    lenient: Boolean(options.lenient),
    startedAt: startedAt.toISOString(),
    seconds: 0,
    files: [...skipped],
    timings: { parseSeconds, prepareSeconds: 0, writeSeconds: 0, identitySeconds: 0 },
    rejections: planned.flatMap((p) => p.rejections),
    totals: { records: 0, rows: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 },
    ok: true,
    reportFile: null,
  };
  for (const s of skipped) progress.log(describeFile(s));

  const own = !options.session;
  const prepareStarted = Date.now();
  if (own) {
    const prepared = await prepareFor(wiring, options);
    if (prepared) report.prepared = prepared;
  }
  report.timings.prepareSeconds = (Date.now() - prepareStarted) / 1000;

  const session = options.session ?? (await openSession(options.databaseUrl));
  const { client } = session;
  // The command's own writes: its perCommand tables are merged once, after its files (COPY only).
  const writes = new CommandWrites();
  let sql = session.sql;
  if (session.sql.copyFrom) {
    const plain = session.sql;
    sql = <T>(text: string, params?: unknown[]) => plain<T>(text, params);
    sql.copyFrom = plain.copyFrom;
    sql.command = writes;
  }
  const writeStarted = Date.now();
  const loaded: Array<{ index: number; report: FileReport }> = [];
  try {
    await client.query('savepoint command');
    const loadable = planned.filter((p) => options.lenient || p.rejections.length === 0);
    const total = loadable.reduce((n, p) => n + rowCount(p.parsed), 0);
    progress.start(total, connector.name);
    let offset = 0;
    let failed = false;
    for (const plan of planned) {
      if (failed) {
        // After a failed file the command stops: the files after it are listed as not loaded, not left out.
        report.files.push({
          ...emptyReport(plan.input.path, plan.format, 'skipped'),
          records: plan.parsed.records,
          why: 'not loaded: an earlier file failed',
        });
        continue;
      }
      if (!options.lenient && plan.rejections.length) {
        const r = emptyReport(plan.input.path, plan.format, 'rejected');
        r.records = plan.parsed.records;
        r.rejected = plan.rejections.length;
        report.files.push(r);
        report.ok = false;
        progress.log(describeFile(r));
        continue;
      }
      await client.query('savepoint file');
      writes.beginFile(loaded.length);
      try {
        const r = await loadFile(sql, wiring, plan, options, progress, offset);
        await client.query('release savepoint file');
        writes.keepFile();
        offset += rowCount(plan.parsed);
        report.files.push(r);
        loaded.push({ index: loaded.length, report: r });
        session.loaded.push(r);
        session.refsSeen ||= hasOrganisationRefs(plan.parsed);
      } catch (error) {
        await client.query('rollback to savepoint file').catch(() => undefined);
        writes.dropFile();
        const r = emptyReport(plan.input.path, plan.format, 'failed');
        r.why = (error as Error).message;
        report.files.push(r);
        report.ok = false;
        progress.log(describeFile(r));
        failed = true;
      }
    }
    const flushed = await flushCommand(client, sql, writes, loaded, options);
    if (flushed) report.ok = false;
    progress.finish();
    // The files' lines once their counts are known (after the command's merges).
    for (const { report: r } of loaded) {
      for (const note of r.notes ?? []) progress.log(`  note: ${note}`);
      session.identityNeeded ||= touchesIdentity(r);
      progress.log(describeFile(r));
    }
    report.timings.writeSeconds = (Date.now() - writeStarted) / 1000;
  } catch (error) {
    // Nothing of the session stays: its transaction is rolled back (a shared one for every command in it).
    await client.query('rollback').catch(() => undefined);
    session.broken = true;
    if (own) await endSession(session);
    throw error;
  }
  if (own) {
    const closed = await closeSession(session, wiring, { ...options, progress });
    if (closed.identity) report.identity = closed.identity;
    if (closed.failed) report.ok = false;
    report.timings.identitySeconds = report.identity?.seconds ?? 0;
  }
  sumTotals(report);
  report.seconds = (Date.now() - startedAt.getTime()) / 1000;
  // In a shared session the report is written by its owner once the session has ended (ingest all).
  if (own) writeReport(report, options.reportFile, startedAt);
  return report;
}

/** Migrates and seeds the database as the hub does; a dry run only checks that nothing is pending. */
export async function prepareFor(
  wiring: Wiring,
  options: { databaseUrl: string; dryRun?: boolean },
): Promise<{ migrated: string[]; seeded: string[] } | undefined> {
  if (!options.dryRun) return wiring.prepare(options.databaseUrl);
  const pending = await wiring.pendingMigrations(options.databaseUrl);
  if (pending.length) {
    throw new UsageError(
      `--dry-run needs a prepared database, but migrations are pending (${pending.join(', ')}); run the ingest without --dry-run or start the hub once`,
    );
  }
  return undefined;
}

/**
 * The connection and transaction of one ingest command, or of several sharing it (`ingest all`): each
 * file in a savepoint (a failed file is rolled back alone and the command stops), then one identity step
 * for everything the session loaded, then one commit. So a kill at any moment leaves either nothing of the
 * session, or its files with their records resolved and every reference relinked: no committed record
 * waits for an identity step that never ran. A dry run rolls it all back at the end.
 */
export interface IngestSession {
  client: Client;
  sql: Sql;
  /** A file changed records or references to them: the identity step must run before the commit. */
  identityNeeded: boolean;
  /** A file brought references to organisation records (an earlier run may have left them unresolved). */
  refsSeen: boolean;
  /** The files loaded in this session so far (an identity failure marks them failed). */
  loaded: FileReport[];
  /** Set when the transaction was rolled back by an error: nothing of the session stays. */
  broken?: boolean;
}

/** Connects, takes the ingest lock (or fails clearly when another run holds it) and opens the transaction. */
export async function openSession(databaseUrl: string): Promise<IngestSession> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await lockIngest(client);
    const copy = await serverTakesCopy(client);
    // The statements of a load touch many rows once: JIT compiling them costs more than it saves (2.5 of the
    // 2.8 s of reading the identity step's anchors on the full open data, and similar shares of large merges).
    await client.query('set jit = off');
    // This session only: a commit returns without waiting for its WAL to reach the disk. A crash of the server
    // right after may lose the last command's commit (the command then did not happen, and a rerun loads it);
    // it never leaves a half-written command or a corrupt database, and other sessions keep the server's setting.
    await client.query('set synchronous_commit = off');
    // Staging tables are temporary, so they live in the session's own buffers: 8 MB by default, less than the
    // largest file's rows (the Kohesio records), which then spill to disk between the COPY and the merge.
    // (Without COPY, on PGlite, nothing is staged; its one backend session is shared with the hub.)
    if (copy) await client.query(`set temp_buffers = '256MB'`);
    await client.query('begin');
    return { client, sql: sqlOf(client, copy), identityNeeded: false, refsSeen: false, loaded: [] };
  } catch (error) {
    await client.end();
    throw error;
  }
}

async function endSession(session: IngestSession): Promise<void> {
  await session.client.end();
  clearFoldCaches();
  clearPublicBodyCaches();
}

/**
 * Ends a session: the identity step when a file asked for it (one resolution for everything the session
 * loaded), then the commit (a rollback for a dry run). When the identity step fails, nothing of the session
 * stays and its loaded files are marked failed; `failed` then says why.
 */
export async function closeSession(
  session: IngestSession,
  wiring: Wiring,
  options: { dryRun?: boolean; progress: Progress; beforeIdentity?: () => Promise<void>; beforeRelink?: () => Promise<void> },
): Promise<{ identity?: IdentityReport; failed?: string }> {
  const { client, sql } = session;
  try {
    // Nothing about organisations changed: the stored resolution still holds, unless an earlier run (of a
    // version that committed before its identity step) left records unresolved.
    if (!session.identityNeeded && session.refsSeen) session.identityNeeded = await wiring.identity.pending(sql);
    // The identity step and the derived copies join what the files just wrote: plan them on its statistics.
    await analyzeWritten(sql, rowsWritten(session.loaded));
    let identity: IdentityReport | undefined;
    if (session.identityNeeded) {
      try {
        if (options.beforeIdentity) await options.beforeIdentity();
        identity = await resolveAndRelink(sql, wiring, options.beforeRelink);
        options.progress.log(describeIdentity(identity));
      } catch (error) {
        // Without their identity step the files' records would be unreachable: nothing of the session stays.
        await client.query('rollback');
        const why = `identity resolution failed (${(error as Error).message}); the command was rolled back`;
        for (const r of session.loaded) Object.assign(r, { status: 'failed', why, created: 0, updated: 0, unchanged: 0, tables: {} });
        options.progress.log(`FAILED identity resolution: ${(error as Error).message}; nothing of this command was kept`);
        return { failed: why };
      }
    }
    // Whatever the files changed (places, organisations, programmes, partnerships), the filters' copies follow.
    if (wiring.derive && (session.loaded.length > 0 || identity)) await wiring.derive(sql);
    // The figures follow what the command stored, in its transaction: readers see old figures or new, never half.
    if (wiring.refreshStatistics) await wiring.refreshStatistics(sql);
    await client.query(options.dryRun ? 'rollback' : 'commit');
    return { identity };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await endSession(session);
  }
}

/** The report's totals, from its files (again after an identity failure marked them failed). */
export function sumTotals(report: IngestReport): void {
  report.totals = { records: 0, rows: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };
  for (const f of report.files) {
    report.totals.records += f.records;
    report.totals.rows += f.rows;
    report.totals.rejected += f.rejected;
    report.totals.created += f.created;
    report.totals.updated += f.updated;
    report.totals.unchanged += f.unchanged;
  }
}

/** Writes the JSON report (default .data/ingest/<time>-<source>.json; null: none). */
export function writeReport(report: IngestReport, reportFile: string | null | undefined, startedAt: Date): void {
  const file =
    reportFile === null
      ? null
      : resolve(reportFile ?? join('.data', 'ingest', `${startedAt.toISOString().replace(/[:.]/g, '-')}-${report.source}.json`));
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...report, reportFile: file }, null, 2)}\n`);
  report.reportFile = file;
}
