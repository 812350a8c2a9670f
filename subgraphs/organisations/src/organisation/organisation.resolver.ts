import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { page, searchByName } from '@regiograph/lib';
import type { Context } from '../context.js';
import { kindAndCountry } from '../filters.js';
import { OrganisationKind } from '../enums.js';
import { NetworkMember } from '../network/network.entity.js';
import { Place } from '../place/place.entity.js';
import { Organisation, OrganisationIdentifier } from './organisation.entity.js';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => Organisation, { nullable: true, description: 'One organisation by ID, or the best match for a name.' })
  async organisation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Organisation | null> {
    if (id) return ctx.loaders.organisation.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Organisation, { name, limit: 1 });
    return best ?? null;
  }

  @Query(() => [Organisation], { description: 'Organisations whose names contain the text, optionally of a kind or country.' })
  async organisations(
    @Ctx() ctx: Context,
    @Arg('name', () => String) name: string,
    @Arg('kind', () => OrganisationKind, { nullable: true }) kind?: OrganisationKind,
    @Arg('countryCode', () => String, { nullable: true }) countryCode?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Organisation[]> {
    const filter = kindAndCountry(kind, countryCode);
    return searchByName(ctx.em, Organisation, { name, ...filter, ...page(limit, offset) });
  }

  @FieldResolver(() => Place, { nullable: true })
  country(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.countryCode ? ctx.loaders.place.load(`place:country:${org.countryCode}`) : null;
  }

  @FieldResolver(() => Place, { nullable: true, description: 'Where it is seated.' })
  place(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.placeId ? ctx.loaders.place.load(org.placeId) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The body that runs or owns it.' })
  parent(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.parentId ? ctx.loaders.organisation.load(org.parentId) : null;
  }

  @FieldResolver(() => [Organisation], { description: 'Bodies it runs or owns.' })
  children(@Root() org: Organisation, @Ctx() ctx: Context) {
    return ctx.loaders.organisationsByParent.load(org.id);
  }

  @FieldResolver(() => [OrganisationIdentifier])
  identifiers(@Root() org: Organisation, @Ctx() ctx: Context) {
    return ctx.loaders.identifiersByOrganisation.load(org.id);
  }

  @FieldResolver(() => [NetworkMember], { description: 'Networks it belongs to, with its role in each.' })
  networks(@Root() org: Organisation, @Ctx() ctx: Context) {
    return ctx.loaders.membershipsByOrganisation.load(org.id);
  }
}
