import type { EntityManager } from '@mikro-orm/postgresql';
import { Args, ArgsType, type ClassType, Ctx, Directive, Field, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  type ConnectionArgs,
  type ConnectionClass,
  ConnectionPage,
  connectionListSize,
  connectionTypes,
  encodeCursor,
  listFingerprint,
  pageInfoOf,
  pageRequest,
} from './connections.js';
import type { Money } from './money.js';
import type { PageArgs } from './paging.js';
import { DetailPage, FullPage, PAGE_SIZE, cost, page, slicePage } from './paging.js';
import {
  dimensionOf,
  type Figures,
  type GroupKeyset,
  groupKeyTypes,
  groupKeyValues,
  MoneyList,
  mergeGroups,
  type ScopedStatisticsLoaders,
  type StatisticsArgs,
  type StatisticsFilterValues,
  type StatisticsGroup,
  type StatisticsQuery,
  type StatisticsReader,
  statistics,
  statisticsGroupCounts,
} from './statistics.js';

/** The description every groupBy argument carries. */
export const GROUP_BY_DESCRIPTION = 'Dimensions to group by (none: one row for everything); a row per combination that has facts.';
/** Units the gateway's cost estimate counts for one statistics field (one grouped scan of a fact table). */
export const STATISTICS_COST = 10;
/** Groups in a page of a statistics connection when neither `first` nor `last` is given. */
export const STATISTICS_PAGE_SIZE = PAGE_SIZE.list;

/** A page of a figure's amounts (one per currency), as every list field is a page. */
export const moneyPage = (figures: object, name: string, p: PageArgs): Money[] =>
  slicePage(((figures as Record<string, unknown>)[name] as Money[] | undefined) ?? [], p);

/**
 * The resolvers of a figures type's money fields (one Money per currency): each a page (`limit`/`offset`),
 * as every list field is. Register the class with the subgraph's resolvers.
 */
export function moneyFieldResolvers(figures: ClassType<object>, fields: readonly string[]): ClassType<object> {
  @Resolver(() => figures)
  class MoneyFields {}
  const proto = MoneyFields.prototype as unknown as Record<string, unknown>;
  for (const name of fields) {
    proto[name] = (root: object, p: PageArgs) => moneyPage(root, name, p);
    const descriptor = Object.getOwnPropertyDescriptor(proto, name) as PropertyDescriptor;
    Root()(proto, name, 0);
    Args(() => DetailPage)(proto, name, 1);
    FieldResolver(MoneyList, { name })(proto, name, descriptor);
  }
  return MoneyFields;
}

/** What every statistics field takes (groupBy as the enum's values, filter) besides a subgraph's own arguments. */
export interface StatisticsFieldArgs {
  groupBy: string[];
  filter?: StatisticsFilterValues | null;
}

/**
 * The `groupBy` and `filter` arguments of a subgraph's statistics fields, for type-graphql's `@Args`; extend
 * it (`@ArgsType() class X extends StatisticsArgsType(...)`) for arguments of the subgraph's own.
 */
export function StatisticsArgsType(
  groupBy: Record<string, string>,
  filter: ClassType<StatisticsFilterValues>,
): ClassType<StatisticsFieldArgs> {
  @ArgsType()
  class StatisticsArgsOf implements StatisticsFieldArgs {
    @Field(() => [groupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION })
    groupBy!: string[];

    @Field(() => filter, { nullable: true })
    filter?: StatisticsFilterValues | null;
  }
  return StatisticsArgsOf;
}

/**
 * A field's arguments as the readers take them: the dimensions for the enum values (each once), a page if any.
 * `groupBy` may be absent when a resolver is called without GraphQL's defaults (test/list-bounds.test.ts does), so
 * the page size is still checked and refused with its own error.
 */
export const statisticsArgs = <F extends StatisticsFieldArgs>(field: F, pageOf?: StatisticsArgs['page']) =>
  ({ ...field, groupBy: [...new Set((field.groupBy ?? []).map(dimensionOf))], page: pageOf }) as Omit<F, 'groupBy'> & StatisticsArgs;

/**
 * A subgraph's statistics read as `statistics` statements: `queries` gives them for a set of arguments and
 * scopes (none: the whole graph); several are merged by key (the projects' and the partnerships' figures),
 * a group one of them has not seen getting `zero` for its figures. The first query's key sources must be
 * those of all (see StatisticsQuery.keySources): the groups are counted from it.
 */
export function statisticsReader<A extends StatisticsArgs>(
  em: EntityManager,
  spec: { queries: (args: A, ids?: readonly string[]) => StatisticsQuery[]; zero?: Figures },
): StatisticsReader<A> {
  const zero = spec.zero ?? {};
  const filled = (groups: StatisticsGroup[]) =>
    groups.map((g) => ({
      key: g.key,
      total: { ...zero, ...g.total },
      direct: { ...zero, ...g.direct },
      withinChildren: { ...zero, ...g.withinChildren },
    }));
  return {
    async groups(args, ids) {
      const queries = spec.queries(args, ids);
      const results = await Promise.all(queries.map((q) => statistics(em, q)));
      const first = results[0] ?? [];
      if (results.length === 1) return first.map(filled);
      return first.map((groups, i) => filled(mergeGroups(args.groupBy, groups, ...results.slice(1).map((r) => r[i] ?? []))));
    },
    async counts(args, ids) {
      const [q] = spec.queries(args, ids);
      return q ? statisticsGroupCounts(em, q) : [];
    },
  };
}

/**
 * A connection of groups: checks `first`/`last` and the cursors (bound to the field, its arguments and the
 * parent) before any SQL, reads the page by keyset on the group keys (one group more, to know whether
 * more follow) and counts the groups only when `totalCount` is asked.
 */
export async function statisticsConnection(
  type: ConnectionClass<StatisticsGroup>,
  page: ConnectionArgs,
  options: {
    coordinate: string;
    parentId?: string;
    args: StatisticsArgs;
    groups: (keyset: GroupKeyset) => Promise<StatisticsGroup[]>;
    count: () => Promise<number>;
  },
) {
  const dims = options.args.groupBy;
  const { page: _page, ...selection } = options.args;
  const request = pageRequest(page, {
    list: listFingerprint(options.coordinate, { ...selection, parent: options.parentId }),
    order: groupKeyTypes(dims).map((type) => ({ sql: '', type })),
    defaultSize: STATISTICS_PAGE_SIZE,
  });
  const rows = await options.groups({ size: request.size + 1, backward: request.backward, after: request.after, before: request.before });
  // The rows come in key order; the one read beyond the page is the last (forward) or the first (back).
  const more = rows.length > request.size;
  const kept = request.backward ? rows.slice(Math.max(0, rows.length - request.size)) : rows.slice(0, request.size);
  const edges = kept.map((node) => ({ cursor: encodeCursor(request.list, groupKeyValues(node.key, dims)), node }));
  let counted: Promise<number> | undefined;
  return new type({
    edges,
    pageInfo: pageInfoOf(edges, request, more),
    count: () => {
      counted ??= options.count();
      return counted;
    },
  });
}

/** Where a statistics field sits besides the root: the entity type and the loaders of its scopes. */
export interface StatisticsParent<C, A extends StatisticsArgs> {
  type: ClassType<object>;
  description: string;
  /** Nullable where the entity is another subgraph's (a failure here costs the field, not the entity). */
  nullable?: boolean;
  loaders: (ctx: C) => ScopedStatisticsLoaders<A>;
}

/**
 * Every resolver of one subgraph's statistics field (`projectStatistics`...): at the root and on each parent
 * entity, a connection `<field>Connection` of the groups (keyset pages with cursors and totalCount, priced by
 * @listSize and @cost) and the deprecated `<field>` list (limit/offset), both cut in SQL. Register the classes
 * with the subgraph's resolvers.
 */
export function statisticsResolvers<C, F extends StatisticsFieldArgs>(spec: {
  field: string;
  group: ClassType<object>;
  groupName: string;
  args: ClassType<F>;
  root: { description: string; reader: (ctx: C) => StatisticsReader<Omit<F, 'groupBy'> & StatisticsArgs> };
  parents: ReadonlyArray<StatisticsParent<C, Omit<F, 'groupBy'> & StatisticsArgs>>;
}): Array<ClassType<object>> {
  const Groups = connectionTypes(spec.group as ClassType<StatisticsGroup>, spec.groupName, {
    description: `A page of ${spec.groupName} rows, by group key (each dimension in turn, codepoint order, nulls last).`,
  });
  const Paged = ConnectionPage(STATISTICS_PAGE_SIZE);
  const connection = `${spec.field}Connection`;
  const deprecationReason = `Use ${connection}: keyset pages of the groups with cursors and totalCount.`;
  const pagedDescription = (d: string) => `${d} A page of groups at a time (first/after or last/before), with totalCount.`;

  @Resolver()
  class RootStatistics {
    @Directive(cost(STATISTICS_COST))
    @Query(() => [spec.group], { name: spec.field, description: spec.root.description, deprecationReason })
    async list(@Ctx() ctx: C, @Args(() => spec.args) field: F, @Args(() => FullPage) p: PageArgs) {
      const [groups] = await spec.root.reader(ctx).groups(statisticsArgs(field, page(p.limit, p.offset)));
      return groups ?? [];
    }

    @Directive(cost(STATISTICS_COST))
    @Directive(connectionListSize(STATISTICS_PAGE_SIZE))
    @Query(() => Groups, { name: connection, description: pagedDescription(spec.root.description) })
    connection(@Ctx() ctx: C, @Args(() => spec.args) field: F, @Args(() => Paged) p: ConnectionArgs) {
      const args = statisticsArgs(field);
      const reader = spec.root.reader(ctx);
      return statisticsConnection(Groups, p, {
        coordinate: `Query.${connection}`,
        args,
        groups: async (keyset) => (await reader.groups({ ...args, page: keyset }))[0] ?? [],
        count: async () => (await reader.counts(args))[0] ?? 0,
      });
    }
  }

  const nested = spec.parents.map((parent) => {
    const typeName = parent.type.name;
    @Resolver(() => parent.type)
    class ParentStatistics {
      @Directive(cost(STATISTICS_COST))
      @FieldResolver(() => [spec.group], {
        name: spec.field,
        nullable: parent.nullable,
        description: parent.description,
        deprecationReason,
      })
      list(@Root() root: { id: string }, @Ctx() ctx: C, @Args(() => spec.args) field: F, @Args(() => FullPage) p: PageArgs) {
        return parent
          .loaders(ctx)
          .groups(statisticsArgs(field, page(p.limit, p.offset)))
          .load(root.id);
      }

      @Directive(cost(STATISTICS_COST))
      @Directive(connectionListSize(STATISTICS_PAGE_SIZE))
      @FieldResolver(() => Groups, { name: connection, nullable: parent.nullable, description: pagedDescription(parent.description) })
      connection(@Root() root: { id: string }, @Ctx() ctx: C, @Args(() => spec.args) field: F, @Args(() => Paged) p: ConnectionArgs) {
        const args = statisticsArgs(field);
        return statisticsConnection(Groups, p, {
          coordinate: `${typeName}.${connection}`,
          parentId: root.id,
          args,
          groups: (keyset) =>
            parent
              .loaders(ctx)
              .groups({ ...args, page: keyset })
              .load(root.id),
          count: () => parent.loaders(ctx).counts(args).load(root.id),
        });
      }
    }
    return ParentStatistics;
  });
  return [RootStatistics, ...nested];
}
