import { ArrayType, Entity, type EntityManager, Index, Property } from '@mikro-orm/postgresql';
import { BigNumber } from 'bignumber.js';
import DataLoader from 'dataloader';
import { BATCH } from './loaders.js';
import { GraphQLError } from 'graphql';
import { type ClassType, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Sql } from './bulk.js';
import { Money } from './money.js';

/**
 * Statistics for charts, the same way in every subgraph. Each subgraph keeps a fact table of its own
 * (one row per thing counted: a project, a partnership, an allocation, a grant, an organisation) that the
 * ingest rebuilds at the end of each command, inside its transaction, and the hub after loading the seeds;
 * a request only groups and sums that table through its indexes, never the source tables.
 *
 * Every fact has one place (or none), with its ancestors copied onto it at refresh time: `place_path` (the
 * place IDs from the country down to the place itself) and one column per level (`country_id` ... `municipality_id`).
 * The tree is the organisations subgraph's; its data module stages it for the others (PLACE_LEVELS_TABLE), so no
 * subgraph reads another's tables at request time. Since each fact sits at one place, a figure over a region
 * is exactly the sum over its sub-regions plus what sits at the region itself, which every group reports
 * apart (`direct` against `withinChildren`).
 */

/** The place columns every fact table has, in this order. */
export const PLACE_LEVELS = ['country', 'nuts1', 'nuts2', 'nuts3', 'municipality'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/**
 * The temporary tables a refresh reads (dropped at the commit): the places with their ancestry (place_id,
 * place_path, country_id ... municipality_id) and the organisation kinds (id, kind), each indexed by ID.
 */
export const PLACE_LEVELS_TABLE = 'pg_temp.statistics_place';
export const ORGANISATION_KINDS_TABLE = 'pg_temp.statistics_organisation_kind';

/**
 * Stages the input tables from the organisations subgraph's own place and organisation tables (called by
 * its data module, the owner of both): each place's ancestry, walked down from the roots, and each
 * organisation's kind. Set-based, in the caller's transaction.
 */
export async function stageStatisticsInput(sql: Sql, tables: { place: string; organisation: string }): Promise<void> {
  await sql(`drop table if exists ${PLACE_LEVELS_TABLE}`);
  await sql(`drop table if exists ${ORGANISATION_KINDS_TABLE}`);
  await sql(
    `create temporary table statistics_place on commit drop as
     with recursive tree as (
       select id, array[id] as path, array[kind] as kinds from ${tables.place} where parent_id is null
       union all
       select c.id, t.path || c.id, t.kinds || c.kind from ${tables.place} c join tree t on c.parent_id = t.id
        where cardinality(t.path) < 12
     )
     select id as place_id, path as place_path,
       path[array_position(kinds, 'COUNTRY')] as country_id, path[array_position(kinds, 'NUTS1')] as nuts1_id,
       path[array_position(kinds, 'NUTS2')] as nuts2_id, path[array_position(kinds, 'NUTS3')] as nuts3_id,
       path[array_position(kinds, 'MUNICIPALITY')] as municipality_id
     from tree`,
  );
  await sql(`create temporary table statistics_organisation_kind on commit drop as select id, kind from ${tables.organisation}`);
  await sql(`alter table ${PLACE_LEVELS_TABLE} add primary key (place_id)`);
  await sql(`alter table ${ORGANISATION_KINDS_TABLE} add primary key (id)`);
  await sql(`analyze ${PLACE_LEVELS_TABLE}`);
  await sql(`analyze ${ORGANISATION_KINDS_TABLE}`);
}

/** The place columns of a fact row, from a `lv` alias (null when the fact has no place). */
export const PLACE_COLUMNS = 'place_id, place_path, country_id, nuts1_id, nuts2_id, nuts3_id, municipality_id';
export const placeValues = (alias: string) =>
  `${alias}.place_id, coalesce(${alias}.place_path, '{}'), ${alias}.country_id, ${alias}.nuts1_id, ${alias}.nuts2_id, ${alias}.nuts3_id, ${alias}.municipality_id`;

/** DDL of the place columns, for the migrations of fact tables. */
export const PLACE_COLUMNS_DDL =
  `"place_id" text null, "place_path" text[] not null default '{}', "country_id" text null, "nuts1_id" text null, ` +
  `"nuts2_id" text null, "nuts3_id" text null, "municipality_id" text null`;

/** What a group row is grouped by; a dimension not grouped by is null. Shared by every subgraph, hence @shareable. */
@Directive('@shareable')
@ObjectType({ description: 'The values a statistics row is grouped by; the dimensions not asked for are null.' })
export class StatisticsKey {
  @Field(() => ID, { nullable: true, description: 'Country (a place ID, place:country:PL).' })
  country?: string | null;
  @Field(() => ID, { nullable: true, description: 'NUTS 1 region (place ID); null for facts placed above it.' })
  nuts1?: string | null;
  @Field(() => ID, { nullable: true, description: 'NUTS 2 region (place ID); null for facts placed above it.' })
  nuts2?: string | null;
  @Field(() => ID, { nullable: true, description: 'NUTS 3 region (place ID); null for facts placed above it.' })
  nuts3?: string | null;
  @Field(() => ID, { nullable: true, description: 'Municipality (LAU place ID); null for facts placed above it.' })
  municipality?: string | null;
  @Field(() => ID, { nullable: true, description: 'Programme ID.' })
  programme?: string | null;
  @Field(() => ID, { nullable: true, description: 'Fund ID.' })
  fund?: string | null;
  @Field(() => String, { nullable: true, description: 'Programming period, e.g. 2009-2014.' })
  period?: string | null;
  @Field(() => Int, { nullable: true, description: 'Year: of the project start, or of the programme start for money.' })
  year?: number | null;
  @Field(() => String, { nullable: true, description: 'Organisation kind (as Organisation.kind).' })
  organisationKind?: string | null;
  @Field(() => String, { nullable: true, description: 'Partnership role (as Partnership.role).' })
  role?: string | null;
}
export type StatisticsDimension = keyof StatisticsKey;

/** The fact-table column of each dimension. */
export const DIMENSION_COLUMNS: Record<StatisticsDimension, string> = {
  country: 'country_id',
  nuts1: 'nuts1_id',
  nuts2: 'nuts2_id',
  nuts3: 'nuts3_id',
  municipality: 'municipality_id',
  programme: 'programme_id',
  fund: 'fund_id',
  period: 'period',
  year: 'year',
  organisationKind: 'organisation_kind',
  role: 'role',
};

/** The group-by enum value of each dimension (COUNTRY, NUTS1, ..., ORGANISATION_KIND). */
export const dimensionOf = (value: string): StatisticsDimension => {
  const found = (Object.keys(DIMENSION_COLUMNS) as StatisticsDimension[]).find((d) => enumValueOf(d) === value);
  if (!found) throw new Error(`no statistics dimension for ${value}`);
  return found;
};

/** A figure a group row carries: a count (`count(*)`, `count(distinct x)`) or a sum of money by currency. */
export type Measure = { kind: 'count'; expr: string; where?: string } | { kind: 'money'; amount: string; currency: string; where?: string };

/** The filter every statistics field takes, as each subgraph's input type gives it (a subset of these). */
export interface StatisticsFilterValues {
  country?: string | null;
  region?: string | null;
  municipality?: string | null;
  programme?: string | null;
  fund?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  organisationKind?: string | null;
  role?: string | null;
}

export interface StatisticsQuery {
  /** The fact table or a subquery, aliased `f` by the caller: `projects.project_fact f`. */
  from: string;
  /** Extra conditions on `f` with `?` placeholders, and their values. */
  where?: Array<{ sql: string; params: unknown[] }>;
  groupBy: readonly StatisticsDimension[];
  filter?: StatisticsFilterValues | null;
  measures: Record<string, Measure>;
  /**
   * The entities the figures are asked for (Place.projectStatistics of a batch of places): `match` is the
   * condition tying a fact to the scope `s.scope`, `direct` the one saying it sits at the scope itself.
   * Without scopes the whole graph is the scope and `direct` holds the facts placed nowhere.
   */
  scopes?: { ids: readonly string[]; match: string; direct: string };
  /**
   * One page of the groups, cut in SQL: the group keys of each scope are ordered (codepoint order, nulls
   * last, as `compareKeys`) and cut in a subquery every statement joins, so the counts and the money of one
   * call describe the same groups: by `limit`/`offset` (the deprecated list fields) or by keyset after or
   * before a group's key (the connections, see GroupKeyset).
   */
  page?: StatisticsPage;
  /**
   * Where the group keys come from when the page is cut (default: `from` matched by `scopes.match`): the
   * projects subgraph merges groups of two fact tables, so its keys are the union of both.
   */
  keySources?: ReadonlyArray<{ from: string; match?: string }>;
}

/**
 * A keyset page of groups: `size` groups (the page and one more, to know whether more follow) after or
 * before the key values of a cursor (`groupKeyValues`), in the order of the keys, or back from the end.
 */
export interface GroupKeyset {
  size: number;
  backward: boolean;
  after: readonly unknown[] | null;
  before: readonly unknown[] | null;
}
export type StatisticsPage = { limit: number; offset: number } | GroupKeyset;
const isKeyset = (p: StatisticsPage): p is GroupKeyset => 'size' in p;

/**
 * The values a group's key is paged by, as `pagedKeys` orders them: per dimension, whether it is null (nulls
 * last) and its value (codepoint order; '' or 0 for null). Never null, so a row comparison orders them.
 */
export function groupKeyValues(key: StatisticsKey, dims: readonly StatisticsDimension[]): unknown[] {
  return dims.flatMap((d) => {
    const v = key[d];
    return [v === null || v === undefined, v ?? (d === 'year' ? 0 : '')];
  });
}
/** The SQL type of each of `groupKeyValues`, for checking a cursor's values. */
export const groupKeyTypes = (dims: readonly StatisticsDimension[]): Array<'boolean' | 'text' | 'integer'> =>
  dims.flatMap((d) => ['boolean' as const, d === 'year' ? ('integer' as const) : ('text' as const)]);

export type Figures = Record<string, number | Money[]>;
export interface StatisticsGroup {
  key: StatisticsKey;
  total: Figures;
  direct: Figures;
  withinChildren: Figures;
}

const PARTS = ['total', 'direct', 'withinChildren'] as const;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The conditions of a filter on fact columns; a bad value is refused naming the filter field. */
function filterConditions(filter: StatisticsFilterValues | null | undefined): Array<{ sql: string; params: unknown[] }> {
  if (!filter) return [];
  const out: Array<{ sql: string; params: unknown[] }> = [];
  const code = (field: string, value: string, pattern: RegExp, example: string) => {
    if (!pattern.test(value)) {
      throw new GraphQLError(`filter.${field}: "${value}" is not a valid code, e.g. ${example}`, {
        extensions: { code: 'BAD_USER_INPUT', argument: `filter.${field}` },
      });
    }
    return value;
  };
  if (filter.country)
    out.push({ sql: 'f.country_id = ?', params: [`place:country:${code('country', filter.country, /^[A-Z]{2}$/, 'PL')}`] });
  if (filter.region) {
    const nuts = code('region', filter.region, /^[A-Z]{2}[0-9A-Z]{1,3}$/, 'PL91');
    // Every fact placed in the region or anywhere inside it (the GIN index on place_path answers it).
    out.push({ sql: 'f.place_path @> array[?]::text[]', params: [`place:nuts:${nuts}`] });
  }
  if (filter.municipality) out.push({ sql: 'f.place_path @> array[?]::text[]', params: [filter.municipality] });
  if (filter.programme) out.push({ sql: 'f.programme_id = ?', params: [filter.programme] });
  if (filter.fund) out.push({ sql: 'f.fund_id = ?', params: [filter.fund] });
  if (filter.yearFrom != null && filter.yearTo != null && filter.yearFrom > filter.yearTo) {
    throw new GraphQLError(`filter.yearFrom (${filter.yearFrom}) is after filter.yearTo (${filter.yearTo})`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'filter.yearFrom' },
    });
  }
  if (filter.yearFrom != null) out.push({ sql: 'f.year >= ?', params: [filter.yearFrom] });
  if (filter.yearTo != null) out.push({ sql: 'f.year <= ?', params: [filter.yearTo] });
  if (filter.organisationKind) out.push({ sql: 'f.organisation_kind = ?', params: [filter.organisationKind] });
  if (filter.role) out.push({ sql: 'f.role = ?', params: [filter.role] });
  return out;
}

/** The place a filter narrows the figures to, most precise first: the scope `direct` is measured against. */
function filterScope(filter: StatisticsFilterValues | null | undefined): string | null {
  if (filter?.municipality) return filter.municipality;
  if (filter?.region) return `place:nuts:${filter.region}`;
  if (filter?.country) return `place:country:${filter.country}`;
  return null;
}

const emptyFigures = (measures: Record<string, Measure>): Figures =>
  Object.fromEntries(Object.entries(measures).map(([name, m]) => [name, m.kind === 'count' ? 0 : []]));

/**
 * Grouped figures in at most two statements whatever the number of scopes: one for the counts and one for
 * the money (grouped by currency too, as amounts in different currencies never add up). Returns the
 * groups of each scope (one list when there are no scopes), ordered by key.
 */
export async function statistics(em: EntityManager, q: StatisticsQuery): Promise<StatisticsGroup[][]> {
  const scoped = q.scopes !== undefined;
  const conditions = [...(q.where ?? []), ...filterConditions(q.filter)];
  const scopeOfFilter = filterScope(q.filter);
  const direct = q.scopes ? q.scopes.direct : scopeOfFilter ? 'f.place_id = ?' : 'f.place_id is null';
  const directParams = q.scopes || !scopeOfFilter ? [] : [scopeOfFilter];
  const dims = [...new Set(q.groupBy)];
  const keyColumns = [...(scoped ? ['s.scope'] : []), ...dims.map((d) => `f.${DIMENSION_COLUMNS[d]}`)];
  const keyAliases = [...(scoped ? ['scope'] : []), ...dims];
  const selectKey = keyColumns.map((c, i) => `${c} as "${keyAliases[i]}"`);
  const scopedFrom = scoped
    ? `${q.from} join unnest(array[${placeholders(q.scopes?.ids.length ?? 0)}]::text[]) as s(scope) on ${q.scopes?.match}`
    : q.from;
  const whereSql = conditions.length ? `where ${conditions.map((c) => c.sql).join(' and ')}` : '';
  const groupSql = keyColumns.length ? `group by ${keyColumns.join(', ')}` : '';
  const paged = pagedKeys(q, dims, conditions);
  const from = paged ? paged.from(scopedFrom) : scopedFrom;
  const fromParams = [...(q.scopes?.ids ?? []), ...(paged?.params ?? [])];
  const baseParams = [...fromParams, ...conditions.flatMap((c) => c.params)];
  const parts = { total: 'true', direct, withinChildren: `not (${direct})` };

  const groups = new Map<string, StatisticsGroup & { scope?: string }>();
  const groupOf = (row: Record<string, unknown>) => {
    const key = JSON.stringify(keyAliases.map((a) => row[a] ?? null));
    let g = groups.get(key);
    if (!g) {
      const k: StatisticsKey = {};
      for (const d of dims) (k as Record<string, unknown>)[d] = row[d] ?? null;
      g = { key: k, total: emptyFigures(q.measures), direct: emptyFigures(q.measures), withinChildren: emptyFigures(q.measures) };
      if (scoped) g.scope = row.scope as string;
      groups.set(key, g);
    }
    return g;
  };

  const counts = Object.entries(q.measures).filter(([, m]) => m.kind === 'count') as Array<
    [string, { kind: 'count'; expr: string; where?: string }]
  >;
  if (counts.length) {
    const select = counts.flatMap(([name, m]) =>
      PARTS.map((p) => `(${m.expr} filter (where ${m.where ? `${m.where} and ` : ''}(${parts[p]})))::int as "${p}:${name}"`),
    );
    const params = baseParams;
    const partParams = counts.flatMap(() => [[], directParams, directParams]).flat();
    const sql = `select ${[...selectKey, ...select].join(', ')} from ${from} ${whereSql} ${groupSql}`;
    // The filter clauses come first in the select list: their placeholders precede those of from/where.
    const rows = (await em.execute(sql, [...partParams, ...params])) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const g = groupOf(row);
      for (const [name] of counts) for (const p of PARTS) g[p][name] = Number(row[`${p}:${name}`] ?? 0);
    }
  }
  const money = Object.entries(q.measures).filter(([, m]) => m.kind === 'money') as Array<
    [string, { kind: 'money'; amount: string; currency: string; where?: string }]
  >;
  for (const [name, m] of money) {
    const select = PARTS.map((p) => `sum(${m.amount}) filter (where ${parts[p]})::text as "${p}"`);
    const partParams = [[], directParams, directParams].flat();
    const moneyWhere = `${whereSql ? `${whereSql} and` : 'where'} ${m.amount} is not null and ${m.currency} is not null${m.where ? ` and ${m.where}` : ''}`;
    const sql = `select ${[...selectKey, `${m.currency} as "currency"`, ...select].join(', ')} from ${from} ${moneyWhere}
      group by ${[...keyColumns, m.currency].join(', ')}`;
    const rows = (await em.execute(sql, [...partParams, ...baseParams])) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const g = groupOf(row);
      for (const p of PARTS) {
        const amount = row[p] as string | null;
        if (amount !== null) (g[p][name] as Money[]).push({ amount: new BigNumber(amount).toFixed(), currency: row.currency as string });
      }
    }
  }
  const ordered = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key, dims));
  for (const g of ordered)
    for (const p of PARTS) for (const [name] of money) (g[p][name] as Money[]).sort((x, y) => x.currency.localeCompare(y.currency));
  // Ungrouped, a scope has one group at most: a page of it needs no SQL of its own (and a cursor, that
  // group's, has nothing after or before it).
  const cut = (list: StatisticsGroup[]) => {
    const p = q.page;
    if (!p || paged) return list;
    if (isKeyset(p)) return p.after || p.before ? [] : list.slice(0, p.size);
    return list.slice(p.offset, p.offset + p.limit);
  };
  if (!q.scopes) return [cut(ordered)];
  return q.scopes.ids.map((id) => cut(ordered.filter((g) => g.scope === id).map(({ scope: _scope, ...g }) => g)));
}

/** Orders group keys as `pagedKeys` does in SQL: by each dimension in turn, codepoint order, nulls last. */
function compareKeys(a: StatisticsKey, b: StatisticsKey, dims: readonly StatisticsDimension[]): number {
  for (const d of dims) {
    const x = a[d];
    const y = b[d];
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * The join that cuts one page of group keys in SQL (per scope, in a lateral subquery), or null when no page
 * is asked for or nothing is grouped (one group at most). Its placeholders come right after the scope IDs.
 */
function pagedKeys(
  q: StatisticsQuery,
  dims: readonly StatisticsDimension[],
  conditions: ReadonlyArray<{ sql: string; params: unknown[] }>,
): { from: (unpaged: string) => string; params: unknown[] } | null {
  if (!q.page || dims.length === 0) return null;
  const columns = dims.map((d) => `f.${DIMENSION_COLUMNS[d]}`);
  const aliases = dims.map((_, i) => `k${i}`);
  const { sql: union, params } = groupKeys(q, dims, conditions);
  let keys: string;
  if (isKeyset(q.page)) {
    // The order of groupKeyValues: per dimension, nulls last, then the value in codepoint order.
    const sorted = dims.flatMap((d, i) => [
      `(${aliases[i]} is null)`,
      d === 'year' ? `coalesce(${aliases[i]}, 0)` : `(coalesce(${aliases[i]}, '') collate "C")`,
    ]);
    const types = groupKeyTypes(dims);
    const cut: string[] = [];
    for (const [values, op] of [
      [q.page.after, '>'],
      [q.page.before, '<'],
    ] as const) {
      if (!values) continue;
      cut.push(`(${sorted.join(', ')}) ${op} (${types.map((t) => `?::${t}`).join(', ')})`);
      params.push(...values);
    }
    const direction = q.page.backward ? ' desc' : '';
    params.push(q.page.size);
    keys = `select * from (${union}) u${cut.length ? ` where ${cut.join(' and ')}` : ''} order by ${sorted.map((c) => `${c}${direction}`).join(', ')} limit ?`;
  } else {
    const order = dims.map((d, i) => `${aliases[i]}${d === 'year' ? '' : ' collate "C"'} nulls last`).join(', ');
    params.push(q.page.limit, q.page.offset);
    keys = `select * from (${union}) u order by ${order} limit ? offset ?`;
  }
  // Equality on coalesced keys rather than `is not distinct from`, which no hash or merge join can answer
  // (it timed out on the real data): a null key is matched as '' (no dimension value is empty) or, for the
  // year, as the smallest integer.
  const none = (d: StatisticsDimension) => (d === 'year' ? '-2147483648' : `''`);
  const on = dims.map((d, i) => `coalesce(${columns[i]}, ${none(d)}) = coalesce(pk.${aliases[i]}, ${none(d)})`).join(' and ');
  // Scoped, the keys are cut once per scope (the lateral subquery sits right after the scopes, never after
  // the facts, which would evaluate it once per fact).
  const scopes = q.scopes;
  const from = scopes
    ? () =>
        `unnest(array[${placeholders(scopes.ids.length)}]::text[]) as s(scope) cross join lateral (${keys}) pk join ${q.from} on ${scopes.match} and ${on}`
    : (unpaged: string) => `${unpaged} join (${keys}) pk on ${on}`;
  return { from, params };
}

/**
 * The distinct group keys of the facts, as a union over the key sources (SQL with `?` placeholders, the
 * conditions' values once per source), the group keys column `k0`, `k1`... With no dimension, one row when
 * any fact matches.
 */
function groupKeys(
  q: StatisticsQuery,
  dims: readonly StatisticsDimension[],
  conditions: ReadonlyArray<{ sql: string; params: unknown[] }>,
): { sql: string; params: unknown[] } {
  const columns = dims.length ? dims.map((d) => `f.${DIMENSION_COLUMNS[d]}`) : ['1'];
  const sources = q.keySources ?? [{ from: q.from, match: q.scopes?.match }];
  const params: unknown[] = [];
  const selects = sources.map((src) => {
    const where = [...(q.scopes && src.match ? [src.match] : []), ...conditions.map((c) => c.sql)];
    params.push(...conditions.flatMap((c) => c.params));
    const select = `select ${columns.map((c, i) => `${c} as k${i}`).join(', ')} from ${src.from}${where.length ? ` where ${where.join(' and ')}` : ''}`;
    return dims.length ? `${select} group by ${columns.join(', ')}` : `(${select} limit 1)`;
  });
  return { sql: selects.join(' union '), params };
}

/**
 * How many groups `statistics` has for each scope (one number without scopes), whatever the page: one
 * statement counting the distinct group keys (per scope, in a subquery). Ungrouped and unscoped, there is
 * always the one group of everything.
 */
export async function statisticsGroupCounts(em: EntityManager, q: StatisticsQuery): Promise<number[]> {
  const dims = [...new Set(q.groupBy)];
  if (!q.scopes && dims.length === 0) return [1];
  const keys = groupKeys(q, dims, [...(q.where ?? []), ...filterConditions(q.filter)]);
  if (!q.scopes) {
    const rows = (await em.execute(`select count(*)::int as n from (${keys.sql}) u`, keys.params)) as Array<{ n: number }>;
    return [Number(rows[0]?.n ?? 0)];
  }
  const ids = q.scopes.ids;
  const rows = (await em.execute(
    `select s.scope, (select count(*)::int from (${keys.sql}) u) as n from unnest(array[${placeholders(ids.length)}]::text[]) as s(scope)`,
    [...keys.params, ...ids],
  )) as Array<{ scope: string; n: number }>;
  const byScope = new Map(rows.map((r) => [r.scope, Number(r.n)]));
  return ids.map((id) => byScope.get(id) ?? 0);
}

/** The arguments of one statistics field: what to group by, the filter and the page of groups. */
export interface StatisticsArgs {
  groupBy: readonly StatisticsDimension[];
  filter?: StatisticsFilterValues | null;
  page?: StatisticsPage;
}

/** The statistics of one subgraph's field: the groups of a batch of scopes (or the whole graph) and their number. */
export interface StatisticsReader<A extends StatisticsArgs> {
  groups(args: A, ids?: readonly string[]): Promise<StatisticsGroup[][]>;
  counts(args: A, ids?: readonly string[]): Promise<number[]>;
}

/** The per-request loaders of one kind of scope (Place, Programme...): a page of groups, and their number. */
export interface ScopedStatisticsLoaders<A extends StatisticsArgs> {
  groups(args: A): DataLoader<string, StatisticsGroup[]>;
  counts(args: A): DataLoader<string, number>;
}

/**
 * Loaders per argument set (groupBy, filter, page and any argument of the subgraph's own) for the statistics
 * of a batch of entities: one call of the reader per batch, with the entities as scopes.
 */
export function scopedStatisticsLoaders<A extends StatisticsArgs>(reader: StatisticsReader<A>): ScopedStatisticsLoaders<A> {
  const memo = <V>(load: (args: A, ids: readonly string[]) => Promise<V[]>) => {
    const loaders = new Map<string, DataLoader<string, V>>();
    return (args: A) => {
      const key = JSON.stringify(args);
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader<string, V>((ids) => load(args, ids), BATCH);
        loaders.set(key, loader);
      }
      return loader;
    };
  };
  return {
    groups: memo((args, ids) => reader.groups(args, ids)),
    counts: memo((args, ids) => reader.counts({ ...args, page: undefined }, ids)),
  };
}

/**
 * The GraphQL types of one subgraph's statistics: a group row with its key and three sets of figures.
 * The figures type is the subgraph's own (ProjectFigures ...).
 */
export function StatisticsGroupType<F extends object>(name: string, figures: ClassType<F>, description: string) {
  @ObjectType(name, { description })
  class Group {
    @Field(() => StatisticsKey, { description: 'What the row is grouped by.' })
    key!: StatisticsKey;
    @Field(() => figures, { description: 'Every fact of the group.' })
    total!: F;
    @Field(() => figures, {
      description:
        'The facts placed at the scope itself (the place asked for or the filter region) and not inside any of its sub-places; without a place scope, the facts placed nowhere.',
    })
    direct!: F;
    @Field(() => figures, { description: 'The facts placed inside the scope: total is direct plus withinChildren.' })
    withinChildren!: F;
  }
  return Group;
}

/** The groups of two statements over different fact tables (projects and partnerships), merged by key. */
export function mergeGroups(dims: readonly StatisticsDimension[], ...lists: StatisticsGroup[][]): StatisticsGroup[] {
  const merged = new Map<string, StatisticsGroup>();
  for (const list of lists) {
    for (const g of list) {
      const key = JSON.stringify(dims.map((d) => g.key[d] ?? null));
      const into = merged.get(key);
      if (!into) merged.set(key, { key: g.key, total: { ...g.total }, direct: { ...g.direct }, withinChildren: { ...g.withinChildren } });
      else for (const p of PARTS) Object.assign(into[p], g[p]);
    }
  }
  return [...merged.values()].sort((a, b) => compareKeys(a.key, b.key, dims));
}

/** A group-by enum of the given dimensions, registered with type-graphql (values COUNTRY, NUTS1, ...). */
export function statisticsGroupByEnum(name: string, dimensions: readonly StatisticsDimension[]): Record<string, string> {
  const values = Object.fromEntries(dimensions.map((d) => [enumValueOf(d), enumValueOf(d)]));
  registerEnumType(values, {
    name,
    description: `What ${name.replace(/GroupBy$/, '')} rows can be grouped by: ${Object.keys(values).join(', ')}.`,
  });
  return values;
}
const enumValueOf = (d: StatisticsDimension) => d.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

const FILTER_FIELDS: Record<keyof StatisticsFilterValues, { type: () => unknown; description: string }> = {
  country: { type: () => String, description: 'ISO 3166-1 alpha-2 code of the country, e.g. PL.' },
  region: { type: () => String, description: 'NUTS 2024 code of a region, e.g. PL91: every fact placed in it or anywhere inside it.' },
  municipality: { type: () => ID, description: 'Place ID of a municipality, e.g. place:lau:PL:1263011, with its localities.' },
  programme: { type: () => ID, description: 'Programme ID.' },
  fund: { type: () => ID, description: 'Fund ID, e.g. fund:eea-grants.' },
  yearFrom: { type: () => Int, description: 'First year (of the project start; of the programme start for money).' },
  yearTo: { type: () => Int, description: 'Last year, inclusive.' },
  organisationKind: { type: () => String, description: 'Organisation kind, as Organisation.kind (e.g. MUNICIPALITY).' },
  role: { type: () => String, description: 'Partnership role, as Partnership.role (e.g. LEAD_PARTNER).' },
};

/**
 * A statistics filter input with the given fields only, so that GraphQL itself refuses a field the
 * figures cannot be filtered by (and names the type). `types` overrides a field's type (an enum).
 */
export function StatisticsFilterInput(
  name: string,
  fields: ReadonlyArray<keyof StatisticsFilterValues>,
  types: Partial<Record<keyof StatisticsFilterValues, () => unknown>> = {},
): ClassType<StatisticsFilterValues> {
  @InputType(name, { description: 'Narrows the figures; every field given must hold (and).' })
  class Filter {}
  for (const field of fields) {
    const spec = FILTER_FIELDS[field];
    // biome-ignore lint/suspicious/noExplicitAny: the field's GraphQL type thunk
    Field((types[field] ?? spec.type) as any, { nullable: true, description: spec.description })(Filter.prototype, field);
  }
  return Filter as ClassType<StatisticsFilterValues>;
}

/** Figures of money as a GraphQL field: one Money per currency. */
export const MoneyList = () => [Money];

/**
 * The place columns of every fact table (a MikroORM base entity, like Tracked: list it among a subgraph's
 * entities). Not served by GraphQL: the fact tables are read only by `statistics`.
 */
@Entity({ abstract: true })
export abstract class PlaceFact {
  /** The one place the fact is counted at; null when it has none. */
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  /** The place's ancestry, country first, the place itself last (a region filter reads it by the GIN index). */
  @Index({ type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'` })
  placePath: string[] = [];

  @Index()
  @Property({ type: 'text', nullable: true })
  countryId?: string | null;

  @Property({ type: 'text', nullable: true, fieldName: 'nuts1_id' })
  nuts1Id?: string | null;

  @Property({ type: 'text', nullable: true, fieldName: 'nuts2_id' })
  nuts2Id?: string | null;

  @Property({ type: 'text', nullable: true, fieldName: 'nuts3_id' })
  nuts3Id?: string | null;

  @Property({ type: 'text', nullable: true })
  municipalityId?: string | null;
}

/** A data module that keeps fact tables (refreshed inside the caller's transaction, from the staged input tables). */
export interface StatisticsRefresher {
  refreshStatistics(sql: Sql): Promise<number>;
}

/**
 * Rebuilds every subgraph's fact tables in the caller's transaction: the organisations module stages the
 * place tree and the organisation kinds once (temporary tables), and each module rebuilds its own tables from them. Deletes
 * and inserts rather than truncating, so readers keep the previous figures until the commit. Returns the
 * number of fact rows written.
 */
export async function refreshAllStatistics(
  sql: Sql,
  source: { stageStatisticsInput(sql: Sql): Promise<void> },
  refreshers: readonly StatisticsRefresher[],
): Promise<number> {
  await source.stageStatisticsInput(sql);
  let rows = 0;
  for (const r of refreshers) rows += await r.refreshStatistics(sql);
  return rows;
}
