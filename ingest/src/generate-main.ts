import 'reflect-metadata';
import { parseDatabaseUrl, redactUrl } from '@regiograph/lib';
import { Client } from 'pg';
import { UsageError } from './errors.js';
import { generateSynthetic, removeSynthetic } from './generate.js';
import { createWiring } from './wiring.js';

const USAGE = `usage: npm run generate -- --projects <n> [--seed <n>] [--chunk <n>]
       npm run generate -- --remove

Writes a deterministic synthetic graph of Kohesio's shapes (n projects, about 3n partnerships, 0.3n
organisation records, n/2000 programmes, over the real LAU places loaded) beside the real data, through
the ingest write path; --remove takes every synthetic row out again. DATABASE_URL (PostgreSQL) is required.`;

interface Args {
  projects?: number;
  seed: number;
  chunk?: number;
  remove: boolean;
}

function whole(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1) throw new UsageError(`${name}: expected a positive whole number, got ${value ?? 'nothing'}`);
  return n;
}

export function parseGenerateArgs(argv: string[]): Args {
  const args: Args = { seed: 1, remove: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--projects') args.projects = whole('--projects', argv[++i]);
    else if (a === '--seed') args.seed = whole('--seed', argv[++i]);
    else if (a === '--chunk') args.chunk = whole('--chunk', argv[++i]);
    else if (a === '--remove') args.remove = true;
    else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`unknown argument ${a}\n${USAGE}`);
  }
  if (!args.remove && args.projects === undefined) throw new UsageError(`--projects is required\n${USAGE}`);
  return args;
}

async function databaseSize(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size');
    return rows[0]?.size ?? '?';
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const args = parseGenerateArgs(process.argv.slice(2));
  if (!process.env.DATABASE_URL) throw new UsageError('DATABASE_URL: required (a PostgreSQL server; the embedded PGlite cannot take COPY)');
  const url = parseDatabaseUrl(process.env.DATABASE_URL, 'DATABASE_URL');
  const wiring = createWiring();
  const log = (line: string) => console.error(line);
  if (args.remove) {
    const { deleted, identity } = await removeSynthetic(wiring, url);
    console.log(
      `removed from ${redactUrl(url)}: ${Object.entries(deleted)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}; identities: ${identity.organisations} organisations`,
    );
    return 0;
  }
  log(`generating ${args.projects} synthetic projects into ${redactUrl(url)} (seed ${args.seed})`);
  const r = await generateSynthetic(wiring, {
    databaseUrl: url,
    projects: args.projects as number,
    seed: args.seed,
    chunk: args.chunk,
    log,
  });
  const s = r.seconds;
  console.log(
    `generated ${r.projects} projects, ${r.partnerships} partnerships, ${r.organisationRecords} organisation records (${r.governmentRecords} municipal governments), ${r.programmes} programmes over ${r.places} places in ${s.total.toFixed(1)} s ` +
      `(places ${s.places.toFixed(1)}, programmes ${s.programmes.toFixed(1)}, organisations ${s.organisations.toFixed(1)}, projects ${s.projects.toFixed(1)}, identity ${s.identity.toFixed(1)}); ` +
      `identities: ${r.identity.records} records -> ${r.identity.organisations} organisations, ${r.identity.relinked} references relinked; database ${await databaseSize(url)}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
