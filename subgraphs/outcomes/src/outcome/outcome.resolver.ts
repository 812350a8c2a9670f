import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import {
  cost,
  DetailPage,
  type PageArgs,
  page,
  SEARCH_COST,
  searchByName,
  slicePage,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  PAGE_SIZE,
  rootConnection,
  searchOrder,
  searchRows,
  filterSelection,
  tableOf,
  loaded,
} from '@regiograph/lib';
import { OutcomeFilter, outcomeFilterSql } from './outcome-filter.js';
import type { Context } from '../context.js';
import { OutcomeKind, OutcomeRelation, OutcomeTargetType } from '../enums.js';
import { EventRef } from '../refs/event.ref.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { Outcome, OutcomeIndicator, OutcomeLink, OutcomeObjective } from './outcome.entity.js';
import { OUTCOME_KEYS, OutcomeConnection } from './outcome-connection.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/** IDs of the records an outcome is tied to in one way, from the request's batched link loader. */
async function targets(ctx: Context, outcome: Outcome, relation: OutcomeRelation, targetType: OutcomeTargetType): Promise<string[]> {
  const links = await ctx.loaders.linksByOutcome.load(outcome.id);
  return links.filter((l) => l.relation === relation && l.targetType === targetType).map((l) => l.targetId);
}

/** One page of stubs {id}: the gateway fetches the rest from the subgraph that owns them. */
const stubs = async (ids: Promise<string[]>, p: PageArgs) => slicePage(await ids, p).map((id) => ({ id }));

@Resolver(() => Outcome)
export class OutcomeResolver {
  @Query(() => Outcome, { nullable: true, description: 'One outcome by ID.' })
  outcome(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Outcome | null> {
    return ctx.loaders.outcome.load(id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @Query(() => OutcomeConnection, {
    description:
      'Outcomes, oldest first (undated last), then by ID, a page at a time, with totalCount; optionally of one kind and whose name or title contains the text (exact matches first).',
  })
  outcomesConnection(
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('kind', () => OutcomeKind, { nullable: true }) kind?: OutcomeKind,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('filter', () => OutcomeFilter, { nullable: true, description: 'Narrows the outcomes (AND across fields, OR within a list).' })
    filter?: OutcomeFilter | null,
  ) {
    return rootConnection(ctx.em, Outcome, OutcomeConnection, args, {
      coordinate: 'Query.outcomesConnection',
      selection: { kind, name, ...filterSelection(filter) },
      order: searchOrder(name, OUTCOME_KEYS),
      rows: () => {
        // Read here, after rootConnection has checked the page: a refused page size touches no table.
        const narrowed = outcomeFilterSql(filter, tableOf(ctx.em, OutcomeLink));
        return searchRows(ctx.em, Outcome, {
          name,
          where: [...(kind ? ['t.kind = ?'] : []), ...narrowed.conditions],
          params: [...(kind ? [kind] : []), ...narrowed.params],
        });
      },
    });
  }

  @Query(() => [Outcome], {
    description: 'Outcomes, optionally of one kind and whose name or title contains the text (case and diacritics ignored); oldest first.',
    deprecationReason: 'Use outcomesConnection: keyset pages with cursors and totalCount.',
  })
  async outcomes(
    @Ctx() ctx: Context,
    @Arg('kind', () => OutcomeKind, { nullable: true }) kind?: OutcomeKind,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Outcome[]> {
    const { limit: take, offset: skip } = page(limit, offset);
    if (name) {
      return searchByName(ctx.em, Outcome, {
        name,
        where: kind ? 't.kind = ?' : undefined,
        params: kind ? [kind] : [],
        rank: 't.date nulls last',
        limit: take,
        offset: skip,
      });
    }
    return ctx.em.find(Outcome, kind ? { kind } : {}, { orderBy: { date: 'asc nulls last', id: 'asc' }, limit: take, offset: skip });
  }

  @FieldResolver(() => [ProjectRef], { nullable: true, description: 'Projects that produced it.' })
  producedByProjects(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.PROJECT), p);
  }

  @FieldResolver(() => [NetworkRef], { nullable: true, description: 'Networks that produced it.' })
  producedByNetworks(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.NETWORK), p);
  }

  @FieldResolver(() => [OrganisationRef], {
    nullable: true,
    description: 'Organisations that produced it (e.g. a municipality acting as broker).',
  })
  producedByOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.ORGANISATION), p);
  }

  @FieldResolver(() => [EventRef], { nullable: true, description: 'Events (meetings, workshops) where it was worked out.' })
  producedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_AT, OutcomeTargetType.EVENT), p);
  }

  @FieldResolver(() => [EventRef], { nullable: true, description: 'Events where it was presented or is due to be presented.' })
  presentedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRESENTED_AT, OutcomeTargetType.EVENT), p);
  }

  @FieldResolver(() => [EventRef], {
    nullable: true,
    description: 'Events where it was discussed, e.g. a partners meeting or interviews on its feasibility.',
  })
  discussedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.DISCUSSED_AT, OutcomeTargetType.EVENT), p);
  }

  @FieldResolver(() => [NetworkRef], { nullable: true, description: 'Networks within whose exchange of experience it was presented.' })
  presentedInNetworks(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRESENTED_IN, OutcomeTargetType.NETWORK), p);
  }

  @FieldResolver(() => [OrganisationRef], {
    nullable: true,
    description: 'Organisations it is meant for, e.g. the authority that should act on it.',
  })
  addressedToOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.ORGANISATION), p);
  }

  @FieldResolver(() => [PlaceRef], { nullable: true, description: 'Places it is meant for.' })
  addressedToPlaces(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PLACE), p);
  }

  @FieldResolver(() => [ProgrammeRef], { nullable: true, description: 'Funding programmes that report it as one of their results.' })
  producedByProgrammes(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.PROGRAMME), p);
  }

  @FieldResolver(() => [ProgrammeRef], { nullable: true, description: 'Funding programmes it is meant to shape.' })
  addressedToProgrammes(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PROGRAMME), p);
  }

  @FieldResolver(() => [OrganisationRef], {
    nullable: true,
    description: 'Organisations it describes, e.g. the body a good practice is about.',
  })
  aboutOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ABOUT, OutcomeTargetType.ORGANISATION), p);
  }

  @FieldResolver(() => [Outcome], { description: 'Earlier outcomes it answers, e.g. solutions to previously identified challenges.' })
  async respondsToOutcomes(@Root() outcome: Outcome, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<Outcome[]> {
    const ids = slicePage(await targets(ctx, outcome, OutcomeRelation.RESPONDS_TO, OutcomeTargetType.OUTCOME), p);
    return loaded(await ctx.loaders.outcome.loadMany(ids));
  }

  @FieldResolver(() => [OutcomeObjective])
  objectives(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): OutcomeObjective[] {
    return slicePage(outcome.objectives ?? [], p);
  }

  @FieldResolver(() => [String])
  actions(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(outcome.actions, p);
  }

  @FieldResolver(() => [String])
  steps(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(outcome.steps, p);
  }

  @FieldResolver(() => [String])
  ideas(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(outcome.ideas, p);
  }

  @FieldResolver(() => [String])
  questions(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(outcome.questions, p);
  }

  @FieldResolver(() => [OutcomeIndicator])
  indicators(@Root() outcome: Outcome, @Args(() => DetailPage) p: PageArgs): OutcomeIndicator[] {
    return slicePage(outcome.indicators ?? [], p);
  }
}
