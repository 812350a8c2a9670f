import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type StatisticsArgs,
  StatisticsArgsType,
  StatisticsFilterInput,
  StatisticsGroupType,
  scopedStatisticsLoaders,
  statisticsGroupByEnum,
  statisticsReader,
  statisticsResolvers,
} from '@regiograph/lib';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
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

/** The arguments of the organisation statistics fields. */
@ArgsType()
class OrganisationStatisticsArgs extends StatisticsArgsType(OrganisationStatisticsGroupBy, OrganisationStatisticsFilter) {}

const reader = (em: EntityManager, scoped = false) =>
  statisticsReader<StatisticsArgs>(em, {
    queries: (a, ids) => [
      {
        from: 'organisations.organisation_fact f',
        groupBy: a.groupBy,
        filter: a.filter,
        measures: { organisations: { kind: 'count', expr: 'count(*)' } },
        scopes: scoped && ids ? { ids, match: 'f.place_path @> array[s.scope]', direct: 'f.place_id = s.scope' } : undefined,
        page: a.page,
      },
    ],
  });

export function createStatisticsLoaders(em: EntityManager) {
  return scopedStatisticsLoaders(reader(em, true));
}

/** Query.organisationStatistics(Connection) and the same on Place. */
export const organisationStatisticsResolvers = statisticsResolvers<Context, OrganisationStatisticsArgs>({
  field: 'organisationStatistics',
  group: OrganisationStatisticsGroup,
  groupName: 'OrganisationStatisticsGroup',
  args: OrganisationStatisticsArgs,
  root: { description: 'Organisation counts for charts, grouped as asked.', reader: (ctx) => reader(ctx.em) },
  parents: [
    {
      type: Place,
      description: 'Organisations seated here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
      loaders: (ctx) => ctx.loaders.organisationStatistics,
    },
  ],
});
