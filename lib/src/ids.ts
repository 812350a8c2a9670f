import { slug } from './normalise.js';

/**
 * Stable IDs are built from natural keys (codes where the world has them, names where it does not),
 * never from insertion order, so the same real-world thing gets the same ID on every fresh load.
 * Shape: `<type>:<part>:<part>`, e.g. `place:lau:PL:1263011`, `project:interreg-europe:PGI06047`.
 */
export function stableId(type: string, ...parts: Array<string | number>): string {
  if (parts.length === 0) throw new Error(`stableId(${type}) needs at least one natural-key part`);
  return [type, ...parts.map((p) => (typeof p === 'number' ? String(p) : /^[A-Z0-9-]+$/.test(p) ? p : slug(p)))].join(':');
}
