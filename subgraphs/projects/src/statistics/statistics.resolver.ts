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
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { Context } from '../context.js';
import { PartnerRole } from '../enums.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { PROJECT_STATISTICS_DIMENSIONS, projectFactsFrom, rollupReader } from './rollup.js';

// Federation resolves a field in one subgraph, so each subgraph adds its own statistics field to the
// entities (Place.projectStatistics here, Place.fundingStatistics in funding, Place.organisationStatistics
// in organisations) rather than sharing one `statistics` type that all would have to resolve; the existing
// Place.statistics (the figures sources publish about a place) stays as it is. Each field groups this
// subgraph's fact tables (see statistics.entity.ts); the group key type is shared (lib's StatisticsKey).

export const ProjectStatisticsGroupBy = statisticsGroupByEnum('ProjectStatisticsGroupBy', PROJECT_STATISTICS_DIMENSIONS);
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
export const ProjectFiguresResolver = moneyFieldResolvers(ProjectFigures, ['budget', 'euContribution']);

export const ProjectStatisticsGroup = StatisticsGroupType(
  'ProjectStatisticsGroup',
  ProjectFigures,
  'One row of project figures: its key, all of it, what sits at the scope itself and what sits inside it.',
);

const PARTNERSHIP_ONLY = ['role', 'organisationKind'] as const;

/** The arguments of the projects' statistics fields. */
@ArgsType()
class ProjectStatisticsArgs extends StatisticsArgsType(ProjectStatisticsGroupBy, ProjectStatisticsFilter) {}
type Args = StatisticsArgs;

interface Scopes {
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
function projectQueries(a: Args, scope?: Scopes, ids?: readonly string[]): StatisticsQuery[] {
  const { groupBy, filter } = a;
  const from = projectFactsFrom(PARTNERSHIP_ONLY.filter((d) => groupBy.includes(d) || filter?.[d]));
  const scoped = scope && ids;
  // A page of groups is one page of the keys either table has, cut alike in both statements.
  const keySources = [
    { from, match: scoped ? scope.project : undefined },
    { from: 'projects.partnership_fact f', match: scoped ? scope.partnership : undefined },
  ];
  return [
    {
      from,
      groupBy,
      filter,
      measures: {
        projects: { kind: 'count', expr: 'count(*)' },
        budget: { kind: 'money', amount: 'f.budget', currency: 'f.currency' },
        euContribution: { kind: 'money', amount: 'f.eu_contribution', currency: 'f.currency' },
      },
      scopes: scoped ? { ids, match: scope.project, direct: scope.direct } : undefined,
      page: a.page,
      keySources,
    },
    {
      from: 'projects.partnership_fact f',
      groupBy,
      filter,
      measures: {
        partnerships: { kind: 'count', expr: 'count(*)' },
        organisations: { kind: 'count', expr: 'count(distinct f.organisation_id)' },
      },
      scopes: scoped ? { ids, match: scope.partnership, direct: scope.direct } : undefined,
      page: a.page,
      keySources,
    },
  ];
}

/** A group only one of the statements saw has the other's figures at zero. */
const ZERO = { projects: 0, budget: [], euContribution: [], partnerships: 0, organisations: 0 };
const reader = (em: EntityManager, scope?: Scopes) =>
  statisticsReader<Args>(em, { queries: (a, ids) => projectQueries(a, scope, ids), zero: ZERO });

const PLACE = 'f.place_path @> array[s.scope]';
const SCOPES: Record<'place' | 'programme' | 'organisation', Scopes> = {
  place: { project: PLACE, partnership: PLACE, direct: 'f.place_id = s.scope' },
  programme: { project: 'f.programme_id = s.scope', partnership: 'f.programme_id = s.scope', direct: 'f.place_id is null' },
  organisation: {
    project: 'exists (select 1 from projects.partnership_fact o where o.project_id = f.project_id and o.organisation_id = s.scope)',
    partnership: 'f.organisation_id = s.scope',
    direct: 'f.place_id is null',
  },
};

/** Per request: one loader per scope kind and argument set, one batch of statements per batch of entities. */
export function createStatisticsLoaders(em: EntityManager) {
  return {
    place: scopedStatisticsLoaders(reader(em, SCOPES.place)),
    programme: scopedStatisticsLoaders(reader(em, SCOPES.programme)),
    organisation: scopedStatisticsLoaders(reader(em, SCOPES.organisation)),
  };
}

/** Query.projectStatistics(Connection) and the same on Place, Programme and Organisation. */
export const projectStatisticsResolvers = statisticsResolvers<Context, ProjectStatisticsArgs>({
  field: 'projectStatistics',
  group: ProjectStatisticsGroup,
  groupName: 'ProjectStatisticsGroup',
  args: ProjectStatisticsArgs,
  root: {
    description:
      'Project and partnership figures for charts, grouped as asked, read from tables the ingest maintains. With a region or municipality filter, `direct` holds what sits at that place itself and `withinChildren` what sits inside it.',
    // The whole graph reads the rollup the refresh maintains where it answers exactly (see rollup.ts).
    reader: (ctx) => rollupReader(ctx.em, reader(ctx.em)),
  },
  parents: [
    {
      type: PlaceRef,
      nullable: true,
      description:
        'Figures of the projects and partnerships placed here or anywhere inside (`direct`: at this place itself; `withinChildren`: inside it).',
      loaders: (ctx) => ctx.loaders.projectStatistics.place,
    },
    {
      type: ProgrammeRef,
      nullable: true,
      description: 'Figures of the programme’s projects and partnerships.',
      loaders: (ctx) => ctx.loaders.projectStatistics.programme,
    },
    {
      type: OrganisationRef,
      nullable: true,
      description: 'Figures of the projects the organisation is a partner of, and of its partnerships.',
      loaders: (ctx) => ctx.loaders.projectStatistics.organisation,
    },
  ],
});
