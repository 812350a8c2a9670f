import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { BATCH } from './loaders.js';
import { GraphQLError } from 'graphql';
import { ArgsType, type ClassType, Field, Int } from 'type-graphql';
import { readColumns, rowMapper } from './rows.js';
import { tableOf } from './search.js';

/** The most rows one list field returns; dashboards page with limit/offset beyond it. */
export const MAX_PAGE_SIZE = 200;

/**
 * Default page sizes. Every list field of the graph takes `limit` (at most MAX_PAGE_SIZE) and `offset`; its
 * default is one of these. They are chosen so that, on the seeds and the loaded open data, every list that
 * stays small fits in its first page with room to spare (the longest detail list has 11 entries; an
 * organisation merged from many source records has up to 24 records and 48 sources, so those are `list`),
 * and so that the cost estimate of nested lists stays near what a request really reads.
 */
export const PAGE_SIZE = {
  /** Root searches (`places`, `organisations`, `projects`) and a programme's projects. */
  search: 20,
  /** Root listings (`events`, `outcomes`, `programmes`, `networks`, `funds`) and lists that grow with the data: partnerships, events, outcomes, grants, members... */
  list: 50,
  /** Facts about one record: its sources, codes, other names, figures, steps, agenda, participants, donors... */
  detail: 20,
} as const;

/**
 * Demand control (the gateway's cost estimate, from the `@cost` and `@listSize` directives of the
 * Federation cost spec that the subgraphs' SDL carries into the supergraph):
 * - one unit is one object the subgraphs may have to build for the answer, i.e. about one row read; scalar
 *   and enum fields are free, they come with their object;
 * - a list field multiplies the cost of everything selected under it by its page size: the `limit` given,
 *   else its default (`@listSize(slicingArguments: ["limit"], assumedSize: <default>)`);
 * - `@cost(weight: N)` adds N units (multiplied like the field it is on) where a field does work beyond
 *   reading rows by key: a name search scans the normalised names of a whole table (SEARCH_COST, put on the
 *   `name` argument, so a lookup by ID stays cheap), an identifier lookup probes the identifier indexes of
 *   several tables (LOOKUP_COST).
 * The estimate is summed over the requests the gateway sends to the subgraphs.
 */
export const SEARCH_COST = 10;
export const LOOKUP_COST = 5;

/** `@cost` for type-graphql's @Directive, on a field or an argument. */
export const cost = (weight: number): string => `@cost(weight: ${weight})`;

/**
 * `@listSize` of a list paged by `limit`. buildFederatedSchema adds it to every list field with a `limit`
 * argument (from that argument's default), so it never disagrees with the argument; written out by hand only
 * for a list without one (`@listSize(assumedSize: N)`, for a list whose length N bounds by nature).
 */
export function listSize(defaultLimit: number): string {
  return `@listSize(slicingArguments: ["limit"], assumedSize: ${defaultLimit}, requireOneSlicingArgument: false)`;
}

function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: argument } });
}

/** Checks `limit` and `offset` before they reach SQL: BAD_USER_INPUT naming the argument when out of range. */
export function page(limit: number, offset: number, max = MAX_PAGE_SIZE): { limit: number; offset: number } {
  if (!Number.isInteger(limit) || limit < 0 || limit > max) throw badArgument('limit', `must be between 0 and ${max}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badArgument('offset', `must be 0 or more, got ${offset}`);
  return { limit, offset };
}

export interface PageArgs {
  limit: number;
  offset: number;
}

/** One page of a list already in memory (the arguments are checked first). */
export function slicePage<T>(items: readonly T[], args: PageArgs): T[] {
  const { limit, offset } = page(args.limit, args.offset);
  return items.slice(offset, offset + limit);
}

const pageArgsTypes = new Map<number, ClassType<PageArgs>>();

/**
 * The `limit` and `offset` arguments of a list field whose default page size is `defaultLimit`, for
 * type-graphql's `@Args(() => ListPage)`. Call it when a module loads, never inside the `@Args` type
 * function: type-graphql only knows the argument classes declared before it builds the schema.
 */
export function Page(defaultLimit: number): ClassType<PageArgs> {
  const known = pageArgsTypes.get(defaultLimit);
  if (known) return known;
  @ArgsType()
  class PageOfSize implements PageArgs {
    @Field(() => Int, {
      defaultValue: defaultLimit,
      description: `How many to return: at most ${MAX_PAGE_SIZE}; ${defaultLimit} when not given.`,
    })
    limit: number = defaultLimit;

    @Field(() => Int, { defaultValue: 0, description: 'How many to skip, for the next page.' })
    offset = 0;
  }
  pageArgsTypes.set(defaultLimit, PageOfSize);
  return PageOfSize;
}

/** `limit` (default PAGE_SIZE.search) and `offset`. */
export const SearchPage = Page(PAGE_SIZE.search);
/** `limit` (default PAGE_SIZE.list) and `offset`. */
export const ListPage = Page(PAGE_SIZE.list);
/** `limit` (default PAGE_SIZE.detail) and `offset`. */
export const DetailPage = Page(PAGE_SIZE.detail);
/** `limit` (default MAX_PAGE_SIZE) and `offset`: the lists that were paged with a full page before the defaults above. */
export const FullPage = Page(MAX_PAGE_SIZE);

/**
 * One page of the rows of each parent in a batch, in ONE statement: the parent IDs as rows, and for each,
 * laterally, its rows in `orderBy` order cut with `limit ? offset ?`, so an index on (key, order) reads at
 * most offset + limit rows per parent and the database never returns more than a page per parent. One
 * loader per page, as the page is part of what is asked (two pages of the same field in one request are two
 * statements). `key` is the column that points at the parent; `where` an optional extra SQL condition on `t`.
 */
export function pagedGroupLoaders<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: { key: string; orderBy: string; where?: string },
): (args: PageArgs) => DataLoader<string, T[]> {
  const loaders = new Map<string, DataLoader<string, T[]>>();
  return (args) => {
    const { limit, offset } = page(args.limit, args.offset);
    const cacheKey = `${limit}:${offset}`;
    let loader = loaders.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, T[]>(async (parentIds) => {
        const sql = `select ${readColumns(em, entity)} from (values ${parentIds.map((_, i) => `(?::text, ${i})`).join(', ')}) as k(parent, ord)
          cross join lateral (
            select t.* from ${tableOf(em, entity as EntityName<object>)} t
            where t.${options.key} = k.parent${options.where ? ` and (${options.where})` : ''}
            order by ${options.orderBy} limit ? offset ?
          ) t order by k.ord`;
        const rows = (await em.execute(sql, [...parentIds, limit, offset])) as Array<Record<string, unknown>>;
        const groups = new Map<string, T[]>();
        const map = rowMapper(em, entity);
        for (const row of rows) {
          const parent = row[options.key] as string;
          const list = groups.get(parent) ?? [];
          list.push(map(row));
          groups.set(parent, list);
        }
        return parentIds.map((id) => groups.get(id) ?? []);
      }, BATCH);
      loaders.set(cacheKey, loader);
    }
    return loader;
  };
}
