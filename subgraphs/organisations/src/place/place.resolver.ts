import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { page, searchByName } from '@regiograph/lib';
import type { Context } from '../context.js';
import { kindAndCountry } from '../filters.js';
import { OrganisationKind, PlaceKind } from '../enums.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Place } from './place.entity.js';

/** Municipalities first: "Tarnów" should find the city before a region that shares the word. */
const PLACE_RANK = `case t.kind when 'MUNICIPALITY' then 0 when 'LOCALITY' then 1 when 'NUTS3' then 2 when 'NUTS2' then 3 when 'NUTS1' then 4 else 5 end`;

@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => Place, {
    nullable: true,
    description: 'One place by ID, or the best match for a name or code (case and diacritics ignored).',
  })
  async place(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Place | null> {
    if (id) return ctx.loaders.place.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Place, { name, rank: PLACE_RANK, limit: 1 });
    return best ?? null;
  }

  @Query(() => [Place], { description: 'Places whose name, other names or codes contain the text.' })
  async places(
    @Ctx() ctx: Context,
    @Arg('name', () => String) name: string,
    @Arg('kind', () => PlaceKind, { nullable: true }) kind?: PlaceKind,
    @Arg('countryCode', () => String, { nullable: true }) countryCode?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Place[]> {
    const filter = kindAndCountry(kind, countryCode);
    return searchByName(ctx.em, Place, { name, ...filter, rank: PLACE_RANK, ...page(limit, offset) });
  }

  @FieldResolver(() => Place, { nullable: true, description: 'The enclosing place: region for a municipality, country for a region.' })
  parent(@Root() place: Place, @Ctx() ctx: Context) {
    return place.parentId ? ctx.loaders.place.load(place.parentId) : null;
  }

  @FieldResolver(() => [Place])
  children(@Root() place: Place, @Ctx() ctx: Context) {
    return ctx.loaders.placesByParent.load(place.id);
  }

  @FieldResolver(() => Place, { nullable: true })
  country(@Root() place: Place, @Ctx() ctx: Context) {
    return place.kind === PlaceKind.COUNTRY ? place : ctx.loaders.place.load(`place:country:${place.countryCode}`);
  }

  @FieldResolver(() => [Organisation], { description: 'Organisations seated in this place.' })
  organisations(@Root() place: Place, @Ctx() ctx: Context) {
    return ctx.loaders.organisationsByPlace.load(place.id);
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description: 'The local or regional government of this place (city hall, gmina, county or voivodeship).',
  })
  async government(@Root() place: Place, @Ctx() ctx: Context) {
    const orgs = await ctx.loaders.organisationsByPlace.load(place.id);
    return (
      orgs.find((o) => o.kind === OrganisationKind.MUNICIPALITY || o.kind === OrganisationKind.REGIONAL_AUTHORITY) ?? null
    );
  }
}
