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

/** An identifier of an entity in some register or source: (pic, 917141015), (keep.eu/project, 17853). */
export interface Identifier {
  scheme: string;
  value: string;
}

/**
 * The key an identifier is stored and looked up by (`identifier_keys` columns, GIN-indexed): "scheme|value",
 * scheme trimmed and lower-cased (schemes are ours), value trimmed (values are the source's, case kept).
 */
export function identifierKey(scheme: string, value: string | number): string {
  return `${scheme.trim().toLowerCase()}|${String(value).trim()}`;
}

/** Identifiers normalised as identifierKey does, without empties or duplicates, in key order (stable jsonb). */
export function uniqueIdentifiers(ids: ReadonlyArray<{ scheme: string; value: string | number }>): Identifier[] {
  const seen = new Map<string, Identifier>();
  for (const i of ids) {
    const scheme = i.scheme.trim().toLowerCase();
    const value = String(i.value).trim();
    if (scheme && value) seen.set(identifierKey(scheme, value), { scheme, value });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => i);
}

/** The identifier a stored key stands for. */
export function identifierOfKey(key: string): Identifier {
  const at = key.indexOf('|');
  return { scheme: key.slice(0, at), value: key.slice(at + 1) };
}
