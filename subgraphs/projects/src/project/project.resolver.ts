import type { FilterQuery } from '@mikro-orm/postgresql';
import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  emptyConnectionPage,
  filterSelection,
  filteredNestedConnection,
  keysetPage,
  listFingerprint,
  PAGE_SIZE,
  pageRequest,
  cost,
  DetailPage,
  identifierKey,
  ListPage,
  LOOKUP_COST,
  Money,
  money,
  type PageArgs,
  page,
  SEARCH_COST,
  searchByName,
  slicePage,
} from '@regiograph/lib';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { PartnershipFilter } from '../partnership/partnership-filter.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef, programmeRef } from '../refs/programme.ref.js';
import { Project, ProjectIdentifier } from './project.entity.js';
import { ProjectFilter } from './project-filter.js';
import { PartnershipConnection, ProjectConnection, projectOrder, projectRows, projectsListTotal } from './project-connection.js';

const RootPage = ConnectionPage(PAGE_SIZE.search);
const NestedPartnerships = ConnectionPage(PAGE_SIZE.list);

/** Scheme under which projectByIdentifier also finds a project by its own programme code (Project.code). */
export const CODE_SCHEME = 'code';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, {
    nullable: true,
    description: 'One project by ID, or the best match for an acronym, code or title (case and diacritics ignored).',
  })
  async project(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Project | null> {
    if (id) return ctx.loaders.project.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Project, { name, orderBy: 't.title', limit: 1 });
    return best ?? null;
  }

  @Directive(cost(LOOKUP_COST))
  @Query(() => Project, {
    nullable: true,
    description:
      'The project a source identifies by (scheme, value), e.g. ("keep.eu/project", "17853") or ("eea-grants/project", "PL03-0009"); ' +
      'scheme "code" matches the programme project code. Null when none; the first by ID if several sources share the identifier.',
  })
  async projectByIdentifier(
    @Ctx() ctx: Context,
    @Arg('scheme', () => String) scheme: string,
    @Arg('value', () => String) value: string,
  ): Promise<Project | null> {
    const where: FilterQuery<Project> =
      scheme === CODE_SCHEME
        ? { $or: [{ code: value }, { identifierKeys: { $contains: [identifierKey(scheme, value)] } }] }
        : { identifierKeys: { $contains: [identifierKey(scheme, value)] } };
    const [first] = await ctx.em.find(Project, where, { orderBy: { id: 'asc' }, limit: 1 });
    return first ?? null;
  }

  @Query(() => [Project], {
    description:
      'Projects whose acronym, code or title contains the text; with no name, all, by title. programmeId keeps those of one programme.',
    deprecationReason: 'Use projectsConnection: keyset pages with cursors and totalCount.',
  })
  async projects(
    @Ctx() ctx: Context,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('programmeId', () => ID, { nullable: true, description: 'Only projects financed under this programme.' }) programmeId?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Project[]> {
    const paging = page(limit, offset);
    if (name) {
      const byProgramme = programmeId ? { where: 't.programme_id = ?', params: [programmeId] } : {};
      return searchByName(ctx.em, Project, { name, orderBy: 't.title', ...byProgramme, ...paging });
    }
    return ctx.em.find(Project, programmeId ? { programmeId } : {}, { orderBy: { title: 'asc', id: 'asc' }, ...paging });
  }

  @Directive(connectionListSize(PAGE_SIZE.search))
  @Query(() => ProjectConnection, {
    description:
      'Every project, by title then ID, a page at a time (first/after or last/before); name (acronym, code or title containing it, best matches first) and filter narrow it.',
  })
  async projectsConnection(
    @Ctx() ctx: Context,
    @Args(() => RootPage) args: ConnectionArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('programmeId', () => ID, {
      nullable: true,
      description: 'Only projects financed under this programme.',
      deprecationReason: 'Use filter: { programme: [...] }.',
    })
    programmeId?: string,
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: ProjectFilter | null,
  ) {
    const order = projectOrder({ name, programmeId });
    // Arguments and cursors are checked before anything is read.
    const request = pageRequest(args, {
      list: listFingerprint('Query.projectsConnection', { name, programmeId, ...filterSelection(filter) }),
      order,
      defaultSize: PAGE_SIZE.search,
    });
    const rows = projectRows(ctx.em, { name, programmeId, filter });
    // The whole list's total is kept at write time (list_total); a narrowed list is counted.
    const whole = !name && !programmeId && Object.keys(filterSelection(filter)).length === 0;
    const total = whole ? projectsListTotal(ctx.em, 'Query.projectsConnection', "''") : undefined;
    return new ProjectConnection(rows ? await keysetPage(ctx.em, Project, rows.source, order, request, total) : emptyConnectionPage());
  }

  // Places belong to the organisations subgraph: these lists are nullable so that its failure costs them, not the project.
  @FieldResolver(() => [PlaceRef], { nullable: true, description: 'Countries involved: partners’ countries and pilot countries.' })
  countries(@Root() project: Project, @Args(() => DetailPage) p: PageArgs): PlaceRef[] {
    return slicePage(project.countryIds, p).map((id) => ({ id }));
  }

  @FieldResolver(() => [PlaceRef], {
    nullable: true,
    description: 'Places the project works in (e.g. NUTS regions), as the open data gives them.',
  })
  places(@Root() project: Project, @Args(() => DetailPage) p: PageArgs): PlaceRef[] {
    return slicePage(project.placeIds, p).map((id) => ({ id }));
  }

  @FieldResolver(() => [String])
  themes(@Root() project: Project, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(project.themes, p);
  }

  @FieldResolver(() => [ProjectIdentifier])
  identifiers(@Root() project: Project, @Args(() => DetailPage) p: PageArgs): ProjectIdentifier[] {
    return slicePage(project.identifiers ?? [], p);
  }

  @FieldResolver(() => ProgrammeRef, { nullable: true, description: 'The funding programme the project is financed under, when known.' })
  programme(@Root() project: Project): ProgrammeRef | null {
    return programmeRef(project.programmeId);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Total eligible budget, exact, with its currency; null when unknown.' })
  budget(@Root() project: Project): Money | null {
    return money(project.totalBudget, project.currency);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Programme (EU or donor) co-financing, exact, with its currency; null when unknown.',
  })
  coFinanced(@Root() project: Project): Money | null {
    return money(project.euFunding, project.currency);
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description: 'What the sources say about the project beyond the typed fields (flags, raw codes...), as they say it.',
  })
  attributes(@Root() project: Project): Record<string, unknown> {
    return project.attributes ?? {};
  }

  @FieldResolver(() => [Partnership], {
    description: 'Partners and their roles, lead partner first.',
    deprecationReason: 'Use partnershipsConnection: keyset pages with cursors and totalCount.',
  })
  partnerships(@Root() project: Project, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.partnershipPagesByProject.slice(p, project.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => PartnershipConnection, {
    description: 'Partners and their roles, lead partner first, then by ID, a page at a time, with totalCount.',
  })
  partnershipsConnection(
    @Root() project: Project,
    @Ctx() ctx: Context,
    @Args(() => NestedPartnerships) args: ConnectionArgs,
    @Arg('filter', () => PartnershipFilter, {
      nullable: true,
      description: 'Narrows the partnerships (AND across fields, OR within a list).',
    })
    filter?: PartnershipFilter | null,
  ) {
    return filteredNestedConnection(PartnershipConnection, () => ctx.loaders.partnershipPagesByProject, args, filter, {
      coordinate: 'Project.partnershipsConnection',
      parentId: project.id,
    });
  }
}
