import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface SubgraphEntry {
  name: string;
  port: number;
}

let cached: SubgraphEntry[] | undefined;

/** The subgraphs of the hub, in start order, from subgraphs.json at the repository root: the one list of them. */
export function subgraphList(): SubgraphEntry[] {
  if (!cached) {
    const file = join(repoRoot(), 'subgraphs.json');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { subgraphs?: unknown };
    if (!Array.isArray(parsed.subgraphs)) throw new Error(`${file}: "subgraphs" must be a list`);
    cached = parsed.subgraphs.map((entry: Partial<SubgraphEntry>, index: number) => {
      if (typeof entry.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(entry.name) || !Number.isInteger(entry.port)) {
        throw new Error(`${file}: subgraphs[${index}] needs a lower-case "name" and a whole-number "port"`);
      }
      return { name: entry.name, port: entry.port as number };
    });
  }
  return cached;
}

/** The default port of a subgraph, as subgraphs.json gives it. */
export function subgraphPort(name: string): number {
  const entry = subgraphList().find((s) => s.name === name);
  if (!entry) throw new Error(`subgraphs.json has no subgraph named "${name}"`);
  return entry.port;
}

/**
 * Orders the modules a launcher imports (the compiler needs the imports written out) as subgraphs.json lists
 * them, and stops at load when the two disagree, naming what differs.
 */
export function inListOrder<T extends { name: string }>(modules: T[], who: string): T[] {
  const names = subgraphList().map((s) => s.name);
  const have = modules.map((m) => m.name);
  const missing = names.filter((n) => !have.includes(n));
  const extra = have.filter((n) => !names.includes(n));
  if (missing.length || extra.length) {
    throw new Error(
      `${who} imports other subgraphs than subgraphs.json lists (missing: ${missing.join(', ') || 'none'}; not listed: ${extra.join(', ') || 'none'})`,
    );
  }
  return names.map((n) => modules.find((m) => m.name === n) as T);
}
