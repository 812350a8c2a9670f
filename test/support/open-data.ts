import { createProgress, createWiring, runAll } from '@regiograph/ingest';

/**
 * Loads every bundled source (data/sources, or SOURCES_DIR) into a database with the real ingest, as
 * `npm run ingest -- all` does: one transaction and one identity step. Throws with the failing sources.
 */
export async function loadEverySource(databaseUrl: string): Promise<void> {
  const all = await runAll(createWiring(), { databaseUrl, reportFile: null, progress: createProgress(process.stderr, true) });
  const failed = all.reports.filter((r) => !r.ok).map((r) => r.source);
  if (!all.ok) throw new Error(`ingest all failed: ${[...failed, ...all.notRun].join(', ') || 'identity step'}`);
}
