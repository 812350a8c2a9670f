import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file holding `seeds/` and `schema/`. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'seeds')) && existsSync(join(dir, 'schema'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Regiograph repository root above ${from}`);
    dir = parent;
  }
}

export const seedsDir = (): string => process.env.SEEDS_DIR || join(repoRoot(), 'seeds');

/** The open-data source folders: SOURCES_DIR, else the copies the repository ships in data/sources. */
export function sourcesDir(): string {
  return process.env.SOURCES_DIR || join(repoRoot(), 'data', 'sources');
}
