/**
 * Collects an entity's identifiers from several places (curated rows, its own code columns, source records),
 * one entry per (scheme, value) citing every source that gives it, sorted by scheme then value.
 */
export function citedIdentifiers<T extends { scheme: string; value: string; sourceIds: string[] }>(
  make: (scheme: string, value: string) => T,
) {
  const out = new Map<string, T>();
  return {
    add(scheme: string, value: string | null | undefined, sourceIds: readonly string[]) {
      if (!value) return;
      const key = `${scheme}|${value}`;
      let entry = out.get(key);
      if (!entry) {
        entry = make(scheme, value);
        entry.sourceIds = [];
        out.set(key, entry);
      }
      for (const id of sourceIds) if (!entry.sourceIds.includes(id)) entry.sourceIds.push(id);
    },
    list(): T[] {
      const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return [...out.values()].sort((a, b) => (a.scheme === b.scheme ? cmp(a.value, b.value) : cmp(a.scheme, b.scheme)));
    },
  };
}
