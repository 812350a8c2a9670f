import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Money,
  MoneyList,
  moneyFieldResolvers,
  type StatisticsArgs,
  StatisticsArgsType,
  StatisticsFilterInput,
  StatisticsGroupType,
  type StatisticsQuery,
  scopedStatisticsLoaders,
  statisticsGroupByEnum,
  statisticsReader,
  statisticsResolvers,
} from '@regiograph/lib';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
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
export const FundingFiguresResolver = moneyFieldResolvers(FundingFigures, ['allocated', 'granted']);

export const FundingStatisticsGroup = StatisticsGroupType(
  'FundingStatisticsGroup',
  FundingFigures,
  'One row of money figures: its key, all of it, what sits at the scope itself and what sits inside it.',
);

const BREAKDOWN = 'Which allocations to add up; grants count whatever it is.';

/** The arguments of the funding statistics fields: groupBy, filter and the breakdown of the allocations. */
@ArgsType()
class FundingStatisticsArgs extends StatisticsArgsType(FundingStatisticsGroupBy, FundingStatisticsFilter) {
  @Field(() => AllocationBreakdown, { defaultValue: AllocationBreakdown.OWN, description: BREAKDOWN })
  breakdown!: AllocationBreakdown;
}
type Args = StatisticsArgs & { breakdown: AllocationBreakdown };

interface Scopes {
  match: string;
  direct: string;
}

function fundingQuery(a: Args, scope?: Scopes, ids?: readonly string[]): StatisticsQuery {
  const allocation = `f.kind = 'ALLOCATION'`;
  return {
    from: 'funding.funding_fact f',
    // Allocations of one breakdown only, and every grant.
    where: [
      a.breakdown === AllocationBreakdown.OWN
        ? { sql: `(f.kind = 'GRANT' or f.breakdown is null)`, params: [] }
        : { sql: `(f.kind = 'GRANT' or f.breakdown = ?)`, params: [a.breakdown] },
    ],
    groupBy: a.groupBy,
    filter: a.filter,
    measures: {
      allocated: { kind: 'money', amount: 'f.amount', currency: 'f.currency', where: allocation },
      allocations: { kind: 'count', expr: 'count(*)', where: allocation },
      grants: { kind: 'count', expr: 'count(*)', where: `f.kind = 'GRANT'` },
      granted: { kind: 'money', amount: 'f.amount', currency: 'f.currency', where: `f.kind = 'GRANT'` },
      programmes: { kind: 'count', expr: 'count(distinct f.programme_id)' },
    },
    scopes: scope && ids ? { ids, ...scope } : undefined,
    page: a.page,
  };
}

const reader = (em: EntityManager, scope?: Scopes) => statisticsReader<Args>(em, { queries: (a, ids) => [fundingQuery(a, scope, ids)] });

/** Per request: one loader per scope kind and argument set (the breakdown among them). */
export function createStatisticsLoaders(em: EntityManager) {
  return {
    place: scopedStatisticsLoaders(reader(em, { match: 'f.place_path @> array[s.scope]', direct: 'f.place_id = s.scope' })),
    programme: scopedStatisticsLoaders(reader(em, { match: 'f.programme_id = s.scope', direct: 'f.place_id is null' })),
  };
}

/** Query.fundingStatistics(Connection) and the same on Place and Programme. */
export const fundingStatisticsResolvers = statisticsResolvers<Context, FundingStatisticsArgs>({
  field: 'fundingStatistics',
  group: FundingStatisticsGroup,
  groupName: 'FundingStatisticsGroup',
  args: FundingStatisticsArgs,
  root: {
    description:
      'Money figures for charts (allocations of one breakdown, grants, programmes), grouped as asked, read from a table the ingest maintains. With a region or municipality filter, `direct` holds what sits at that place itself and `withinChildren` what sits inside it.',
    reader: (ctx) => reader(ctx.em),
  },
  parents: [
    {
      type: PlaceRef,
      nullable: true,
      description: 'Money figures placed here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
      loaders: (ctx) => ctx.loaders.fundingStatistics.place,
    },
    {
      type: Programme,
      description: 'The programme’s money figures (allocations of one breakdown, grants).',
      loaders: (ctx) => ctx.loaders.fundingStatistics.programme,
    },
  ],
});
