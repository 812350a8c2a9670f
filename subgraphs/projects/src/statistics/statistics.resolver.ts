import type { EntityManager } from '@mikro-orm/postgresql';
import {
  cost,
  dimensionOf,
  DetailPage,
  FullPage,
  moneyPage,
  GROUP_BY_DESCRIPTION,
  STATISTICS_COST,
  scopedPage,
  type Money,
  MoneyList,
  mergeGroups,
  type PageArgs,
  type StatisticsDimension,
  type StatisticsFilterValues,
  StatisticsFilterInput,
  type StatisticsGroup,
  StatisticsGroupType,
  statistics,
  statisticsGroupByEnum,
  scopedStatisticsLoaders,
  page,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { PartnerRole } from '../enums.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';

// Federation resolves a field in one subgraph, so each subgraph adds its own statistics field to the
// entities (Place.projectStatistics here, Place.fundingStatistics in funding, Place.organisationStatistics
// in organisations) rather than sharing one `statistics` type that all would have to resolve; the existing
// Place.statistics (the figures sources publish about a place) stays as it is. Each field groups this
// subgraph's fact tables (see statistics.entity.ts); the group key type is shared (lib's StatisticsKey).

export const ProjectStatisticsGroupBy = statisticsGroupByEnum('ProjectStatisticsGroupBy', [
  'country',
  'nuts1',
  'nuts2',
  'nuts3',
  'municipality',
  'programme',
  'year',
  'organisationKind',
  'role',
]);
export const ProjectStatisticsFilter = StatisticsFilterInput(
  'ProjectStatisticsFilter',
  ['country', 'region', 'municipality', 'programme', 'yearFrom', 'yearTo', 'organisationKind', 'role'],
  { role: () => PartnerRole },
);

@ObjectType({ description: 'Figures about projects and their partnerships.' })
export class ProjectFigures {
  @Field(() => Int, { description: 'Projects, each counted at one place: the most precise place holding all of its places.' })
  projects!: number;
  @Field(MoneyList, { description: 'Sum of the projects’ total budgets, one amount per currency (projects with no budget add nothing).' })
  budget!: Money[];
  @Field(MoneyList, { description: 'Sum of the programme (EU or donor) co-financing of the projects, per currency.' })
  euContribution!: Money[];
  @Field(() => Int, { description: 'Partnerships, each at its partner’s place.' })
  partnerships!: number;
  @Field(() => Int, { description: 'Distinct organisations among the partnerships (not additive across groups).' })
  organisations!: number;
}

/** The money lists of the figures are pages too (one amount per currency), as every list field is. */
@Resolver(() => ProjectFigures)
export class ProjectFiguresResolver {
  @FieldResolver()
  budget(@Root() figures: ProjectFigures, @Args(() => DetailPage) p: PageArgs): Money[] {
    return moneyPage(figures, 'budget', p);
  }

  @FieldResolver()
  euContribution(@Root() figures: ProjectFigures, @Args(() => DetailPage) p: PageArgs): Money[] {
    return moneyPage(figures, 'euContribution', p);
  }
}

export const ProjectStatisticsGroup = StatisticsGroupType(
  'ProjectStatisticsGroup',
  ProjectFigures,
  'One row of project figures: its key, all of it, what sits at the scope itself and what sits inside it.',
);

const PARTNERSHIP_ONLY = ['role', 'organisationKind'] as const;

interface Scopes {
  ids: readonly string[];
  /** Conditions on a project fact and a partnership fact tying it to the scope `s.scope`. */
  project: string;
  partnership: string;
  direct: string;
}

/**
 * The figures in three statements: project counts, project money (per currency) and partnership counts.
 * Project rows take a partnership's role or kind only when asked for (grouped or filtered): then a project
 * counts once per distinct value among its partnerships.
 */
async function projectStatistics(
  em: EntityManager,
  groupBy: readonly StatisticsDimension[],
  filter: StatisticsFilterValues | null | undefined,
  scopes?: Scopes,
  pageOf?: { limit: number; offset: number },
): Promise<StatisticsGroup[][]> {
  const partnershipColumns = PARTNERSHIP_ONLY.filter((d) => groupBy.includes(d) || filter?.[d]);
  const columns = partnershipColumns.map((d) => (d === 'role' ? 'pa.role' : 'pa.organisation_kind'));
  const from = columns.length
    ? `(select distinct pf.*, ${columns.join(', ')} from projects.project_fact pf join projects.partnership_fact pa on pa.project_id = pf.project_id) f`
    : 'projects.project_fact f';
  // A page of groups is one page of the keys either table has, cut alike in both statements.
  const keySources = [
    { from, match: scopes?.project },
    { from: 'projects.partnership_fact f', match: scopes?.partnership },
  ];
  const [projects, partnerships] = await Promise.all([
    statistics(em, {
      from,
      groupBy,
      filter,
      measures: {
        projects: { kind: 'count', expr: 'count(*)' },
        budget: { kind: 'money', amount: 'f.budget', currency: 'f.currency' },
        euContribution: { kind: 'money', amount: 'f.eu_contribution', currency: 'f.currency' },
      },
      scopes: scopes && { ids: scopes.ids, match: scopes.project, direct: scopes.direct },
      page: pageOf,
      keySources,
    }),
    statistics(em, {
      from: 'projects.partnership_fact f',
      groupBy,
      filter,
      measures: {
        partnerships: { kind: 'count', expr: 'count(*)' },
        organisations: { kind: 'count', expr: 'count(distinct f.organisation_id)' },
      },
      scopes: scopes && { ids: scopes.ids, match: scopes.partnership, direct: scopes.direct },
      page: pageOf,
      keySources,
    }),
  ]);
  return projects.map((groups, i) => withZeros(mergeGroups(groupBy, groups, partnerships[i] ?? [])));
}

/** A group only one of the statements saw has the other's figures at zero. */
function withZeros(groups: StatisticsGroup[]): StatisticsGroup[] {
  const zero = { projects: 0, budget: [], euContribution: [], partnerships: 0, organisations: 0 };
  return groups.map((g) => ({
    key: g.key,
    total: { ...zero, ...g.total },
    direct: { ...zero, ...g.direct },
    withinChildren: { ...zero, ...g.withinChildren },
  }));
}

/** Per request: one loader per scope kind and argument set, one batch of statements per batch of entities. */
export function createStatisticsLoaders(em: EntityManager) {
  const place = `f.place_path @> array[s.scope]`;
  return {
    place: scopedStatisticsLoaders((a, ids) =>
      projectStatistics(em, a.groupBy, a.filter, { ids, project: place, partnership: place, direct: 'f.place_id = s.scope' }, a.page),
    ),
    programme: scopedStatisticsLoaders((a, ids) =>
      projectStatistics(
        em,
        a.groupBy,
        a.filter,
        {
          ids,
          project: 'f.programme_id = s.scope',
          partnership: 'f.programme_id = s.scope',
          direct: 'f.place_id is null',
        },
        a.page,
      ),
    ),
    organisation: scopedStatisticsLoaders((a, ids) =>
      projectStatistics(
        em,
        a.groupBy,
        a.filter,
        {
          ids,
          project: 'exists (select 1 from projects.partnership_fact o where o.project_id = f.project_id and o.organisation_id = s.scope)',
          partnership: 'f.organisation_id = s.scope',
          direct: 'f.place_id is null',
        },
        a.page,
      ),
    ),
  };
}

const dimensions = (groupBy: readonly string[]) => groupBy.map(dimensionOf);

@Resolver()
export class ProjectStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @Query(() => [ProjectStatisticsGroup], {
    description:
      'Project and partnership figures for charts, grouped as asked, read from tables the ingest maintains. With a region or municipality filter, `direct` holds what sits at that place itself and `withinChildren` what sits inside it.',
  })
  async projectStatistics(
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [ProjectStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => ProjectStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    const [groups] = await projectStatistics(ctx.em, dimensions(groupBy), filter, undefined, page(p.limit, p.offset));
    return groups ?? [];
  }
}

@Resolver(() => PlaceRef)
export class PlaceProjectStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [ProjectStatisticsGroup], {
    nullable: true,
    description:
      'Figures of the projects and partnerships placed here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
  })
  projectStatistics(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [ProjectStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => ProjectStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.projectStatistics.place, place.id, groupBy, filter, p);
  }
}

@Resolver(() => ProgrammeRef)
export class ProgrammeProjectStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [ProjectStatisticsGroup], { nullable: true, description: 'Figures of the programme’s projects and partnerships.' })
  projectStatistics(
    @Root() programme: ProgrammeRef,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [ProjectStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => ProjectStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.projectStatistics.programme, programme.id, groupBy, filter, p);
  }
}

@Resolver(() => OrganisationRef)
export class OrganisationProjectStatisticsResolver {
  @Directive(cost(STATISTICS_COST))
  @FieldResolver(() => [ProjectStatisticsGroup], {
    nullable: true,
    description: 'Figures of the projects the organisation is a partner of, and of its partnerships.',
  })
  projectStatistics(
    @Root() organisation: OrganisationRef,
    @Ctx() ctx: Context,
    @Arg('groupBy', () => [ProjectStatisticsGroupBy], { defaultValue: [], description: GROUP_BY_DESCRIPTION }) groupBy: string[],
    @Arg('filter', () => ProjectStatisticsFilter, { nullable: true }) filter: StatisticsFilterValues | null,
    @Args(() => FullPage) p: PageArgs,
  ) {
    return scopedPage(ctx.loaders.projectStatistics.organisation, organisation.id, groupBy, filter, p);
  }
}
