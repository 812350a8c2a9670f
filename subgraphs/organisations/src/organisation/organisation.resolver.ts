import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  emptyConnectionPage,
  filterSelection,
  keysetPage,
  listFingerprint,
  filteredNestedConnection,
  PAGE_SIZE,
  pageRequest,
  citationPage,
  citedSources,
  cost,
  DetailPage,
  identifierKey,
  ListPage,
  LOOKUP_COST,
  type PageArgs,
  page,
  SEARCH_COST,
  SourceDocument,
  slicePage,
} from '@regiograph/lib';
import type { Context } from '../context.js';
import { kindAndCountry } from '../filters.js';
import { OrganisationKind } from '../enums.js';
import { NetworkMember } from '../network/network.entity.js';
import { Place } from '../place/place.entity.js';
import { OrganisationRecord } from './organisation-record.entity.js';
import { organisationIdentifiers } from './organisation-identifiers.js';
import { OrganisationName, organisationNames } from './organisation-name.js';
import { searchOrganisations } from './organisation-search.js';
import { OrganisationConnection, organisationOrder, organisationRows } from './organisation-connection.js';
import { NetworkMemberFilter } from '../network/network-filter.js';
import { OrganisationFilter, OrganisationRecordFilter } from './organisation-filter.js';

const RootPage = ConnectionPage(PAGE_SIZE.search);
const NestedPage = ConnectionPage(PAGE_SIZE.list);
import { NetworkMemberConnection, OrganisationRecordConnection } from '../connections.js';
import { Organisation, OrganisationIdentifier } from './organisation.entity.js';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => Organisation, { nullable: true, description: 'One organisation by ID, or the best match for a name.' })
  async organisation(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Organisation | null> {
    if (id) return ctx.loaders.organisation.load(id);
    if (!name) return null;
    const [best] = await searchOrganisations(ctx.em, { name, limit: 1, offset: 0 });
    return best ?? null;
  }

  @Directive(cost(LOOKUP_COST))
  @Query(() => Organisation, {
    nullable: true,
    description:
      'The canonical organisation carrying an identifier: a source record key such as (eea-grants/organisation, 507), (keep.eu/organisation, 27415) or (kohesio/beneficiary, ...), or a stated one such as (pic, 917141015) or (teryt, 1263011).',
  })
  async organisationByIdentifier(
    @Ctx() ctx: Context,
    @Arg('scheme', () => String) scheme: string,
    @Arg('value', () => String) value: string,
  ): Promise<Organisation | null> {
    const hit = await ctx.loaders.organisationIdByIdentifier.load(identifierKey(scheme, value));
    return hit ? ctx.loaders.organisation.load(hit.id) : null;
  }

  @Query(() => [Organisation], {
    description: 'Organisations whose names contain the text, optionally of a kind or country.',
    deprecationReason: 'Use organisationsConnection: keyset pages with cursors and totalCount, name optional.',
  })
  async organisations(
    @Ctx() ctx: Context,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String) name: string,
    @Arg('kind', () => OrganisationKind, { nullable: true }) kind?: OrganisationKind,
    @Arg('countryCode', () => String, { nullable: true }) countryCode?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Organisation[]> {
    const filter = kindAndCountry(kind, countryCode);
    return searchOrganisations(ctx.em, { name, ...filter, ...page(limit, offset) });
  }

  @Directive(connectionListSize(PAGE_SIZE.search))
  @Query(() => OrganisationConnection, {
    description:
      'Every organisation, by name then ID, a page at a time (first/after or last/before); name (contained in any of its names, best matches first) and filter narrow it.',
  })
  async organisationsConnection(
    @Ctx() ctx: Context,
    @Args(() => RootPage) args: ConnectionArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('kind', () => OrganisationKind, { nullable: true, deprecationReason: 'Use filter: { kind: [...] }.' }) kind?: OrganisationKind,
    @Arg('countryCode', () => String, { nullable: true, deprecationReason: 'Use filter: { country: [...] }.' }) countryCode?: string,
    @Arg('filter', () => OrganisationFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    narrow?: OrganisationFilter | null,
  ) {
    const filter = { name, kind, countryCode: countryCode?.toUpperCase(), filter: narrow };
    const order = organisationOrder(filter);
    // Arguments and cursors are checked before anything is read.
    const request = pageRequest(args, {
      list: listFingerprint('Query.organisationsConnection', { name, kind, countryCode: filter.countryCode, ...filterSelection(narrow) }),
      order,
      defaultSize: PAGE_SIZE.search,
    });
    const rows = organisationRows(ctx.em, filter);
    return new OrganisationConnection(rows ? await keysetPage(ctx.em, Organisation, rows.source, order, request) : emptyConnectionPage());
  }

  @FieldResolver(() => Place, { nullable: true })
  country(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.countryCode ? ctx.loaders.place.load(`place:country:${org.countryCode}`) : null;
  }

  @FieldResolver(() => String, {
    description:
      'Which rule gave its kind: a source field ("keep.eu organisation_type ..."), a name rule ("name: legal form of a company (\'sp z o o\' in ...)"), the curated seeds, or "none" for OTHER.',
  })
  kindRule(@Root() org: Organisation): string {
    return org.kindRule ?? (org.derived ? 'none: no rule recorded' : 'curated: seeds/organisations.yaml');
  }

  @FieldResolver(() => Place, { nullable: true, description: 'Where it is seated.' })
  place(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.placeId ? ctx.loaders.place.load(org.placeId) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The body that runs or owns it.' })
  parent(@Root() org: Organisation, @Ctx() ctx: Context) {
    return org.parentId ? ctx.loaders.organisation.load(org.parentId) : null;
  }

  @FieldResolver(() => [Organisation], {
    description: 'Bodies it runs or owns.',
    deprecationReason: 'Use childrenConnection: keyset pages with cursors and totalCount.',
  })
  children(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.childPagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OrganisationConnection, {
    description: 'Bodies it runs or owns, by name then ID, a page at a time, with totalCount.',
  })
  childrenConnection(
    @Root() org: Organisation,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OrganisationFilter, { nullable: true, description: 'Narrows the bodies (AND across fields, OR within a list).' })
    filter?: OrganisationFilter | null,
  ) {
    return filteredNestedConnection(OrganisationConnection, () => ctx.loaders.childPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.childrenConnection',
      parentId: org.id,
    });
  }

  @FieldResolver(() => [String])
  altNames(@Root() org: Organisation, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(org.altNames, p);
  }

  @FieldResolver(() => [OrganisationIdentifier], {
    description: 'Its identifiers: curated ones, the key of each source record behind it and the identifiers those records state.',
  })
  async identifiers(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    const [curated, records] = await Promise.all([
      ctx.loaders.identifiersByOrganisation.load(org.id),
      ctx.loaders.recordsByOrganisation.load(org.id),
    ]);
    return slicePage(organisationIdentifiers(org.id, curated, records), p);
  }

  @FieldResolver(() => [OrganisationRecord], {
    description: 'The source records identity resolution linked to it, each as its source describes it.',
    deprecationReason: 'Use recordsConnection: keyset pages with cursors and totalCount.',
  })
  records(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    // Cut in SQL by recordsConnection's loader (limit/offset in each organisation's lateral subquery), in the
    // same order (dataset, then ID): never the whole list read to slice one page.
    return ctx.loaders.recordPagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OrganisationRecordConnection, {
    description: 'The source records linked to it, by dataset then ID, a page at a time, with totalCount.',
  })
  recordsConnection(
    @Root() org: Organisation,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OrganisationRecordFilter, {
      nullable: true,
      description: 'Narrows the records (AND across fields, OR within a list).',
    })
    filter?: OrganisationRecordFilter | null,
  ) {
    return filteredNestedConnection(OrganisationRecordConnection, () => ctx.loaders.recordPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.recordsConnection',
      parentId: org.id,
    });
  }

  @FieldResolver(() => [OrganisationName], { description: 'Every name it has in every source, with the sources that use it.' })
  async names(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return slicePage(organisationNames(org, await ctx.loaders.recordsByOrganisation.load(org.id)), p);
  }

  @FieldResolver(() => [SourceDocument], {
    description: 'The documents that assert it: its own sources and those of the records behind it.',
  })
  async sources(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<SourceDocument[]> {
    const records = await ctx.loaders.recordsByOrganisation.load(org.id);
    return citedSources(ctx.loaders, citationPage([...org.sourceIds, ...records.flatMap((r) => r.sourceIds)], p));
  }

  @FieldResolver(() => [NetworkMember], {
    description: 'Networks it belongs to, with its role in each.',
    deprecationReason: 'Use networksConnection: keyset pages with cursors and totalCount.',
  })
  networks(@Root() org: Organisation, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.membershipPagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => NetworkMemberConnection, {
    description: 'Networks it belongs to, with its role in each, by network, a page at a time, with totalCount.',
  })
  networksConnection(
    @Root() org: Organisation,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => NetworkMemberFilter, {
      nullable: true,
      description: 'Narrows the memberships (AND across fields, OR within a list).',
    })
    filter?: NetworkMemberFilter | null,
  ) {
    return filteredNestedConnection(NetworkMemberConnection, () => ctx.loaders.membershipPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.networksConnection',
      parentId: org.id,
    });
  }
}
