import { createHash } from 'node:crypto';
import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { BATCH } from './loaders.js';
import { GraphQLError } from 'graphql';
import { ArgsType, type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { MAX_PAGE_SIZE, PAGE_SIZE, type PageArgs, page as checkedPage } from './paging.js';
import { searchKey } from './normalise.js';
import { readColumns, rowMapper } from './rows.js';
import { tableOf } from './search.js';

/**
 * Relay-style connections paged by keyset in SQL.
 *
 * A list has a stable order: a few sort keys, SQL expressions on the row (alias `t`), the last one unique
 * (the id), none of them null. A cursor is the values of those keys for one row, with the version of the
 * cursor format and a fingerprint of the list it came from (field, filters, parent), base64url-encoded
 * and checksummed: a page after a cursor is `where (keys) > (cursor's values) order by keys limit n + 1`,
 * the same cost on page 1 and page 10,000, and rows added or removed elsewhere never shift it. A list under
 * an entity pages every parent of a batch in ONE statement: each parent's page is cut laterally
 * (`cross join lateral (... limit n + 1)`, see keysetGroupLoaders). `totalCount` is one
 * `count(*)` (per batch for a nested list), run only when it is selected.
 */

/** The cursor format; a cursor of another version is refused, so the format can change safely. */
const CURSOR_VERSION = 1;

/** A sort key: an SQL expression on the row `t` (never null) and its type, for the cursor's comparison. */
export interface SortKey {
  sql: string;
  /** Parameters of `sql`, when it has `?` placeholders (e.g. a relevance rank for a name). */
  params?: readonly unknown[];
  type: 'text' | 'boolean' | 'integer' | 'bigint';
  descending?: boolean;
}

/** Rows to page: SQL that follows `select t.*, ... from`, exposing each row as `t` (joins and a `where` allowed). */
export interface RowSource {
  from: string;
  params?: readonly unknown[];
  /**
   * The same rows as disjoint parts, each an index range in the list's order (e.g. a place's partnerships:
   * partner in the place, or in the country): a page is cut from each and the parts merged, since
   * PostgreSQL sorts the whole of an OR or a UNION ALL rather than merge its ordered index scans.
   * `from` still counts them.
   */
  branches?: readonly RowSource[];
}

function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: argument } });
}

@ObjectType({ description: 'Where a page of a connection stands in its list (Relay cursor connections).' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean, {
    description: 'Whether rows follow this page (exact when paging forward with `first`; when paging back, whether `before` was given).',
  })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description: 'Whether rows precede this page (exact when paging back with `last`; when paging forward, whether `after` was given).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of the page; null for an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the page; null for an empty page.' })
  endCursor!: string | null;
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const connectionArgsTypes = new Map<number, ClassType<ConnectionArgs>>();

/**
 * `first`/`after`, `last`/`before` of a connection whose default page is `defaultSize`, for type-graphql's
 * `@Args(() => ...)`. No default value in the schema, so that `last` alone is not mixed with a default
 * `first` (and the cost model reads `assumedSize` from the field's @listSize). Call it when a module loads.
 */
export function ConnectionPage(defaultSize: number): ClassType<ConnectionArgs> {
  const known = connectionArgsTypes.get(defaultSize);
  if (known) return known;
  @ArgsType()
  class ConnectionPageOfSize implements ConnectionArgs {
    @Field(() => Int, {
      nullable: true,
      description: `Page forward: at most ${MAX_PAGE_SIZE} edges after \`after\` (from the start without it); ${defaultSize} when neither first nor last is given.`,
    })
    first?: number | null;

    @Field(() => String, { nullable: true, description: 'A cursor from this list: the page starts after its edge.' })
    after?: string | null;

    @Field(() => Int, {
      nullable: true,
      description: `Page back: at most ${MAX_PAGE_SIZE} edges before \`before\` (from the end without it).`,
    })
    last?: number | null;

    @Field(() => String, { nullable: true, description: 'A cursor from this list: the page ends before its edge.' })
    before?: string | null;
  }
  connectionArgsTypes.set(defaultSize, ConnectionPageOfSize);
  return ConnectionPageOfSize;
}

/** `@listSize` of a connection: the cost model multiplies what is under `edges` by `first` or `last`, else the default. */
export function connectionListSize(defaultSize: number): string {
  return `@listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"], assumedSize: ${defaultSize}, requireOneSlicingArgument: false)`;
}

/** What one page asks for, checked and with its cursors decoded. */
export interface PageRequest {
  /** The list the cursors belong to (see `listFingerprint`). */
  list: string;
  size: number;
  backward: boolean;
  after: unknown[] | null;
  before: unknown[] | null;
}

/** A short fingerprint of a list: its field coordinate and everything that selects its rows. */
export function listFingerprint(coordinate: string, selection: Record<string, unknown> = {}): string {
  const filters = Object.entries(selection)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([coordinate, filters]))
    .digest('base64url')
    .slice(0, 12);
}

const checksum = (body: string) => createHash('sha256').update(body).digest('base64url').slice(0, 8);

/** The cursor of a row: opaque to clients (base64url of the version, list and key values, with a checksum). */
export function encodeCursor(list: string, values: readonly unknown[]): string {
  const body = JSON.stringify([CURSOR_VERSION, list, values]);
  return Buffer.from(`${checksum(body)}${body}`, 'utf8').toString('base64url');
}

/** The key values of a cursor of `list`; BAD_USER_INPUT naming `argument` when it is not one this list issued. */
export function decodeCursor(cursor: string, list: string, order: readonly SortKey[], argument: string): unknown[] {
  const refuse = (why: string) => badArgument(argument, `is not a cursor of this list: ${why}`);
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw refuse('not a cursor this server issued');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const body = text.slice(8);
  if (text.slice(0, 8) !== checksum(body)) throw refuse('not a cursor this server issued');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw refuse('not a cursor this server issued');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw refuse('not a cursor this server issued');
  const [version, from, values] = parsed as [unknown, unknown, unknown];
  if (version !== CURSOR_VERSION) throw refuse(`cursor version ${String(version)}, this server issues version ${CURSOR_VERSION}`);
  if (from !== list) throw refuse('it comes from another list (another field, filter or parent)');
  if (!Array.isArray(values) || values.length !== order.length) throw refuse('not a cursor this server issued');
  values.forEach((value, i) => {
    const type = (order[i] as SortKey).type;
    const ok =
      type === 'boolean'
        ? typeof value === 'boolean'
        : type === 'text' || type === 'bigint'
          ? typeof value === 'string'
          : Number.isInteger(value);
    if (!ok) throw refuse('not a cursor this server issued');
  });
  return values;
}

/** A page size argument: BAD_USER_INPUT naming it and the limit when it is not between 0 and `max`. */
export function checkPageSize(name: string, value: number | null | undefined, max: number): void {
  if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 0 || value > max)) {
    throw badArgument(name, `must be between 0 and ${max} (the page size limit), got ${value}`);
  }
}

/** Checks `first`/`last` (BAD_USER_INPUT naming the argument) and decodes the cursors. */
export function pageRequest(
  args: ConnectionArgs,
  options: { list: string; order: readonly SortKey[]; defaultSize: number; max?: number },
): PageRequest {
  const max = options.max ?? MAX_PAGE_SIZE;
  const { first, last } = args;
  checkPageSize('first', first, max);
  checkPageSize('last', last, max);
  if (first != null && last != null)
    throw badArgument('last', 'cannot be given with "first": page forward with first/after or back with last/before');
  const after = args.after != null ? decodeCursor(args.after, options.list, options.order, 'after') : null;
  const before = args.before != null ? decodeCursor(args.before, options.list, options.order, 'before') : null;
  const backward = last != null;
  return { list: options.list, size: (backward ? last : first) ?? options.defaultSize, backward, after, before };
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** One page of a connection, before type-graphql's class wraps it. */
export interface ConnectionPageData<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Counts the whole list; called only when `totalCount` is selected. */
  count: () => Promise<number>;
}

export interface Connection<T> extends ConnectionPageData<T> {
  totalCount(): Promise<number>;
}

/**
 * The `<Name>Edge` and `<Name>Connection` object types of a node type, for type-graphql. Call it when a
 * module loads; `new Connection(page)` wraps the page a resolver returns.
 */
export function connectionTypes<T extends object>(
  node: ClassType<T>,
  name: string,
  options: { description?: string; countCost?: number } = {},
): new (
  page: ConnectionPageData<T>,
) => Connection<T> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeOf implements Edge<T> {
    @Field(() => String, { description: 'Where this edge stands in its list: pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: options.description ?? `A page of ${name} rows, in a stable order.` })
  class ConnectionOf implements Connection<T> {
    @Field(() => [EdgeOf])
    edges: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    count: () => Promise<number>;

    constructor(page: ConnectionPageData<T>) {
      this.edges = page.edges;
      this.pageInfo = page.pageInfo;
      this.count = page.count;
    }

    @Directive(`@cost(weight: ${options.countCost ?? 10})`)
    @Field(() => Int, { description: 'How many rows the whole list has (with its filters), whatever the page. Counted only when asked.' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionOf;
}

/** An empty page (a filter that selects nothing, e.g. a name with nothing to search for). */
export function emptyConnectionPage<T>(): ConnectionPageData<T> {
  return {
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    count: async () => 0,
  };
}

// ---------------------------------------------------------------------------------------------------
// SQL

const KEY = (i: number) => `"__k${i}"`;
const castOf = (key: SortKey) => (key.type === 'boolean' ? 'boolean' : key.type);

/** The keyset condition "after (or before) these values" on the key columns, with its parameters. */
function keysetCondition(order: readonly SortKey[], values: readonly unknown[], after: boolean): { sql: string; params: unknown[] } {
  // Strictly after in the list's order: for a descending key, smaller comes after.
  const op = (key: SortKey) => ((key.descending ?? false) === after ? '<' : '>');
  const sameDirection = order.every((k) => (k.descending ?? false) === (order[0]?.descending ?? false));
  if (sameDirection) {
    // A row comparison, which an index on the keys serves.
    const columns = order.map((_, i) => KEY(i)).join(', ');
    const placeholders = order.map((k) => `?::${castOf(k)}`).join(', ');
    return { sql: `(${columns}) ${op(order[0] as SortKey)} (${placeholders})`, params: [...values] };
  }
  const params: unknown[] = [];
  const terms = order.map((key, i) => {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      parts.push(`${KEY(j)} = ?::${castOf(order[j] as SortKey)}`);
      params.push(values[j]);
    }
    parts.push(`${KEY(i)} ${op(key)} ?::${castOf(key)}`);
    params.push(values[i]);
    return `(${parts.join(' and ')})`;
  });
  return { sql: `(${terms.join(' or ')})`, params };
}

/** The key columns of a keyed subquery `t`, for the cursors (`__k0`, ...). */
function keyColumns(order: readonly SortKey[]): string {
  return order.map((_, i) => `t.${KEY(i)}`).join(', ');
}

function orderBy(order: readonly SortKey[], reverse: boolean): string {
  return order.map((k, i) => `${KEY(i)} ${(k.descending ?? false) !== reverse ? 'desc' : 'asc'}`).join(', ');
}

/** The rows of `source` with their key columns, in a subquery `t`. */
function keyed(source: RowSource, order: readonly SortKey[]): { sql: string; params: unknown[] } {
  const keys = order.map((k, i) => `${k.sql} as ${KEY(i)}`).join(', ');
  return {
    sql: `(select t.*, ${keys} from ${source.from}) t`,
    params: [...order.flatMap((k) => k.params ?? []), ...(source.params ?? [])],
  };
}

/**
 * `select * from <keyed rows> <where> order by <keys> limit ? [offset ?]`: over the source, or over each of
 * its branches (each cut to limit + offset rows by its own index) merged.
 */
function orderedWindow(
  source: RowSource,
  order: readonly SortKey[],
  where: { sql: string; params: unknown[] },
  reverse: boolean,
  limit: number,
  offset?: number,
): { sql: string; params: unknown[] } {
  const cut = (rows: RowSource, n: number, off?: number) => {
    const inner = keyed(rows, order);
    return {
      sql: `select * from ${inner.sql} ${where.sql} order by ${orderBy(order, reverse)} limit ?${off === undefined ? '' : ' offset ?'}`,
      params: [...inner.params, ...where.params, n, ...(off === undefined ? [] : [off])],
    };
  };
  if (!source.branches?.length) return cut(source, limit, offset);
  const parts = source.branches.map((b) => cut(b, limit + (offset ?? 0)));
  return {
    sql: `select * from (${parts.map((p) => `(${p.sql})`).join(' union all ')}) t order by ${orderBy(order, reverse)} limit ?${offset === undefined ? '' : ' offset ?'}`,
    params: [...parts.flatMap((p) => p.params), limit, ...(offset === undefined ? [] : [offset])],
  };
}

function cursorWhere(order: readonly SortKey[], request: PageRequest): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [values, after] of [
    [request.after, true],
    [request.before, false],
  ] as const) {
    if (!values) continue;
    const c = keysetCondition(order, values, after);
    conditions.push(c.sql);
    params.push(...c.params);
  }
  return { sql: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

type Row = Record<string, unknown>;

/** Splits a raw row into the entity's columns and its key values. */
function splitRow(row: Row, order: readonly SortKey[]): { columns: Row; values: unknown[]; parent: unknown } {
  const columns: Row = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('__')) columns[k] = v;
  const values = order.map((key, i) => {
    const v = row[`__k${i}`];
    // bigint comes back as a string; integers as numbers; text as is.
    return key.type === 'integer' ? Number(v) : key.type === 'bigint' ? String(v) : v;
  });
  return { columns, values, parent: row.__parent };
}

/** A page from the rows fetched (at most size + 1, in page direction): edges in list order and the page info. */
function pageOf<T>(
  rows: Row[],
  request: PageRequest,
  order: readonly SortKey[],
  map: (columns: Row) => T,
  list: string,
): Omit<ConnectionPageData<T>, 'count'> {
  const more = rows.length > request.size;
  const kept = rows.slice(0, request.size);
  if (request.backward) kept.reverse();
  const edges = kept.map((row) => {
    const { columns, values } = splitRow(row, order);
    return { cursor: encodeCursor(list, values), node: map(columns) };
  });
  return { edges, pageInfo: pageInfoOf(edges, request, more) };
}

/** Where a page stands: `more` says whether a row was read beyond it, in the page's direction. */
export function pageInfoOf(edges: ReadonlyArray<{ cursor: string }>, request: PageRequest, more: boolean): PageInfo {
  return {
    hasNextPage: request.backward ? request.before !== null : more,
    hasPreviousPage: request.backward ? more : request.after !== null,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
}

/**
 * A list's total kept at write time (lib/src/totals.ts): an SQL expression of the count, read instead of
 * counting the rows. Only for a list the maintained total describes exactly (no filter).
 */
export interface MaintainedTotal {
  sql: string;
  params: readonly unknown[];
}

/** One page of a root list, in one statement (and one more for `totalCount` if asked: `total` when kept, else a count). */
export async function keysetPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  source: RowSource,
  order: readonly SortKey[],
  request: PageRequest,
  total?: MaintainedTotal,
): Promise<ConnectionPageData<T>> {
  const inner = keyed(source, order);
  const where = cursorWhere(order, request);
  const rows = (await em.execute(
    `select ${readColumns(em, entity)}, ${keyColumns(order)} from ${inner.sql} ${where.sql} order by ${orderBy(order, request.backward)} limit ?`,
    [...inner.params, ...where.params, request.size + 1],
  )) as Row[];
  const page = pageOf(rows, request, order, rowMapper(em, entity), request.list);
  let counted: Promise<number> | undefined;
  const count = () => {
    counted ??= em
      .execute(
        total ? `select ${total.sql} as n` : `select count(*)::int as n from ${source.from}`,
        total ? [...total.params] : [...(source.params ?? [])],
      )
      .then((r) => Number((r as Array<{ n: number }>)[0]?.n ?? 0));
    return counted;
  };
  return { ...page, count };
}

/**
 * Pages of a list under an entity, for a batch of parents in ONE statement per page asked (and one for the
 * counts of the batch, if asked): the parent IDs as rows `k(parent)`, and for each, laterally, its page in
 * keyset order with `limit size + 1`, so an index on (parent, keys) reads a page per parent and no more (a
 * list that is not a column of the parent, like a place's projects, reads each parent's rows once to sort them).
 * `source(parent)` gives the rows of one parent, `parent` being the SQL that names it (`k.parent`).
 */
export interface GroupPages<T> {
  /** The list's order (for `pageRequest` to check cursors against). */
  order: readonly SortKey[];
  /** One keyset page of a parent's list (batched with the other parents asking the same page). */
  page(request: PageRequest, parentId: string): Promise<ConnectionPageData<T>>;
  /**
   * One `limit`/`offset` page of a parent's list in the same order, for the deprecated offset fields:
   * `limit ? offset ?` inside the lateral subquery, so a page never reads more than offset + limit rows
   * per parent, and never the whole list.
   */
  slice(args: PageArgs, parentId: string): Promise<T[]>;
}

export function keysetGroupLoaders<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: {
    source: (parent: string) => RowSource;
    order: readonly SortKey[];
    /** The maintained total of one parent (`parent`: the SQL naming it), read instead of counting its rows. */
    total?: (parent: string) => MaintainedTotal;
  },
): GroupPages<T> {
  const loaders = new Map<string, DataLoader<string, Row[]>>();
  const slices = new Map<string, DataLoader<string, T[]>>();
  const source = options.source('k.parent');
  // The parents as a VALUES list, whose length the planner knows (a set-returning function over a parameter
  // is guessed at 100 rows, which priced one country's page of projects past PostgreSQL's JIT threshold:
  // 123 ms of compiling for a 150 ms query).
  const parents = (ids: readonly string[]) => ({
    sql: `(values ${ids.map((_, i) => `(?::text, ${i})`).join(', ')}) as k(parent, ord)`,
    params: [...ids],
  });
  const counts = new DataLoader<string, number>(async (parentIds) => {
    const k = parents(parentIds);
    const total = options.total?.('k.parent');
    const rows = (await em.execute(
      `select k.parent, ${total ? total.sql : `(select count(*)::int from ${source.from})`} as n from ${k.sql}`,
      [...(total ? total.params : (source.params ?? [])), ...k.params],
    )) as Array<{ parent: string; n: number }>;
    const byParent = new Map(rows.map((r) => [r.parent, Number(r.n)]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  }, BATCH);
  const loaderFor = (request: PageRequest) => {
    // Parents asked with the same page (size, direction and cursor values) share one statement.
    const key = JSON.stringify([request.size, request.backward, request.after, request.before]);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, Row[]>(async (parentIds) => {
        const window = orderedWindow(source, options.order, cursorWhere(options.order, request), request.backward, request.size + 1);
        const k = parents(parentIds);
        const sql = `select k.parent as "__parent", ${readColumns(em, entity)}, ${keyColumns(options.order)} from ${k.sql}
          cross join lateral (${window.sql}) t
          order by k.ord, ${orderBy(options.order, request.backward)}`;
        const rows = (await em.execute(sql, [...k.params, ...window.params])) as Row[];
        const groups = new Map<string, Row[]>();
        for (const row of rows) {
          const parent = String(row.__parent);
          const list = groups.get(parent);
          if (list) list.push(row);
          else groups.set(parent, [row]);
        }
        return parentIds.map((id) => groups.get(id) ?? []);
      }, BATCH);
      loaders.set(key, loader);
    }
    return loader;
  };
  const sliceLoader = (args: PageArgs) => {
    const { limit, offset } = checkedPage(args.limit, args.offset);
    const key = `${limit}:${offset}`;
    let loader = slices.get(key);
    if (!loader) {
      loader = new DataLoader<string, T[]>(async (parentIds) => {
        const window = orderedWindow(source, options.order, { sql: '', params: [] }, false, limit, offset);
        const k = parents(parentIds);
        const sql = `select k.parent as "__parent", ${readColumns(em, entity)}, ${keyColumns(options.order)} from ${k.sql}
          cross join lateral (${window.sql}) t
          order by k.ord, ${orderBy(options.order, false)}`;
        const rows = (await em.execute(sql, [...k.params, ...window.params])) as Row[];
        const groups = new Map<string, T[]>();
        const map = rowMapper(em, entity);
        for (const row of rows) {
          const { columns, parent } = splitRow(row, options.order);
          const node = map(columns);
          const list = groups.get(String(parent));
          if (list) list.push(node);
          else groups.set(String(parent), [node]);
        }
        return parentIds.map((id) => groups.get(id) ?? []);
      }, BATCH);
      slices.set(key, loader);
    }
    return loader;
  };
  return {
    order: options.order,
    slice: (args, parentId) => sliceLoader(args).load(parentId),
    async page(request, parentId) {
      const rows = await loaderFor(request).load(parentId);
      const page = pageOf(rows, request, options.order, rowMapper(em, entity), request.list);
      return { ...page, count: () => counts.load(parentId) };
    },
  };
}

/**
 * Keyset pages of the rows of `entity` whose column `key` points at the parent (optionally with an extra
 * condition `where` on `t`): the common case of keysetGroupLoaders. An index on (key, order's columns)
 * serves every page.
 */
export function keysetByColumn<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: { key: string; order: readonly SortKey[]; where?: string },
): GroupPages<T> {
  const table = tableOf(em, entity as EntityName<object>);
  return keysetGroupLoaders(em, entity, {
    source: (parent) => ({ from: `${table} t where t.${options.key} = ${parent}${options.where ? ` and (${options.where})` : ''}` }),
    order: options.order,
  });
}

/** A connection type's class, as `connectionTypes` makes it. */
export type ConnectionClass<T> = new (page: ConnectionPageData<T>) => Connection<T>;

/**
 * The resolver of a connection under an entity: checks the arguments, decodes the cursors against the list
 * (its coordinate and parent) and reads the page through the batch's loader (`loader`, read from the
 * request's context after `first`/`last` are checked, so a page size out of range is refused first).
 */
export async function nestedConnection<T>(
  type: ConnectionClass<T>,
  loader: () => GroupPages<T>,
  args: ConnectionArgs,
  options: { coordinate: string; parentId: string; defaultSize?: number; selection?: Record<string, unknown> },
): Promise<Connection<T>> {
  // The loader is taken from the request's context only once the arguments are known to be in range.
  pageRequest({ first: args.first, last: args.last }, { list: '', order: [], defaultSize: 0 });
  const pages = loader();
  const request = pageRequest(args, {
    list: listFingerprint(options.coordinate, { ...options.selection, parent: options.parentId }),
    order: pages.order,
    defaultSize: options.defaultSize ?? PAGE_SIZE.list,
  });
  return new type(await pages.page(request, options.parentId));
}

/**
 * The resolver of a root connection: `rows` are the rows its filters select (null: nothing to search for),
 * `selection` the filters, part of the list's fingerprint so that a cursor only works with the same filters.
 * The cursors are checked against `order` before any SQL runs.
 */
export async function rootConnection<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  type: ConnectionClass<T>,
  args: ConnectionArgs,
  options: {
    coordinate: string;
    order: readonly SortKey[];
    rows: () => RowSource | null;
    selection?: Record<string, unknown>;
    defaultSize?: number;
  },
): Promise<Connection<T>> {
  const request = pageRequest(args, {
    list: listFingerprint(options.coordinate, options.selection),
    order: options.order,
    defaultSize: options.defaultSize ?? PAGE_SIZE.list,
  });
  const source = options.rows();
  if (!source) return new type(emptyConnectionPage<T>());
  return new type(await keysetPage(em, entity, source, options.order, request));
}

/** One `limit`/`offset` page of a root list in SQL (the deprecated offset fields), in a connection's order. */
export async function offsetPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  source: RowSource,
  order: readonly SortKey[],
  args: PageArgs,
): Promise<T[]> {
  const { limit, offset } = checkedPage(args.limit, args.offset);
  const inner = keyed(source, order);
  const rows = (await em.execute(
    `select ${readColumns(em, entity)}, ${keyColumns(order)} from ${inner.sql} order by ${orderBy(order, false)} limit ? offset ?`,
    [...inner.params, limit, offset],
  )) as Row[];
  const map = rowMapper(em, entity);
  return rows.map((row) => map(splitRow(row, order).columns));
}

const escapeLike = (key: string) => key.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The order of a root list that may be searched by name: with a name, exact matches of a search key first,
 * then keys that start with it (as lib's searchByName ranks them), then `base`; without one, `base`.
 * Needs no database, so cursors are checked against it before anything is read.
 */
export function searchOrder(name: string | null | undefined, base: readonly SortKey[]): readonly SortKey[] {
  if (name === undefined || name === null) return base;
  const key = searchKey(name) ?? '';
  return [
    { sql: '(? = any(t.search_keys))', params: [key], type: 'boolean', descending: true },
    {
      sql: 'exists (select 1 from unnest(t.search_keys) k where k like ?)',
      params: [`${escapeLike(key)}%`],
      type: 'boolean',
      descending: true,
    },
    ...base,
  ];
}

/**
 * The rows of a root list (`entity` as `t`, with `search_keys` when it is searched): those whose search keys
 * contain `name` (when given) and meet the `where` conditions. Null when the name has nothing to search for.
 */
export function searchRows(
  em: EntityManager,
  entity: EntityName<object>,
  filter: { name?: string | null; where?: readonly string[]; params?: readonly unknown[] },
): RowSource | null {
  const where = [...(filter.where ?? [])];
  const params: unknown[] = [];
  if (filter.name !== undefined && filter.name !== null) {
    const key = searchKey(filter.name);
    if (!key) return null;
    where.unshift('exists (select 1 from unnest(t.search_keys) k where k like ?)');
    params.push(`%${escapeLike(key)}%`);
  }
  params.push(...(filter.params ?? []));
  return { from: `${tableOf(em, entity)} t${where.length ? ` where ${where.join(' and ')}` : ''}`, params };
}
