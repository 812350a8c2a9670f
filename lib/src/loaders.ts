import DataLoader from 'dataloader';

/**
 * How every loader collects its batch: until the event loop turns (setImmediate), not only until the current
 * chain of promise callbacks ends (DataLoader's default). Field resolvers of one request reach a loader after
 * chains of different length (an awaited loader in one, a plain value in another), and under load the default
 * could close a batch between them: one request then cost one statement more than another of the same shape.
 */
export const BATCH = { batchScheduleFn: (callback: () => void) => setImmediate(callback) } as const;

/**
 * One loader per request and per lookup. Batch functions run ONE statement per batch; these helpers
 * put the rows back in key order, with null or [] for misses, as DataLoader requires.
 */
export function byKeyLoader<T, K = string>(fetch: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await fetch(keys);
    const index = new Map<K, T>();
    for (const row of rows) index.set(keyOf(row), row);
    return keys.map((key) => index.get(key) ?? null);
  }, BATCH);
}

/** For one-to-many lookups: every row is filed under each key it belongs to. */
export function groupLoader<T, K = string>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keysOf: (row: T) => K | K[] | null | undefined,
): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const rows = await fetch(keys);
    const wanted = new Set(keys);
    const groups = new Map<K, T[]>();
    for (const row of rows) {
      const rowKeys = keysOf(row);
      for (const key of Array.isArray(rowKeys) ? rowKeys : rowKeys == null ? [] : [rowKeys]) {
        if (!wanted.has(key)) continue;
        const list = groups.get(key);
        if (list) list.push(row);
        else groups.set(key, [row]);
      }
    }
    return keys.map((key) => groups.get(key) ?? []);
  }, BATCH);
}

/**
 * What `loader.loadMany` found: without the misses (null) and the failed keys (an Error each). Loaders read
 * rows as plain objects (rows.ts), so a class test (`instanceof Project`) would drop every row.
 */
export function loaded<T>(results: ReadonlyArray<T | null | undefined | Error>): T[] {
  return results.filter((r): r is T => r != null && !(r instanceof Error));
}
