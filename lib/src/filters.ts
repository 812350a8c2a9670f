import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import {
  type Connection,
  type ConnectionArgs,
  type ConnectionClass,
  type ConnectionPageData,
  type GroupPages,
  keysetGroupLoaders,
  type MaintainedTotal,
  nestedConnection,
  type PageRequest,
  type RowSource,
  type SortKey,
} from './connections.js';
import { tableOf } from './search.js';
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

/** The pages of a list under an entity that takes a filter: those of one filter, or of none. */
export interface FilteredGroupPages<T, F> {
  /** The list's pages under `filter` (its SQL is built, and checked, here: a bad value throws BAD_USER_INPUT). */
  with(filter: F | null | undefined): GroupPages<T>;
  page(request: PageRequest, parentId: string, filter?: F | null): Promise<ConnectionPageData<T>>;
  /** An offset page of the unfiltered list, for the deprecated offset field beside the connection. */
  slice(args: PageArgs, parentId: string): Promise<T[]>;
}

/**
 * keysetGroupLoaders for a list under an entity that takes a filter: one set of batch loaders per distinct
 * filter in the request (parents asked with the same filter and page share one statement), so a filtered
 * nested connection stays one statement per batch and page.
 */
export function filteredGroupLoaders<T extends object, F>(
  em: EntityManager,
  entity: EntityName<T>,
  options: {
    source: (parent: string, filter: F | null | undefined) => RowSource;
    order: readonly SortKey[];
    /** The maintained total of one parent's unfiltered list (lib/src/totals.ts); a filtered list is counted. */
    total?: (parent: string) => MaintainedTotal;
  },
): FilteredGroupPages<T, F> {
  const byFilter = new Map<string, GroupPages<T>>();
  const loadersFor = (filter: F | null | undefined) => {
    const selection = filterSelection(filter ?? {});
    const key = JSON.stringify(selection);
    let loaders = byFilter.get(key);
    if (!loaders) {
      loaders = keysetGroupLoaders(em, entity, {
        source: (parent) => options.source(parent, filter),
        order: options.order,
        ...(options.total && Object.keys(selection).length === 0 ? { total: options.total } : {}),
      });
      byFilter.set(key, loaders);
    }
    return loaders;
  };
  return {
    with: loadersFor,
    page: (request, parentId, filter) => loadersFor(filter).page(request, parentId),
    slice: (args, parentId) => loadersFor(null).slice(args, parentId),
  };
}

/**
 * filteredGroupLoaders for the rows of `entity` whose column `key` points at the parent (with an extra
 * condition `where` on `t` if given), narrowed by `filter`'s SQL: keysetByColumn with a filter. An index
 * on (key, order's columns) serves every page.
 */
export function filteredByColumn<T extends object, F>(
  em: EntityManager,
  entity: EntityName<T>,
  options: { key: string; order: readonly SortKey[]; where?: string; filter: (filter: F | null | undefined) => SqlFilter },
): FilteredGroupPages<T, F> {
  const table = tableOf(em, entity as EntityName<object>);
  return filteredGroupLoaders<T, F>(em, entity, {
    order: options.order,
    source: (parent, filter) => {
      const narrowed = options.filter(filter);
      const extra = options.where ? ` and (${options.where})` : '';
      return { from: `${table} t where t.${options.key} = ${parent}${extra} ${narrowed.and()}`, params: narrowed.params };
    },
  });
}

/**
 * A nested connection that takes a filter: its cursors are bound to the filter (a cursor from another
 * filter is refused naming `after` or `before`) and its page is read through the filter's batch loaders.
 */
export function filteredNestedConnection<T, F extends object>(
  type: ConnectionClass<T>,
  pages: () => FilteredGroupPages<T, F>,
  args: ConnectionArgs,
  filter: F | null | undefined,
  options: { coordinate: string; parentId: string; defaultSize?: number; selection?: Record<string, unknown> },
): Promise<Connection<T>> {
  return nestedConnection(type, () => pages().with(filter), args, {
    ...options,
    selection: { ...options.selection, ...filterSelection(filter) },
  });
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

// ---------------------------------------------------------------------------------------------------
// What every entity's filter shares, and the checks and SQL of the dimensions several subgraphs answer.

const SOURCE_DESCRIPTION =
  'Cites one of these sources: a source ID (src:...), one record of it (src:...#...) or a dataset (eea-grants, keep-eu).';

/**
 * The fields every stored row can be filtered by (its sources and its last change), for the filter input
 * of each entity type to extend: `@InputType() class PlaceFilter extends TrackedFilter { ... }`.
 */
@InputType('TrackedFilter', { description: 'The fields every filter input has (not used as an argument itself).' })
export abstract class TrackedFilter {
  @Field(() => [ID], { nullable: true, description: SOURCE_DESCRIPTION })
  source?: string[] | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Changed at or after this time (updated_at).' })
  updatedSince?: Date | null;
}

/** `source` and `updatedSince` of a filter on rows `t` (columns `source_ids` and `updated_at`, which every table has). */
export function trackedFilterSql(filter: TrackedFilter | null | undefined, f: SqlFilter = new SqlFilter()): SqlFilter {
  if (!filter) return f;
  if (given(filter.source)) addSourceFilter(f, 't.source_ids', filter.source);
  addUpdatedSince(f, 't.updated_at', filter.updatedSince);
  return f;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date of a filter as `YYYY-MM-DD` (a real calendar day), else BAD_USER_INPUT naming the field. */
export function checkFilterDate(field: string, value: string | null | undefined): string | null {
  if (value == null) return null;
  const m = ISO_DATE.exec(value);
  const day = m ? new Date(`${value}T00:00:00Z`) : null;
  if (!m || !day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw badFilter(field, `must be a calendar date as YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** A date range of a filter: each a calendar date, `from` not after `to` (else BAD_USER_INPUT naming it). */
export function checkDateRange(
  filter: Record<string, unknown>,
  fromField: string,
  toField: string,
): { from: string | null; to: string | null } {
  const from = checkFilterDate(fromField, filter[fromField] as string | null | undefined);
  const to = checkFilterDate(toField, filter[toField] as string | null | undefined);
  if (from && to && from > to) throw badFilter(fromField, `(${from}) is after filter.${toField} (${to}): the range would select nothing`);
  return { from, to };
}

/**
 * Rows whose dates (`start`, `end` columns of `t`) overlap the days from..to: a row with one date known
 * counts as that day, a row with neither is left out.
 */
export function addDateOverlap(f: SqlFilter, start: string, end: string, range: { from: string | null; to: string | null }): void {
  if (range.from) f.add(`coalesce(${end}, ${start}) >= ?::date`, range.from);
  if (range.to) f.add(`coalesce(${start}, ${end}) <= ?::date`, range.to);
}

/**
 * Rows whose years (`start`, `end`: integer year columns) overlap the filter's yearFrom..yearTo (checked
 * first); a row with one year known counts as that year, a row with neither is left out.
 */
export function addYearOverlap(
  f: SqlFilter,
  start: string,
  end: string,
  filter: { yearFrom?: number | null; yearTo?: number | null },
): void {
  checkYearRange(filter);
  if (filter.yearFrom != null) f.add(`coalesce(${end}, ${start}) >= ?::int`, filter.yearFrom);
  if (filter.yearTo != null) f.add(`coalesce(${start}, ${end}) <= ?::int`, filter.yearTo);
}

/** Rows whose text column is one of the values (an enum or an ID). */
export function addAnyOf(f: SqlFilter, column: string, values: readonly string[] | null | undefined): void {
  if (given(values)) f.add(`${column} = any(${textArray(values)})`, ...values);
}

/** Rows whose text[] column shares a value with the list. */
export function addOverlap(f: SqlFilter, column: string, values: readonly string[] | null | undefined): void {
  if (given(values)) f.add(`${column} && ${textArray(values)}`, ...values);
}

/** NUTS writes Greece EL and the United Kingdom UK where ISO 3166 has GR and GB. */
const NUTS_COUNTRY = `case substr(%s, 12, 2) when 'EL' then 'GR' when 'UK' then 'GB' else substr(%s, 12, 2) end`;

/**
 * The ISO alpha-2 country of a place ID, in SQL, read from the ID itself (`place:country:PL`,
 * `place:nuts:PL21`, `place:lau:PL:1216092`, `place:locality:IT:...`), so a subgraph that only holds place
 * IDs can filter by country without a copy of the places.
 */
export function placeCountrySql(column: string): string {
  return `(case when ${column} like 'place:country:%' then substr(${column}, 15)
    when ${column} like 'place:nuts:%' then ${NUTS_COUNTRY.replaceAll('%s', column)}
    else split_part(${column}, ':', 3) end)`;
}

/** Rows whose place (a place ID column) lies in one of the countries (codes or place IDs). */
export function addPlaceCountry(f: SqlFilter, column: string, countries: readonly string[] | null | undefined): void {
  if (!given(countries)) return;
  const codes = countries.map(countryCodeOf);
  f.add(`${placeCountrySql(column)} = any(${textArray(codes)})`, ...codes);
}

/**
 * Rows whose place (a place ID column) is one of the regions or inside one, as far as the IDs tell: the
 * region itself, a NUTS region under a NUTS region (its code starts with the region's), anything in a
 * country given as a region. With `path` (a text[] column of the place and its ancestors, copied at load),
 * every place inside, municipalities too.
 */
export function addPlaceWithin(f: SqlFilter, column: string, regions: readonly string[] | null | undefined, path?: string): void {
  if (!given(regions)) return;
  const nuts = regions.filter((r) => /^place:nuts:[A-Z0-9]+$/.test(r)).map((r) => `${r}%`);
  const countries = regions.map((r) => /^place:country:([A-Z]{2})$/.exec(r)?.[1]).filter((c): c is string => !!c);
  const parts = [`${column} = any(${textArray(regions)})`];
  const params: unknown[] = [...regions];
  if (nuts.length) {
    parts.push(`${column} like any(${textArray(nuts)})`);
    params.push(...nuts);
  }
  if (countries.length) {
    parts.push(`${placeCountrySql(column)} = any(${textArray(countries)})`);
    params.push(...countries);
  }
  if (path) {
    parts.push(`${path} && ${textArray(regions)}`);
    params.push(...regions);
  }
  f.add(`(${parts.join(' or ')})`, ...params);
}
