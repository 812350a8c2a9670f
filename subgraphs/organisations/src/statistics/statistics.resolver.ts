import type { EntityManager } from '@mikro-orm/postgresql';
import {
  cost,
  dimensionOf,
  FullPage,
  GROUP_BY_DESCRIPTION,
  type PageArgs,
  STATISTICS_COST,
  type StatisticsFilterValues,
  StatisticsFilterInput,
  StatisticsGroupType,
  scopedPage,
  scopedStatisticsLoaders,
  page,
  statistics,
  statisticsGroupByEnum,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { OrganisationKind } from '../enums.js';
import { Place } from '../place/place.entity.js';

// Place.statistics stays what it was (the figures sources publish about a place); the counts computed here
// are Place.organisationStatistics, one field per subgraph (see the projects subgraph's statistics.resolver.ts).

export const OrganisationStatisticsGroupBy = statisticsGroupByEnum('OrganisationStatisticsGroupBy', [
  'country',
  'nuts1',
  'nuts2',
  'nuts3',
  'municipality',
  'organisationKind',
]);
export const OrganisationStatisticsFilter = StatisticsFilterInput(
  'OrganisationStatisticsFilter',
  ['country', 'region', 'municipality', 'organisationKind'],
  { organisationKind: () => OrganisationKind },
);

@ObjectType({ description: 'Figures about organisations.' })
export class OrganisationFigures {
  @Field(() => Int, { description: 'Canonical organisations, each at its seat.' })
  organisations!: number;
}

export const OrganisationStatisticsGroup = StatisticsGroupType(
  'OrganisationStatisticsGroup',
  OrganisationFigures,
  'One row of organisation counts: its key, all of it, what sits at the scope itself and what sits inside it.',
);

const organisationStatistics = (
  em: EntityManager,
  groupBy: readonly ReturnType<typeof dimensionOf>[],
  filter: StatisticsFilterValues | null | undefined,
  scopes?: { ids: readonly string[]; match: string; direct: string },
  pageOf?: { limit: number; offset: number },
) =>
  statistics(em, {
    from: 'organisations.organisation_fact f',
    groupBy,
    filter,
    measures: { organisations: { kind: 'count', expr: 'count(*)' } },
    scopes,
    page: pageOf,
  });

export function createStatisticsLoaders(em: EntityManager) {
  return scopedStatisticsLoaders((a, ids) =>
    organisationStatistics(
      em,
      a.groupBy,
      a.filter,
      { ids, match: 'f.place_path @> array[s.scope]', direct: 'f.place_id = s.scope' },
      a.page,
    ),
  );
}

@Resolver()
export class OrganisationStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @Query(() => [OrganisationStatisticsGroup], { description: 'Organisation counts for charts, grouped as asked.' })
  async organisationStatistics(
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [OrganisationStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => OrganisationStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    const [groups] = await organisationStatistics(ctx.em, groupBy.map(dimensionOf), filter, undefined, page(p.limit, p.offset));
    return groups ?? [];
  }
}

@Resolver(() => Place)
export class PlaceOrganisationStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [OrganisationStatisticsGroup], {
    description: 'Organisations seated here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
  })
  organisationStatistics(
    @Root() place: Place,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [OrganisationStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => OrganisationStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.organisationStatistics, place.id, groupBy, filter, p);
  }
}
