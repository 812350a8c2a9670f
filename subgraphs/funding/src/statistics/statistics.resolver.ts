import type { EntityManager } from '@mikro-orm/postgresql';
import {
  cost,
  dimensionOf,
  DetailPage,
  FullPage,
  moneyPage,
  GROUP_BY_DESCRIPTION,
  type Money,
  MoneyList,
  type PageArgs,
  STATISTICS_COST,
  type StatisticsArgs,
  type StatisticsFilterValues,
  StatisticsFilterInput,
  StatisticsGroupType,
  scopedPage,
  scopedStatisticsLoaders,
  page,
  statistics,
  statisticsGroupByEnum,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { PlaceRef } from '../refs/place.ref.js';

// One field per subgraph on the entities (Place.fundingStatistics here; see the projects subgraph's
// statistics.resolver.ts for why), over funding.funding_fact.

export const FundingStatisticsGroupBy = statisticsGroupByEnum('FundingStatisticsGroupBy', [
  'country',
  'nuts1',
  'nuts2',
  'nuts3',
  'municipality',
  'programme',
  'fund',
  'period',
  'year',
]);
export const FundingStatisticsFilter = StatisticsFilterInput('FundingStatisticsFilter', [
  'country',
  'region',
  'municipality',
  'programme',
  'fund',
  'yearFrom',
  'yearTo',
]);

/** Which of the source's ways of stating the money a figure adds up: one, never two (they repeat the same money). */
export enum AllocationBreakdown {
  OWN = 'OWN',
  PROJECTS = 'PROJECTS',
  GRANTS = 'GRANTS',
}
registerEnumType(AllocationBreakdown, {
  name: 'AllocationBreakdown',
  description: 'Which allocations `allocated` adds up (Allocation.breakdown): the breakdowns repeat the programme’s own money.',
  valuesConfig: {
    OWN: { description: 'The programmes’ own allocations to the beneficiary countries (breakdown null).' },
    PROJECTS: { description: 'Spread over the places of the projects (NUTS regions).' },
    GRANTS: { description: 'Spread evenly over NUTS 3 regions.' },
  },
});

@ObjectType({ description: 'Figures about money: allocations of one breakdown, grants and programmes.' })
export class FundingFigures {
  @Field(MoneyList, { description: 'Sum of the allocations of the breakdown asked for, one amount per currency.' })
  allocated!: Money[];
  @Field(() => Int, { description: 'Allocations of that breakdown.' })
  allocations!: number;
  @Field(() => Int, { description: 'Grants (each at its programme’s beneficiary country).' })
  grants!: number;
  @Field(MoneyList, { description: 'Sum of the grants whose amount a source states, per currency.' })
  granted!: Money[];
  @Field(() => Int, { description: 'Distinct programmes with an allocation or a grant in the row (not additive across rows).' })
  programmes!: number;
}

/** The money lists of the figures are pages too (one amount per currency), as every list field is. */
@Resolver(() => FundingFigures)
export class FundingFiguresResolver {
  @FieldResolver()
  allocated(@Root() figures: FundingFigures, @Args(() => DetailPage) p: PageArgs): Money[] {
    return moneyPage(figures, 'allocated', p);
  }

  @FieldResolver()
  granted(@Root() figures: FundingFigures, @Args(() => DetailPage) p: PageArgs): Money[] {
    return moneyPage(figures, 'granted', p);
  }
}

export const FundingStatisticsGroup = StatisticsGroupType(
  'FundingStatisticsGroup',
  FundingFigures,
  'One row of money figures: its key, all of it, what sits at the scope itself and what sits inside it.',
);

interface Scopes {
  ids: readonly string[];
  match: string;
  direct: string;
}

function fundingStatistics(
  em: EntityManager,
  groupBy: readonly ReturnType<typeof dimensionOf>[],
  filter: StatisticsFilterValues | null | undefined,
  breakdown: AllocationBreakdown,
  scopes?: Scopes,
  pageOf?: { limit: number; offset: number },
) {
  const allocation = `f.kind = 'ALLOCATION'`;
  return statistics(em, {
    from: 'funding.funding_fact f',
    // Allocations of one breakdown only, and every grant.
    where: [
      breakdown === AllocationBreakdown.OWN
        ? { sql: `(f.kind = 'GRANT' or f.breakdown is null)`, params: [] }
        : { sql: `(f.kind = 'GRANT' or f.breakdown = ?)`, params: [breakdown] },
    ],
    groupBy,
    filter,
    measures: {
      allocated: { kind: 'money', amount: 'f.amount', currency: 'f.currency', where: allocation },
      allocations: { kind: 'count', expr: 'count(*)', where: allocation },
      grants: { kind: 'count', expr: 'count(*)', where: `f.kind = 'GRANT'` },
      granted: { kind: 'money', amount: 'f.amount', currency: 'f.currency', where: `f.kind = 'GRANT'` },
      programmes: { kind: 'count', expr: 'count(distinct f.programme_id)' },
    },
    scopes,
    page: pageOf,
  });
}

/** Per request: one loader per scope kind, breakdown and argument set. */
export function createStatisticsLoaders(em: EntityManager) {
  const per = (scope: (ids: readonly string[]) => Scopes) => {
    const byBreakdown = new Map<AllocationBreakdown, ReturnType<typeof scopedStatisticsLoaders>>();
    return (breakdown: AllocationBreakdown) => {
      let loaders = byBreakdown.get(breakdown);
      if (!loaders) {
        loaders = scopedStatisticsLoaders((a: StatisticsArgs, ids) =>
          fundingStatistics(em, a.groupBy, a.filter, breakdown, scope(ids), a.page),
        );
        byBreakdown.set(breakdown, loaders);
      }
      return loaders;
    };
  };
  return {
    place: per((ids) => ({ ids, match: 'f.place_path @> array[s.scope]', direct: 'f.place_id = s.scope' })),
    programme: per((ids) => ({ ids, match: 'f.programme_id = s.scope', direct: 'f.place_id is null' })),
  };
}

const BREAKDOWN = 'Which allocations to add up; grants count whatever it is.';

@Resolver()
export class FundingStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @Query(() => [FundingStatisticsGroup], {
    description:
      'Money figures for charts (allocations of one breakdown, grants, programmes), grouped as asked, read from a table the ingest maintains. With a region or municipality filter, `direct` holds what sits at that place itself and `withinChildren` what sits inside it.',
  })
  async fundingStatistics(
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [FundingStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => FundingStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Arg('breakdown', () => AllocationBreakdown, { defaultValue: AllocationBreakdown.OWN, description: BREAKDOWN })
    breakdown: AllocationBreakdown,
    @Args(() => FullPage) p: PageArgs,
  ) {
    const [groups] = await fundingStatistics(ctx.em, groupBy.map(dimensionOf), filter, breakdown, undefined, page(p.limit, p.offset));
    return groups ?? [];
  }
}

@Resolver(() => PlaceRef)
export class PlaceFundingStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [FundingStatisticsGroup], {
    nullable: true,
    description: 'Money figures placed here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
  })
  fundingStatistics(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [FundingStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => FundingStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Arg('breakdown', () => AllocationBreakdown, { defaultValue: AllocationBreakdown.OWN, description: BREAKDOWN })
    breakdown: AllocationBreakdown,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.fundingStatistics.place(breakdown), place.id, groupBy, filter, p);
  }
}

@Resolver(() => Programme)
export class ProgrammeFundingStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [FundingStatisticsGroup], { description: 'The programme’s money figures (allocations of one breakdown, grants).' })
  fundingStatistics(
    @Root() programme: Programme,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [FundingStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => FundingStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Arg('breakdown', () => AllocationBreakdown, { defaultValue: AllocationBreakdown.OWN, description: BREAKDOWN })
    breakdown: AllocationBreakdown,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.fundingStatistics.programme(breakdown), programme.id, groupBy, filter, p);
  }
}
