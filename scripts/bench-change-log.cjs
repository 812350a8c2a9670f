#!/usr/bin/env node
// npm run bench:change-log: what the change log (lib/src/change-log.ts) costs a load of every source.
// Each round makes a fresh database, migrates and seeds it, then times `ingest all` (a subprocess, as
// `npm run ingest -- all` runs it) and a reload that changes nothing. A keeps the change log's triggers;
// B disables them (`alter table ... disable trigger`) after seeding, so the same writes run without the
// log. Rounds alternate A/B/A/B (BENCH_ROUNDS pairs, default 3) and the medians and their ratio are printed,
// with the log rows a load wrote. DATABASE_URL picks the server (default the local PostgreSQL at
// 127.0.0.1:5432); the bench databases are created and dropped. Run `npm run build` first (the npm script does).
require('reflect-metadata');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');
const { dropDatabase, ensureDatabase, migrate, openSubgraphOrm, redactUrl, seedsDir, withDatabaseName } = require('@regiograph/lib');
const { SUBGRAPHS } = require('@regiograph/hub');

const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const root = join(__dirname, '..');

async function prepared(name, withLog) {
  const url = withDatabaseName(server, name);
  await ensureDatabase(url);
  for (const module of SUBGRAPHS) {
    const orm = await openSubgraphOrm(module, { databaseUrl: url });
    try {
      await migrate(orm);
      await module.seed(orm, seedsDir());
    } finally {
      await orm.close(true);
    }
  }
  if (!withLog) {
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `select n.nspname as schema, c.relname as table, t.tgname as trigger from pg_trigger t
       join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where t.tgname like 'change_log_%'`,
    );
    for (const r of rows) await client.query(`alter table "${r.schema}"."${r.table}" disable trigger "${r.trigger}"`);
    await client.end();
  }
  return url;
}

function ingestAll(url) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(root, 'ingest', 'dist', 'main.js'), 'all', '--report', '/dev/null'], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`ingest all failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return seconds;
}

async function logRows(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  let n = 0;
  for (const module of SUBGRAPHS) n += (await client.query(`select count(*)::int as n from "${module.name}".change_log`)).rows[0].n;
  await client.end();
  return n;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  console.log(`change-log bench on ${redactUrl(server)}: ${rounds} A/B pairs (A: with the change log, B: its triggers disabled)`);
  const times = { A: { load: [], reload: [] }, B: { load: [], reload: [] } };
  for (let i = 0; i < rounds; i++) {
    for (const variant of i % 2 ? ['B', 'A'] : ['A', 'B']) {
      const name = `rg_bench_change_log_${process.pid}_${i}_${variant.toLowerCase()}`;
      const url = await prepared(name, variant === 'A');
      try {
        const before = variant === 'A' ? await logRows(url) : 0;
        const load = ingestAll(url);
        const logged = variant === 'A' ? (await logRows(url)) - before : 0;
        const reload = ingestAll(url);
        const again = variant === 'A' ? (await logRows(url)) - before - logged : 0;
        times[variant].load.push(load);
        times[variant].reload.push(reload);
        console.log(
          `  round ${i + 1} ${variant}: ingest all ${load.toFixed(2)} s, reload with no change ${reload.toFixed(2)} s` +
            (variant === 'A' ? `; log rows written: ${logged} by the load, ${again} by the reload` : ''),
        );
      } finally {
        await dropDatabase(url);
      }
    }
  }
  const row = (what) => {
    const a = median(times.A[what]);
    const b = median(times.B[what]);
    return `${what.padEnd(7)} A ${a.toFixed(2)} s  B ${b.toFixed(2)} s  A/B ${(a / b).toFixed(3)}`;
  };
  console.log(`medians:\n  ${row('load')}\n  ${row('reload')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
