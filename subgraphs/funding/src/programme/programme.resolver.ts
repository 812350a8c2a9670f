import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { searchByName } from '@regiograph/lib';
import type { Context } from '../context.js';
import { Fund } from '../fund/fund.entity.js';
import { Grant } from '../grant/grant.entity.js';
import { OrganisationRef, organisationRef } from '../refs/organisation.ref.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Programme } from './programme.entity.js';

/** Newest programmes first when several match ("Interreg" may one day find several periods). */
const PROGRAMME_RANK = 't.start_year desc nulls last';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => [Programme], { description: 'Programmes whose name, local name, other names or code contain the text; with no name, every programme.' })
  async programmes(@Ctx() ctx: Context, @Arg('name', () => String, { nullable: true }) name?: string): Promise<Programme[]> {
    if (name) return searchByName(ctx.em, Programme, { name, rank: PROGRAMME_RANK, limit: 200 });
    return ctx.em.find(Programme, {}, { orderBy: { startYear: 'asc', name: 'asc' }, limit: 500 });
  }

  @Query(() => Programme, {
    nullable: true,
    description: 'One programme by ID, or the best match for a name or code (case and diacritics ignored).',
  })
  async programme(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Programme | null> {
    if (id) return ctx.loaders.programme.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Programme, { name, rank: PROGRAMME_RANK, limit: 1 });
    return best ?? null;
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'The beneficiary country; null for transnational programmes.' })
  country(@Root() programme: Programme): PlaceRef | null {
    return programme.countryId ? placeRef(programme.countryId) : null;
  }

  @FieldResolver(() => [Fund], { description: 'The funds that finance the programme.' })
  async funds(@Root() programme: Programme, @Ctx() ctx: Context): Promise<Fund[]> {
    const funds = await ctx.loaders.fund.loadMany(programme.fundIds);
    return funds.filter((f): f is Fund => f instanceof Fund);
  }

  @FieldResolver(() => OrganisationRef, { nullable: true, description: 'The programme operator or managing authority.' })
  operator(@Root() programme: Programme): OrganisationRef | null {
    return programme.operatorId ? organisationRef(programme.operatorId) : null;
  }

  @FieldResolver(() => [Grant], { description: 'Grants awarded under the programme that the sources record.' })
  grants(@Root() programme: Programme, @Ctx() ctx: Context): Promise<Grant[]> {
    return ctx.loaders.grantsByProgramme.load(programme.id);
  }
}
