import 'reflect-metadata';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { dropDatabase, ensureDatabase, redactUrl, sourcesDir, withDatabaseName } from '@regiograph/lib';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createProgress } from './progress.js';
import { planFiles, runIngest } from './run.js';
import { SOURCE_FOLDERS } from './sources.js';
import { createWiring } from './wiring.js';

/**
 * `npm run bench:ingest`: loads every source folder into a fresh database, in dependency-free order, and
 * prints rows per second per source next to a plain COPY of the same rows in the same database and run, as a
 * ratio. Two COPY baselines: the very table rows the load upserted, each into an unindexed copy of its
 * table's columns (the like-for-like one), and the connectors' rows as one jsonb line each into a single
 * two-column table (the cheapest COPY there is). Then loads everything again to show the cost of an
 * idempotent re-run (0 created, 0 updated).
 * DATABASE_URL picks the server (default: the local PostgreSQL at 127.0.0.1:5432); the bench database is
 * created and dropped.
 */

async function copyBaseline(client: Client, lines: string[]): Promise<number> {
  await client.query('drop table if exists bench_copy');
  await client.query('create table bench_copy (target text, row jsonb)');
  const started = performance.now();
  const stream = client.query(copyFrom('copy bench_copy (target, row) from stdin'));
  await pipeline(Readable.from(lines.map((l) => `${l}\n`)), stream);
  const seconds = (performance.now() - started) / 1000;
  await client.query('drop table bench_copy');
  return seconds;
}

/** COPY text format: backslash, tab and newline escaped. */
function copyField(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Rows the data modules upserted, as they sent them: table, column types, column-keyed rows. */
interface Captured {
  table: string;
  columns: Array<{ name: string; type: string }>;
  rows: Array<Record<string, unknown>>;
}

const UPSERT = /insert into ("[^"]+"\."[^"]+") as t[\s\S]*?jsonb_to_recordset\(\$1::jsonb\) as x\(([\s\S]*?)\)\s+on conflict/;

function capture(into: Map<string, Captured>) {
  return (text: string, params: unknown[]) => {
    const m = UPSERT.exec(text);
    if (!m) return;
    const table = m[1] as string;
    const columns = [...(m[2] as string).matchAll(/"((?:[^"]|"")+)" ([a-z ]+(?:\[\])?)/g)].map((c) => ({
      name: c[1] as string,
      type: c[2] as string,
    }));
    const key = `${table}|${columns.map((c) => c.name).join(',')}`;
    const entry = into.get(key) ?? { table, columns, rows: [] };
    entry.rows.push(...(JSON.parse(params[0] as string) as Array<Record<string, unknown>>));
    into.set(key, entry);
  };
}

/** One value in COPY text format for a column of the given type. */
function copyValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N';
  if (type.endsWith('[]')) {
    const items = (value as unknown[]).map((e) => (e === null ? 'NULL' : `"${String(e).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
    return copyField(`{${items.join(',')}}`);
  }
  if (type === 'jsonb' || type === 'json') return copyField(JSON.stringify(value));
  return copyField(String(value));
}

/**
 * The same table rows, with their own columns and types, COPYed into unindexed tables without keys: what
 * the load writes, minus indexes, conflict handling and change detection.
 */
async function typedCopyBaseline(client: Client, captured: Map<string, Captured>): Promise<{ seconds: number; rows: number }> {
  let seconds = 0;
  let rows = 0;
  let n = 0;
  for (const { columns, rows: list } of captured.values()) {
    const name = `bench_typed_${n++}`;
    await client.query(`drop table if exists ${name}`);
    await client.query(`create table ${name} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
    const lines = list.map((r) => `${columns.map((c) => copyValue(r[c.name], c.type)).join('\t')}\n`);
    const started = performance.now();
    const stream = client.query(copyFrom(`copy ${name} (${columns.map((c) => `"${c.name}"`).join(', ')}) from stdin`));
    await pipeline(Readable.from(lines), stream);
    seconds += (performance.now() - started) / 1000;
    rows += list.length;
    await client.query(`drop table ${name}`);
  }
  return { seconds, rows };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = withDatabaseName(base, `rg_bench_ingest_${process.pid}`);
  await ensureDatabase(url);
  const wiring = createWiring();
  const quiet = createProgress(process.stderr, true);
  const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  console.log(`bench:ingest on ${redactUrl(url)} (created for this run, dropped after)`);
  const prepared = performance.now();
  await wiring.prepare(url);
  console.log(`prepare (migrations + seeds): ${((performance.now() - prepared) / 1000).toFixed(1)} s\n`);
  const client = new Client({ connectionString: url });
  await client.connect();
  let allRows = 0;
  let allIngest = 0;
  let allLoad = 0;
  let allWrite = 0;
  let allParse = 0;
  let allCopyRows = 0;
  let allJson = 0;
  let allJsonRows = 0;
  let allIdentity = 0;
  let allCopy = 0;
  try {
    for (const pass of ['first load', 'reload (no change)'] as const) {
      console.log(`== ${pass}`);
      console.log(
        [
          'source',
          'files',
          'rows',
          'load s',
          'load rows/s',
          'COPY s',
          'COPY rows/s',
          'load/COPY',
          'COPY(jsonb) rows/s',
          'load/COPY(jsonb)',
          'identity s',
          'total/COPY',
          'created',
          'updated',
        ].join('\t'),
      );
      for (const { source, folders } of SOURCE_FOLDERS) {
        const paths = folders.map((f) => join(sourcesDir(), f));
        const captured = new Map<string, Captured>();
        const started = performance.now();
        const report = await runIngest(wiring, {
          source,
          paths,
          databaseUrl: url,
          reportFile: null,
          progress: quiet,
          tap: capture(captured),
        });
        const ingestSeconds = (performance.now() - started) / 1000;
        if (!report.ok)
          throw new Error(
            `${source} did not load: ${JSON.stringify(report.files.filter((f) => f.status !== 'loaded' && f.status !== 'unchanged'))}`,
          );
        // Baseline 1: the very rows the load upserted, each into an unindexed copy of its table's columns.
        const typed = await typedCopyBaseline(client, captured);
        // Baseline 2: the connectors' rows as one jsonb line each into a two-column table (the cheapest COPY).
        const connector = wiring.connectors.find((c) => c.name === source);
        if (!connector) throw new Error(source);
        const { planned } = planFiles(connector, paths);
        const lines: string[] = [];
        for (const p of planned) {
          for (const [subgraph, tables] of Object.entries(p.parsed.rows)) {
            for (const [table, list] of Object.entries(tables ?? {})) {
              for (const row of (list as unknown[] | undefined) ?? [])
                lines.push(`${subgraph}.${table}\t${copyField(JSON.stringify(row))}`);
            }
          }
        }
        const jsonSeconds = await copyBaseline(client, lines);
        const rows = report.totals.rows;
        // The load: reading and checking every file, preparing the database, the set-based upserts with their
        // change detection, one transaction per file. Identity resolution is the step after it.
        const t = report.timings;
        const loadSeconds = t.parseSeconds + t.prepareSeconds + t.writeSeconds;
        const loadRate = rows / loadSeconds;
        const ingestRate = rows / ingestSeconds;
        const copyRate = typed.rows / typed.seconds;
        const jsonRate = lines.length / jsonSeconds;
        if (pass === 'first load') {
          allRows += rows;
          allIngest += ingestSeconds;
          allLoad += loadSeconds;
          allWrite += t.writeSeconds;
          allParse += t.parseSeconds;
          allIdentity += t.identitySeconds;
          allCopy += typed.seconds;
          allCopyRows += typed.rows;
          allJson += jsonSeconds;
          allJsonRows += lines.length;
        }
        const line = [
          source,
          String(report.files.filter((f) => f.format).length),
          fmt.format(rows),
          loadSeconds.toFixed(2),
          fmt.format(loadRate),
          typed.seconds.toFixed(2),
          fmt.format(copyRate),
          (loadRate / copyRate).toFixed(2),
          fmt.format(jsonRate),
          (loadRate / jsonRate).toFixed(2),
          t.identitySeconds.toFixed(2),
          (ingestRate / copyRate).toFixed(2),
          fmt.format(report.totals.created),
          fmt.format(report.totals.updated),
        ];
        console.log(line.join('\t'));
      }
      console.log('');
    }
    const ingestRate = allRows / allIngest;
    const loadRate = allRows / allLoad;
    const copyRate = allCopyRows / allCopy;
    const jsonRate = allJsonRows / allJson;
    console.log(`all sources, first load: ${fmt.format(allRows)} rows`);
    console.log(`  COPY of the same table rows into unindexed tables: ${fmt.format(copyRate)} rows/s`);
    console.log(`  COPY of the connectors' rows as jsonb lines into one unindexed table: ${fmt.format(jsonRate)} rows/s`);
    console.log(
      `  load (read, check, upsert): ${fmt.format(loadRate)} rows/s = ${(loadRate / copyRate).toFixed(2)} x COPY of the table rows, ${(loadRate / jsonRate).toFixed(2)} x COPY of jsonb lines (target >= 0.33)`,
    );
    console.log(
      `    of which reading and checking the files ${allParse.toFixed(1)} s; the upserts alone: ${fmt.format(allRows / allWrite)} rows/s = ${(allRows / allWrite / copyRate).toFixed(2)} x COPY of the table rows`,
    );
    console.log(
      `  end to end (load + ${allIdentity.toFixed(1)} s of identity resolution over every organisation record): ${fmt.format(ingestRate)} rows/s = ${(ingestRate / copyRate).toFixed(2)} x COPY of the table rows`,
    );
    const mem = process.memoryUsage();
    console.log(`peak-ish memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await client.end();
    await dropDatabase(url);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ingest failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
