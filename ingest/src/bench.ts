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
 * prints rows per second per source next to a plain COPY of the same rows (as jsonb, one per line) into an
 * unindexed table in the same database and run, as a ratio. Then loads everything again to show the cost of
 * an idempotent re-run (0 created, 0 updated).
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
  let allIdentity = 0;
  let allCopy = 0;
  try {
    for (const pass of ['first load', 'reload (no change)'] as const) {
      console.log(`== ${pass}`);
      console.log(
        ['source', 'files', 'rows', 'load s', 'load rows/s', 'COPY s', 'COPY rows/s', 'load/COPY', 'identity s', 'total s', 'total/COPY', 'created', 'updated'].join('\t'),
      );
      for (const { source, folders } of SOURCE_FOLDERS) {
        const paths = folders.map((f) => join(sourcesDir(), f));
        const started = performance.now();
        const report = await runIngest(wiring, { source, paths, databaseUrl: url, reportFile: null, progress: quiet });
        const ingestSeconds = (performance.now() - started) / 1000;
        if (!report.ok) throw new Error(`${source} did not load: ${JSON.stringify(report.files.filter((f) => f.status !== 'loaded' && f.status !== 'unchanged'))}`);
        // The same rows, as COPY would take them: one jsonb line per row, into an unindexed table.
        const connector = wiring.connectors.find((c) => c.name === source);
        if (!connector) throw new Error(source);
        const { planned } = planFiles(connector, paths);
        const lines: string[] = [];
        for (const p of planned) {
          for (const [subgraph, tables] of Object.entries(p.parsed.rows)) {
            for (const [table, list] of Object.entries(tables ?? {})) {
              for (const row of (list as unknown[] | undefined) ?? []) lines.push(`${subgraph}.${table}\t${copyField(JSON.stringify(row))}`);
            }
          }
        }
        const copySeconds = await copyBaseline(client, lines);
        const rows = report.totals.rows;
        // The load: reading and checking every file, preparing the database, the set-based upserts with their
        // change detection, one transaction per file. Identity resolution is the step after it.
        const t = report.timings;
        const loadSeconds = t.parseSeconds + t.prepareSeconds + t.writeSeconds;
        const loadRate = rows / loadSeconds;
        const ingestRate = rows / ingestSeconds;
        const copyRate = lines.length / copySeconds;
        if (pass === 'first load') {
          allRows += rows;
          allIngest += ingestSeconds;
          allLoad += loadSeconds;
          allIdentity += t.identitySeconds;
          allCopy += copySeconds;
        }
        const line = [
          source,
          String(report.files.filter((f) => f.format).length),
          fmt.format(rows),
          loadSeconds.toFixed(2),
          fmt.format(loadRate),
          copySeconds.toFixed(2),
          fmt.format(copyRate),
          (loadRate / copyRate).toFixed(2),
          t.identitySeconds.toFixed(2),
          ingestSeconds.toFixed(2),
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
    const copyRate = allRows / allCopy;
    console.log(`all sources, first load: ${fmt.format(allRows)} rows; COPY into an unindexed table ${fmt.format(copyRate)} rows/s`);
    console.log(`  load (read, check, upsert): ${fmt.format(loadRate)} rows/s = ${(loadRate / copyRate).toFixed(2)} x COPY (target >= 0.33)`);
    console.log(
      `  end to end (load + ${allIdentity.toFixed(1)} s of identity resolution over every organisation record): ${fmt.format(ingestRate)} rows/s = ${(ingestRate / copyRate).toFixed(2)} x COPY`,
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
