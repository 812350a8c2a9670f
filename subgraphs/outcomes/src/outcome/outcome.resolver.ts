import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { searchByName, page } from '@regiograph/lib';
import type { Context } from '../context.js';
import { OutcomeKind, OutcomeRelation, OutcomeTargetType } from '../enums.js';
import { EventRef } from '../refs/event.ref.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProgrammeRef } from '../refs/programme.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { Outcome } from './outcome.entity.js';


/** IDs of the records an outcome is tied to in one way, from the request's batched link loader. */
async function targets(ctx: Context, outcome: Outcome, relation: OutcomeRelation, targetType: OutcomeTargetType): Promise<string[]> {
  const links = await ctx.loaders.linksByOutcome.load(outcome.id);
  return links.filter((l) => l.relation === relation && l.targetType === targetType).map((l) => l.targetId);
}

const stubs = async (ids: Promise<string[]>) => (await ids).map((id) => ({ id }));

@Resolver(() => Outcome)
export class OutcomeResolver {
  @Query(() => Outcome, { nullable: true, description: 'One outcome by ID.' })
  outcome(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Outcome | null> {
    return ctx.loaders.outcome.load(id);
  }

  @Query(() => [Outcome], {
    description: 'Outcomes, optionally of one kind and whose name or title contains the text (case and diacritics ignored); oldest first.',
  })
  async outcomes(
    @Ctx() ctx: Context,
    @Arg('kind', () => OutcomeKind, { nullable: true }) kind?: OutcomeKind,
    @Arg('name', () => String, { nullable: true }) name?: string,
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

  @FieldResolver(() => [ProjectRef], { description: 'Projects that produced it.' })
  producedByProjects(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.PROJECT));
  }

  @FieldResolver(() => [NetworkRef], { description: 'Networks that produced it.' })
  producedByNetworks(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.NETWORK));
  }

  @FieldResolver(() => [OrganisationRef], { description: 'Organisations that produced it (e.g. a municipality acting as broker).' })
  producedByOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.ORGANISATION));
  }

  @FieldResolver(() => [EventRef], { description: 'Events (meetings, workshops) where it was worked out.' })
  producedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_AT, OutcomeTargetType.EVENT));
  }

  @FieldResolver(() => [EventRef], { description: 'Events where it was presented or is due to be presented.' })
  presentedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRESENTED_AT, OutcomeTargetType.EVENT));
  }

  @FieldResolver(() => [EventRef], { description: 'Events where it was discussed, e.g. a partners meeting or interviews on its feasibility.' })
  discussedAtEvents(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.DISCUSSED_AT, OutcomeTargetType.EVENT));
  }

  @FieldResolver(() => [NetworkRef], { description: 'Networks within whose exchange of experience it was presented.' })
  presentedInNetworks(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRESENTED_IN, OutcomeTargetType.NETWORK));
  }

  @FieldResolver(() => [OrganisationRef], { description: 'Organisations it is meant for, e.g. the authority that should act on it.' })
  addressedToOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.ORGANISATION));
  }

  @FieldResolver(() => [PlaceRef], { description: 'Places it is meant for.' })
  addressedToPlaces(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PLACE));
  }

  @FieldResolver(() => [ProgrammeRef], { description: 'Funding programmes that report it as one of their results.' })
  producedByProgrammes(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.PRODUCED_BY, OutcomeTargetType.PROGRAMME));
  }

  @FieldResolver(() => [ProgrammeRef], { description: 'Funding programmes it is meant to shape.' })
  addressedToProgrammes(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PROGRAMME));
  }

  @FieldResolver(() => [OrganisationRef], { description: 'Organisations it describes, e.g. the body a good practice is about.' })
  aboutOrganisations(@Root() outcome: Outcome, @Ctx() ctx: Context) {
    return stubs(targets(ctx, outcome, OutcomeRelation.ABOUT, OutcomeTargetType.ORGANISATION));
  }

  @FieldResolver(() => [Outcome], { description: 'Earlier outcomes it answers, e.g. solutions to previously identified challenges.' })
  async respondsToOutcomes(@Root() outcome: Outcome, @Ctx() ctx: Context): Promise<Outcome[]> {
    const ids = await targets(ctx, outcome, OutcomeRelation.RESPONDS_TO, OutcomeTargetType.OUTCOME);
    const found = await ctx.loaders.outcome.loadMany(ids);
    return found.filter((o): o is Outcome => o instanceof Outcome);
  }
}
