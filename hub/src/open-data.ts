import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@regiograph/lib';

export interface OpenDataLoad {
  /** Resolves with the command's exit code once it has finished. */
  done: Promise<number | null>;
  /** Stops the load (each file is all or nothing, so the database keeps whole files only) and waits for it. */
  stop(): Promise<void>;
}

/**
 * `npm run ingest -- all` in a child process against the hub's own database, its lines prefixed in the hub's
 * output: the hub answers at once from the seeds, and the open data arrives source by source. A child
 * rather than a call in this process, so a failed or slow load never takes the hub down with it.
 */
export function loadOpenDataInBackground(databaseUrl: string, log: (line: string) => void = console.log): OpenDataLoad {
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'ingest', 'dist', 'main.js'), 'all'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  log('open data: loading data/sources in the background (npm run ingest -- all); the graph answers meanwhile');
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log(`open data: ${line}`));
  }
  const done = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      log(`open data: could not start the ingest command: ${error.message}`);
      resolve(null);
    });
    child.once('exit', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (code === 0) log(`open data: every source loaded in ${seconds} s`);
      else log(`open data: stopped (${signal ?? `exit ${code}`}) after ${seconds} s; finish with: npm run ingest -- all`);
      resolve(code);
    });
  });
  return {
    done,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await done;
    },
  };
}
