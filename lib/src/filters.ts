import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { type ConnectionPageData, keysetGroupLoaders, type PageRequest, type RowSource, type SortKey } from './connections.js';
import type { PageArgs } from './paging.js';

/**
 * What the `filter` inputs of the connections share: the SQL conditions they add to a list's rows `t`,
 * and the checks of their values. Each subgraph defines its own filter input type (the fields it can
 * answer from its own tables); data of another subgraph that a filter needs (a partner's organisation
 * kind, a place's ancestors, a programme's funds) is denormalised at ingest by the owning data modules.
 */

/** Conditions on the rows `t`, joined by `and`, with their `?` parameters in order. */
export class SqlFilter {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...params: unknown[]): this {
    this.conditions.push(sql);
    this.params.push(...params);
    return this;
  }

  /** `where a and b ...`, or nothing when there is no condition. */
  where(): string {
    return this.conditions.length ? `where ${this.conditions.join(' and ')}` : '';
  }

  /** `and a and b ...` to follow a `where` of one's own, or nothing. */
  and(): string {
    return this.conditions.length ? `and ${this.conditions.join(' and ')}` : '';
  }
}

/** `array[?, ?, ...]::text[]` for the values, which follow as one parameter each (the executors take scalars). */
export const textArray = (values: readonly unknown[]): string => `array[${values.map(() => '?').join(', ')}]::text[]`;

/** True when a list filter was given with at least one value (an empty list narrows nothing, as an absent one). */
export const given = <T>(list: readonly T[] | null | undefined): list is readonly T[] => Array.isArray(list) && list.length > 0;

const COUNTRY_CODE = /^[A-Za-z]{2}$/;

/** A country as a filter names it, by ISO 3166-1 alpha-2 code (`PL`, `pl`) or place ID (`place:country:PL`): its place ID. */
export function countryPlaceId(value: string): string {
  return COUNTRY_CODE.test(value) ? `place:country:${value.toUpperCase()}` : value;
}

/** The same country as its alpha-2 code; an ID of no country stays as given, so it matches nothing. */
export function countryCodeOf(value: string): string {
  if (COUNTRY_CODE.test(value)) return value.toUpperCase();
  const m = /^place:country:([A-Z]{2})$/.exec(value);
  return m ? (m[1] as string) : value;
}

function badFilter(field: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "filter.${field}" ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName: `filter.${field}` },
  });
}

/** A year range of a filter: each a calendar year, and `yearFrom` not after `yearTo` (else BAD_USER_INPUT naming it). */
export function checkYearRange(filter: { yearFrom?: number | null; yearTo?: number | null }): void {
  for (const field of ['yearFrom', 'yearTo'] as const) {
    const year = filter[field];
    if (year != null && (year < 1 || year > 9999)) throw badFilter(field, `must be a year between 1 and 9999, got ${year}`);
  }
  if (filter.yearFrom != null && filter.yearTo != null && filter.yearFrom > filter.yearTo) {
    throw badFilter('yearFrom', `(${filter.yearFrom}) is after filter.yearTo (${filter.yearTo}): the range would select nothing`);
  }
}

/**
 * Rows whose period (`start`, `end`: date columns of `t`) overlaps the years: a row with only one date
 * known counts as that day; a row with neither is left out, since nothing says it overlaps.
 */
export function addPeriodOverlap(
  f: SqlFilter,
  start: string,
  end: string,
  filter: { yearFrom?: number | null; yearTo?: number | null },
): void {
  if (filter.yearFrom != null) f.add(`coalesce(${end}, ${start}) >= make_date(?::int, 1, 1)`, filter.yearFrom);
  if (filter.yearTo != null) f.add(`coalesce(${start}, ${end}) <= make_date(?::int, 12, 31)`, filter.yearTo);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Rows citing any of the sources: a source ID as the hub issues it (`src:eea-grants:partners.json`, an
 * article's `src:...`), one record of it (`...#organisation/507`), or a whole dataset by name (`eea-grants`).
 */
export function addSourceFilter(f: SqlFilter, column: string, sources: readonly string[]): void {
  const patterns = sources.flatMap((s) => [`${escapeLike(s)}#%`, `src:${escapeLike(s)}:%`]);
  f.add(
    `exists (select 1 from unnest(${column}::text[]) s where s = any(${textArray(sources)}) or s like any(${textArray(patterns)}))`,
    ...sources,
    ...patterns,
  );
}

/** Rows changed at or after the time (`updated_at` moves only when a stored value changed). */
export function addUpdatedSince(f: SqlFilter, column: string, since: Date | null | undefined): void {
  if (since) f.add(`${column} >= ?::timestamptz`, since.toISOString());
}

/** A filter as a list's cursor fingerprint sees it: empty fields dropped and lists sorted, so equal filters share cursors. */
export function filterSelection(filter: object | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[`filter.${k}`] = Array.isArray(v) ? [...v].map(String).sort() : v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/**
 * keysetGroupLoaders for a list under an entity that takes a filter: one set of batch loaders per distinct
 * filter in the request (parents asked with the same filter and page share one statement), so a filtered
 * nested connection stays one statement per batch and page.
 */
export function filteredGroupLoaders<T extends object, F>(
  em: EntityManager,
  entity: EntityName<T>,
  options: { source: (parent: string, filter: F | null | undefined) => RowSource; order: readonly SortKey[] },
): {
  page(request: PageRequest, parentId: string, filter?: F | null): Promise<ConnectionPageData<T>>;
  /** An offset page of the unfiltered list, for the deprecated offset field beside the connection. */
  slice(args: PageArgs, parentId: string): Promise<T[]>;
} {
  const byFilter = new Map<string, ReturnType<typeof keysetGroupLoaders<T>>>();
  const loadersFor = (filter: F | null | undefined) => {
    const key = JSON.stringify(filterSelection(filter ?? {}));
    let loaders = byFilter.get(key);
    if (!loaders) {
      loaders = keysetGroupLoaders(em, entity, { source: (parent) => options.source(parent, filter), order: options.order });
      byFilter.set(key, loaders);
    }
    return loaders;
  };
  return {
    page: (request, parentId, filter) => loadersFor(filter).page(request, parentId),
    slice: (args, parentId) => loadersFor(null).slice(args, parentId),
  };
}

/** Each place with the IDs of itself and every place above it, from (id, parent) pairs; a cycle is cut where it closes. */
export function ancestryPaths(places: Iterable<{ id: string; parent: string | null | undefined }>): Array<{ id: string; path: string[] }> {
  const parents = new Map<string, string | null | undefined>();
  for (const p of places) parents.set(p.id, p.parent);
  return [...parents.keys()].map((id) => {
    const path = [id];
    for (let at = parents.get(id); at && !path.includes(at); at = parents.get(at)) path.push(at);
    return { id, path };
  });
}
