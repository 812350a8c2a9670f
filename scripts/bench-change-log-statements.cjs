#!/usr/bin/env node
// node scripts/bench-change-log-statements.cjs (after `npm run build`): what the change log's statement
// triggers (lib/src/change-log.ts) cost each kind of write statement, apart from everything else an ingest
// does. One fresh database; two tables of the same 14 columns, one followed by the log (both versions of its
// migration, two columns ignored), one not. Each round runs, on each table in turn (A/B, then B/A), an insert
// of N rows, an upsert that changes nothing, an update of the ignored columns only, an update of a real
// column and a delete, and prints each statement's median time with the log and without, and their ratio.
// N (default 50000) and ROUNDS (default 3) from the environment; DATABASE_URL picks the server (default the
// local PostgreSQL at 127.0.0.1:5432). The database is dropped at the end.
require('reflect-metadata');
const { Client } = require('pg');
const { changeLogIgnoring, changeLogMigration, dropDatabase, ensureDatabase, redactUrl, withDatabaseName } = require('@regiograph/lib');

const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.N || 50000);
const ROUNDS = Number(process.env.ROUNDS || 3);

const STATEMENTS = {
  insert: (t) => `insert into bench.${t} (id, name, a, b, c, d, e, f, g, h)
    select 'id' || g, 'name ' || g, g, 'b', array['x', 'y'], jsonb_build_object('k', g), g * 1.5, 'f', 'g', g from generate_series(1, ${N}) g`,
  'unchanged upsert': (t) => `insert into bench.${t} as t (id, name, a) select 'id' || g, 'name ' || g, g from generate_series(1, ${N}) g
    on conflict (id) do update set name = excluded.name, a = excluded.a, updated_at = now()
    where (t.name, t.a) is distinct from (excluded.name, excluded.a)`,
  'update of ignored columns': (t) => `update bench.${t} set place_path = array[id, 'p'], search_keys = array[name]`,
  'update of a real column': (t) => `update bench.${t} set b = 'changed ' || a`,
  delete: (t) => `delete from bench.${t}`,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const url = withDatabaseName(server, `rg_bench_change_log_statements_${process.pid}`);
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    console.log(`change-log statement bench on ${redactUrl(server)}: ${N} rows, ${ROUNDS} rounds (A: with the log, B: without)`);
    await client.query('create schema bench');
    const columns = `id text primary key, name text, a int, b text, c text[], d jsonb, e numeric, f text, g text, h double precision,
      place_path text[] not null default '{}', search_keys text[] not null default '{}',
      created_at timestamptz not null default now(), updated_at timestamptz not null default now()`;
    await client.query(`create table bench.logged (${columns})`);
    await client.query(`create table bench.plain (${columns})`);
    const tables = [{ table: 'logged', type: 'Logged' }];
    for (const q of changeLogMigration('bench', tables).up) await client.query(q);
    for (const q of changeLogIgnoring('bench', tables, { logged: ['place_path', 'search_keys'] }).up) await client.query(q);
    const ms = Object.fromEntries(Object.keys(STATEMENTS).map((k) => [k, { A: [], B: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 ? ['B', 'A'] : ['A', 'B']) {
        const table = variant === 'A' ? 'logged' : 'plain';
        for (const [name, text] of Object.entries(STATEMENTS)) {
          const started = process.hrtime.bigint();
          await client.query(text(table));
          ms[name][variant].push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        await client.query('truncate bench.change_log');
      }
    }
    for (const [name, { A, B }] of Object.entries(ms)) {
      const [a, b] = [median(A), median(B)];
      console.log(`  ${name.padEnd(26)} A ${a.toFixed(0).padStart(6)} ms  B ${b.toFixed(0).padStart(6)} ms  A/B ${(a / b).toFixed(2)}`);
    }
  } finally {
    await client.end();
    await dropDatabase(url);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
