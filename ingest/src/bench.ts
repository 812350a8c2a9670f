import 'reflect-metadata';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { copyChunks, dropDatabase, ensureDatabase, redactUrl, withDatabaseName } from '@regiograph/lib';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createProgress, type Progress } from './progress.js';
import type { IngestReport, Wiring } from './run.js';
import { runAll } from './sources.js';
import { createWiring } from './wiring.js';
import { data as organisationsData } from '@regiograph/organisations';

/**
 * `npm run bench:ingest`: A/B rounds, each on a fresh database. A is `ingest all` end to end as the command
 * runs it (reading and checking every source's files, staging by COPY and merging, one transaction, one
 * identity step with its relinking at the end, the commit); B COPYs the very rows A staged, raw, into
 * unindexed tables of the same columns; B' COPYs them into empty tables made like the real ones (the same
 * keys and indexes, GIN included). Prints per-source figures of the first round (and of an idempotent
 * reload: 0 created, 0 updated), each round's figures and the medians of the ratios against B and B', and
 * where the identity step spends its time. DATABASE_URL picks the server (default: the local PostgreSQL at
 * 127.0.0.1:5432); BENCH_ROUNDS the rounds (default 2). The bench databases are created and dropped.
 */

/** Rows the data modules staged, as they sent them: the staging table's columns with their types, and COPY lines. */
interface Captured {
  columns: string;
  lines: string[];
}

const STAGE = /^create temporary table if not exists ("stage_[^"]+") \(([\s\S]*)\)$/;
const COPY = /^copy ("stage_[^"]+") \(/;

/** Records what the write path stages: the columns of each staging table and every line COPYed into it. */
function capture(into: Map<string, Captured>) {
  return (text: string, params: unknown[]) => {
    const stage = STAGE.exec(text);
    if (stage) {
      const name = stage[1] as string;
      if (!into.has(name)) into.set(name, { columns: stage[2] as string, lines: [] });
      return;
    }
    const copy = COPY.exec(text);
    if (copy) into.get(copy[1] as string)?.lines.push(...(params as string[]));
  };
}

/**
 * The same table rows, with their own columns and types, COPYed into unindexed tables without keys: what
 * the load writes, minus parsing, indexes, conflict handling, change detection and identity resolution.
 */
async function typedCopyBaseline(client: Client, captured: Map<string, Captured>): Promise<{ seconds: number; rows: number }> {
  let seconds = 0;
  let rows = 0;
  let n = 0;
  for (const { columns, lines } of captured.values()) {
    if (!lines.length) continue;
    const name = `bench_typed_${n++}`;
    await client.query(`drop table if exists ${name}`);
    await client.query(`create table ${name} (${columns})`);
    const started = performance.now();
    await pipeline(Readable.from(copyChunks(lines)), client.query(copyFrom(`copy ${name} from stdin`)));
    seconds += (performance.now() - started) / 1000;
    rows += lines.length;
    await client.query(`drop table ${name}`);
  }
  return { seconds, rows };
}

/** The quoted column names of a staging table's column list, in order. */
const columnNames = (columns: string) => [...columns.matchAll(/"((?:[^"]|"")+)" /g)].map((m) => (m[1] as string).replace(/""/g, '"'));

/**
 * The same rows COPYed into empty tables made `like` the real ones `including all` (the same columns,
 * defaults, keys, unique and GIN indexes; not the foreign keys): what a load into the hub's own schema
 * costs at least, whatever the loader does. Rows staged twice under one key (one file's place again in the
 * next file) are sent once, the last one, as a unique index refuses a second. Staging tables that map to no
 * real table (none today) are left out and counted in `rows` of the raw baseline only.
 */
async function indexedCopyBaseline(client: Client, captured: Map<string, Captured>): Promise<{ seconds: number; rows: number }> {
  const byTable = new Map<string, Array<{ columns: string; lines: string[] }>>();
  for (const [stage, c] of captured) {
    const m = /^"stage_([a-z]+)_(.+)_\d+(?:_command)?"$/.exec(stage);
    if (!m || !c.lines.length) continue;
    const table = `"${m[1]}"."${m[2]}"`;
    byTable.set(table, [...(byTable.get(table) ?? []), c]);
  }
  let seconds = 0;
  let rows = 0;
  let n = 0;
  for (const [table, parts] of byTable) {
    const key = (
      await client.query<{ name: string }>(
        `select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`,
        [table],
      )
    ).rows.map((r) => r.name);
    // Last line per key, across the table's staging column sets, then one COPY per column set.
    const kept = new Map<string, { part: number; line: string }>();
    for (const [i, part] of parts.entries()) {
      const names = columnNames(part.columns);
      const at = key.map((k) => names.indexOf(k));
      for (const line of part.lines) {
        const fields = line.split('\t');
        kept.set(at.map((j) => fields[j]).join('\t'), { part: i, line });
      }
    }
    const name = `bench_indexed_${n++}`;
    await client.query(`drop table if exists ${name}`);
    await client.query(`create table ${name} (like ${table} including all)`);
    for (const [i, part] of parts.entries()) {
      const lines = [...kept.values()].filter((k) => k.part === i).map((k) => k.line);
      if (!lines.length) continue;
      const started = performance.now();
      await pipeline(
        Readable.from(copyChunks(lines)),
        client.query(
          copyFrom(
            `copy ${name} (${columnNames(part.columns)
              .map((c) => `"${c.replace(/"/g, '""')}"`)
              .join(', ')}) from stdin`,
          ),
        ),
      );
      seconds += (performance.now() - started) / 1000;
      rows += lines.length;
    }
    await client.query(`drop table ${name}`);
  }
  return { seconds, rows };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Times the identity step's parts by wrapping the data modules' functions it calls. */
function profileIdentity(wiring: Wiring): Record<string, number> {
  const spent: Record<string, number> = { 'read records': 0, 'store resolution': 0, relink: 0 };
  const timed =
    <A extends unknown[], R>(label: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        spent[label] = (spent[label] ?? 0) + (performance.now() - started) / 1000;
      }
    };
  organisationsData.loadResolutionInput = timed('read records', organisationsData.loadResolutionInput.bind(organisationsData));
  organisationsData.applyResolution = timed('store resolution', organisationsData.applyResolution.bind(organisationsData));
  for (const module of Object.values(wiring.subgraphs)) {
    if (module.relinkOrganisations) module.relinkOrganisations = timed('relink', module.relinkOrganisations.bind(module));
  }
  return spent;
}

/** One `ingest all` run: its sources, its seconds end to end, and its one identity step's. */
interface AllRun {
  runs: SourceRun[];
  seconds: number;
  identity: number;
}

interface SourceRun {
  source: string;
  files: number;
  rows: number;
  seconds: number;
  load: number;
  write: number;
  created: number;
  updated: number;
  copy: { seconds: number; rows: number };
  indexed: { seconds: number; rows: number };
}

/** Loads every source in order into the database; each one's rows are then COPYed raw for the baseline. */
async function loadAll(wiring: Wiring, url: string, client: Client, quiet: Progress): Promise<AllRun> {
  const done: Array<{ report: IngestReport; captured: Map<string, Captured> }> = [];
  let captured = new Map<string, Captured>();
  const started = performance.now();
  // `ingest all` as the command runs it: every source in one transaction, one identity step at the end.
  const all = await runAll(wiring, {
    databaseUrl: url,
    reportFile: null,
    progress: quiet,
    tap: (text, params) => capture(captured)(text, params),
    onReport: (report) => {
      done.push({ report, captured });
      captured = new Map();
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (!all.ok)
    throw new Error(
      `ingest all did not load: ${JSON.stringify(all.reports.flatMap((r) => r.files.filter((f) => f.status !== 'loaded' && f.status !== 'unchanged')))}`,
    );
  const runs: SourceRun[] = [];
  for (const { report, captured: rows } of done) {
    const t = report.timings;
    runs.push({
      source: report.source,
      files: report.files.filter((f) => f.format).length,
      rows: report.totals.rows,
      seconds: report.seconds,
      load: t.parseSeconds + t.prepareSeconds + t.writeSeconds,
      write: t.writeSeconds,
      created: report.totals.created,
      updated: report.totals.updated,
      // B after A: the very rows this source's files staged, COPYed into unindexed tables.
      copy: await typedCopyBaseline(client, rows),
      // B' as well: the same rows COPYed into empty copies of the real, indexed tables.
      indexed: await indexedCopyBaseline(client, rows),
    });
  }
  return { runs, seconds, identity: all.identity?.seconds ?? 0 };
}

const sum = (runs: SourceRun[], f: (r: SourceRun) => number) => runs.reduce((n, r) => n + f(r), 0);

function printRuns(title: string, { runs, seconds, identity }: AllRun, fmt: Intl.NumberFormat): void {
  console.log(`== ${title}`);
  console.log(
    [
      'source',
      'files',
      'rows',
      'files s',
      'ingest rows/s',
      'COPY s',
      'COPY rows/s',
      'ingest/COPY',
      'COPY indexed s',
      'ingest/COPY indexed',
      'created',
      'updated',
    ].join('\t'),
  );
  for (const r of runs) {
    const rate = r.rows / r.seconds;
    const copyRate = r.copy.rows / r.copy.seconds;
    console.log(
      [
        r.source,
        String(r.files),
        fmt.format(r.rows),
        r.seconds.toFixed(2),
        fmt.format(rate),
        r.copy.seconds.toFixed(2),
        fmt.format(copyRate),
        (rate / copyRate).toFixed(2),
        r.indexed.seconds.toFixed(2),
        (rate / (r.indexed.rows / r.indexed.seconds)).toFixed(2),
        fmt.format(r.created),
        fmt.format(r.updated),
      ].join('\t'),
    );
  }
  console.log(
    `then one identity step for every source: ${identity.toFixed(2)} s; the whole run, end to end (preparing, every source, identity step, commit): ${seconds.toFixed(2)} s`,
  );
  console.log('');
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS || 2));
  const wiring = createWiring();
  const spent = profileIdentity(wiring);
  const quiet = createProgress(process.stderr, true);
  const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  console.log(
    `bench:ingest: ${rounds} rounds, each a fresh database (created, dropped after): A = ingest all, end to end (reading the files, preparing, staging by COPY and merging every source in one transaction, one identity step, commit); B = a raw COPY of the very rows A staged into unindexed tables of the same columns, right after each source; B' = the same rows COPYed into empty tables made like the real ones (same columns, keys and indexes, GIN included; no foreign keys)`,
  );
  const pairs: Array<{
    ingest: number;
    rows: number;
    copy: number;
    copyRows: number;
    indexed: number;
    indexedRows: number;
    load: number;
    write: number;
    identity: number;
  }> = [];
  const identityParts: Array<Record<string, number>> = [];
  for (let round = 0; round < rounds; round++) {
    const url = withDatabaseName(base, `rg_bench_ingest_${process.pid}_${round}`);
    await ensureDatabase(url);
    const client = new Client({ connectionString: url });
    try {
      const prepared = performance.now();
      await wiring.prepare(url);
      if (round === 0)
        console.log(`on ${redactUrl(url)}; prepare (migrations + seeds): ${((performance.now() - prepared) / 1000).toFixed(1)} s\n`);
      await client.connect();
      for (const k of Object.keys(spent)) spent[k] = 0;
      const all = await loadAll(wiring, url, client, quiet);
      const runs = all.runs;
      identityParts.push({ ...spent });
      pairs.push({
        ingest: all.seconds,
        rows: sum(runs, (r) => r.rows),
        copy: sum(runs, (r) => r.copy.seconds),
        copyRows: sum(runs, (r) => r.copy.rows),
        indexed: sum(runs, (r) => r.indexed.seconds),
        indexedRows: sum(runs, (r) => r.indexed.rows),
        load: sum(runs, (r) => r.load),
        write: sum(runs, (r) => r.write),
        identity: all.identity,
      });
      if (round === 0) {
        printRuns(`round 1, first load`, all, fmt);
        printRuns('round 1, reload (no change)', await loadAll(wiring, url, client, quiet), fmt);
      }
    } finally {
      await client.end().catch(() => undefined);
      await dropDatabase(url);
    }
  }
  console.log(
    "all sources, first load, per round (A = ingest end to end; B = raw COPY of the same rows into unindexed tables; B' = COPY of them into empty tables like the real ones, indexes included):",
  );
  const rate = (rows: number, seconds: number) => rows / seconds;
  for (const [i, p] of pairs.entries()) {
    console.log(
      `  round ${i + 1}: A ${p.ingest.toFixed(2)} s for ${fmt.format(p.rows)} rows = ${fmt.format(rate(p.rows, p.ingest))} rows/s; B ${p.copy.toFixed(2)} s = ${fmt.format(rate(p.copyRows, p.copy))} rows/s; B' ${p.indexed.toFixed(2)} s = ${fmt.format(rate(p.indexedRows, p.indexed))} rows/s; A/B ${(rate(p.rows, p.ingest) / rate(p.copyRows, p.copy)).toFixed(3)}, A/B' ${(rate(p.rows, p.ingest) / rate(p.indexedRows, p.indexed)).toFixed(3)}`,
    );
  }
  const ratio = (f: (p: (typeof pairs)[number]) => number, against: 'raw' | 'indexed' = 'raw') =>
    median(pairs.map((p) => rate(p.rows, f(p)) / (against === 'raw' ? rate(p.copyRows, p.copy) : rate(p.indexedRows, p.indexed))));
  console.log(`medians over ${pairs.length} rounds:`);
  console.log(
    `  end to end (identity step included): ${ratio((p) => p.ingest).toFixed(3)} x raw COPY into unindexed tables (the target's baseline: >= 0.33); ${ratio((p) => p.ingest, 'indexed').toFixed(3)} x COPY into the empty indexed tables`,
  );
  console.log(
    `  load without the identity step (read, check, prepare, stage, merge): ${ratio((p) => p.load).toFixed(3)} x raw COPY, ${ratio((p) => p.load, 'indexed').toFixed(3)} x indexed COPY; the writes alone (stage + merge): ${ratio((p) => p.write).toFixed(3)} x raw COPY, ${ratio((p) => p.write, 'indexed').toFixed(3)} x indexed COPY`,
  );
  console.log(
    `  seconds: ingest ${median(pairs.map((p) => p.ingest)).toFixed(2)}, of which writes ${median(pairs.map((p) => p.write)).toFixed(2)}, identity ${median(pairs.map((p) => p.identity)).toFixed(2)}; raw COPY ${median(pairs.map((p) => p.copy)).toFixed(2)}, indexed COPY ${median(pairs.map((p) => p.indexed)).toFixed(2)}`,
  );
  const parts = Object.keys(spent).map((k) => `${k} ${median(identityParts.map((x) => x[k] ?? 0)).toFixed(2)} s`);
  const resolving = median(pairs.map((p, i) => p.identity - Object.values(identityParts[i] ?? {}).reduce((a, b) => a + b, 0)));
  console.log(`  identity step: ${parts.join(', ')}, resolving in memory ${resolving.toFixed(2)} s`);
  const mem = process.memoryUsage();
  console.log(`peak-ish memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
