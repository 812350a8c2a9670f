import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import {
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  filterSelection,
  listFingerprint,
  PAGE_SIZE,
  pageRequest,
  rootConnection,
  searchOrder,
  searchRows,
  tableOf,
} from '@regiograph/lib';
import { cost, DetailPage, FullPage, LOOKUP_COST, type PageArgs, page, SEARCH_COST, searchByName, slicePage } from '@regiograph/lib';
import type { Context } from '../context.js';
import { kindAndCountry } from '../filters.js';
import { OrganisationKind, PlaceKind } from '../enums.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { BY_NAME, OrganisationConnection } from '../organisation/organisation-connection.js';
import { OrganisationFilter } from '../organisation/organisation-filter.js';
import { NAME_ID, PlaceConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);
const RootPage = ConnectionPage(PAGE_SIZE.search);
import { PlaceFilter, placeFilterSql } from './place-filter.js';
import { placeIdentifiers } from './place-identifiers.js';
import { findPlaceByIdentifier } from './place-lookup.js';
import { Place, PlaceDesignation, PlaceIdentifier, PlaceStatistic } from './place.entity.js';

/** Municipalities first: "Tarnów" should find the city before a region that shares the word. */
// Among equally good name matches: municipalities before localities before regions; then a Polish rural
// gmina (TERYT type 2, e.g. gmina Tarnów 1216092) after the town of the same name it surrounds (Tarnów
// 1263011), since "Tarnów" means the town; then places more sources cite (articles and data) first.
const PLACE_RANK = `case t.kind when 'MUNICIPALITY' then 0 when 'LOCALITY' then 1 when 'NUTS3' then 2 when 'NUTS2' then 3 when 'NUTS1' then 4 else 5 end,
  (t.country_code = 'PL' and t.kind = 'MUNICIPALITY' and t.lau_code like '%2'), cardinality(t.source_ids) desc`;

@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => Place, {
    nullable: true,
    description: 'One place by ID, or the best match for a name or code (case and diacritics ignored).',
  })
  async place(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Place | null> {
    if (id) return ctx.loaders.place.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Place, { name, rank: PLACE_RANK, limit: 1 });
    return best ?? null;
  }

  @Directive(connectionListSize(PAGE_SIZE.search))
  @Query(() => PlaceConnection, {
    description:
      'Places, by name then ID, a page at a time (first/after or last/before), with totalCount; with a name, those whose name, other names or codes contain it, exact matches first.',
  })
  placesConnection(
    @Ctx() ctx: Context,
    @Args(() => RootPage) args: ConnectionArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('kind', () => PlaceKind, { nullable: true }) kind?: PlaceKind,
    @Arg('countryCode', () => String, { nullable: true }) countryCode?: string,
    @Arg('filter', () => PlaceFilter, { nullable: true, description: 'Narrows the places (AND across fields, OR within a list).' })
    placeFilter?: PlaceFilter | null,
  ) {
    const filter = kindAndCountry(kind, countryCode);
    return rootConnection(ctx.em, Place, PlaceConnection, args, {
      coordinate: 'Query.placesConnection',
      selection: { name, kind, countryCode: countryCode?.toUpperCase(), ...filterSelection(placeFilter) },
      order: searchOrder(name, NAME_ID),
      rows: () => {
        // Read here, after rootConnection has checked the page: a refused page size touches no table.
        const narrowed = placeFilterSql(placeFilter, tableOf(ctx.em, Place));
        return searchRows(ctx.em, Place, {
          name,
          where: [...(filter.where ? [filter.where] : []), ...narrowed.conditions],
          params: [...filter.params, ...narrowed.params],
        });
      },
      defaultSize: PAGE_SIZE.search,
    });
  }

  @Query(() => [Place], {
    description: 'Places whose name, other names or codes contain the text.',
    deprecationReason: 'Use placesConnection: keyset pages with cursors and totalCount.',
  })
  async places(
    @Ctx() ctx: Context,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String) name: string,
    @Arg('kind', () => PlaceKind, { nullable: true }) kind?: PlaceKind,
    @Arg('countryCode', () => String, { nullable: true }) countryCode?: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Place[]> {
    const filter = kindAndCountry(kind, countryCode);
    return searchByName(ctx.em, Place, { name, ...filter, rank: PLACE_RANK, ...page(limit, offset) });
  }

  @Directive(cost(LOOKUP_COST))
  @Query(() => Place, {
    nullable: true,
    description:
      'The place carrying a code: (nuts, PL81) - a NUTS 2021 code resolves to the same place -, (nuts-2021, ...), (teryt, 1418043), (siruta, 155243), (lau, ...), (iso3166-1-alpha2, PL), (iso3166-1-alpha3, POL), (wikidata, Q36)...',
  })
  placeByIdentifier(
    @Ctx() ctx: Context,
    @Arg('scheme', () => String) scheme: string,
    @Arg('value', () => String) value: string,
  ): Promise<Place | null> {
    return findPlaceByIdentifier(ctx.em, scheme, value);
  }

  @FieldResolver(() => Place, { nullable: true, description: 'The enclosing place: region for a municipality, country for a region.' })
  parent(@Root() place: Place, @Ctx() ctx: Context) {
    return place.parentId ? ctx.loaders.place.load(place.parentId) : null;
  }

  @FieldResolver(() => [Place], {
    description: 'Places directly inside it (regions of a country, municipalities of a region), by name.',
    deprecationReason: 'Use childrenConnection: keyset pages with cursors and totalCount.',
  })
  children(@Root() place: Place, @Ctx() ctx: Context, @Args(() => FullPage) p: PageArgs) {
    return ctx.loaders.childPagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => PlaceConnection, {
    description: 'Places directly inside it, by name then ID, a page at a time (first/after or last/before), with totalCount.',
  })
  childrenConnection(
    @Root() place: Place,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => PlaceFilter, { nullable: true, description: 'Narrows the places inside (AND across fields, OR within a list).' })
    filter?: PlaceFilter | null,
  ) {
    return filteredNestedConnection(PlaceConnection, () => ctx.loaders.childPagesByPlace, args, filter, {
      coordinate: 'Place.childrenConnection',
      parentId: place.id,
    });
  }

  @FieldResolver(() => [PlaceIdentifier], {
    description: 'Its codes in every scheme (NUTS 2024 and 2021, TERYT, SIRUTA, ISO 3166, Wikidata...), with their sources.',
  })
  async identifiers(@Root() place: Place, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return slicePage(placeIdentifiers(place, await ctx.loaders.placeIdentifiersByPlace.load(place.id)), p);
  }

  @FieldResolver(() => [PlaceStatistic], {
    description: 'Figures sources give about it, e.g. keep.eu project counts per programming period.',
  })
  async statistics(@Root() place: Place, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs) {
    return slicePage(await ctx.loaders.statisticsByPlace.load(place.id), p);
  }

  @FieldResolver(() => [String])
  altNames(@Root() place: Place, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(place.altNames, p);
  }

  @FieldResolver(() => [PlaceDesignation])
  designations(@Root() place: Place, @Args(() => DetailPage) p: PageArgs): PlaceDesignation[] {
    return slicePage(place.designations, p);
  }

  @FieldResolver(() => Place, { nullable: true })
  country(@Root() place: Place, @Ctx() ctx: Context) {
    return place.kind === PlaceKind.COUNTRY ? place : ctx.loaders.place.load(`place:country:${place.countryCode}`);
  }

  @FieldResolver(() => [Organisation], {
    description: 'Organisations seated in this place, by name; a page of at most 200.',
    deprecationReason: 'Use organisationsConnection: keyset pages with cursors and totalCount.',
  })
  async organisations(@Root() place: Place, @Ctx() ctx: Context, @Args(() => FullPage) p: PageArgs) {
    // One page in SQL (limit/offset in the lateral subquery of the connection's loader), in the same order.
    return ctx.loaders.organisationPagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => OrganisationConnection, {
    description: 'Organisations seated in this place, by name then ID, a page at a time (first/after or last/before).',
  })
  organisationsConnection(
    @Root() place: Place,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => OrganisationFilter, {
      nullable: true,
      description:
        'Narrows the place’s organisations (AND across fields, OR within a list; its name: contained in one of its own names, order kept by name).',
    })
    filter?: OrganisationFilter | null,
  ) {
    const request = pageRequest(args, {
      list: listFingerprint('Place.organisationsConnection', { parent: place.id, ...filterSelection(filter) }),
      order: BY_NAME,
      defaultSize: PAGE_SIZE.list,
    });
    return ctx.loaders.organisationPagesByPlace.page(request, place.id, filter).then((page) => new OrganisationConnection(page));
  }

  @FieldResolver(() => Organisation, {
    nullable: true,
    description: 'The local or regional government of this place (city hall, gmina, county or voivodeship).',
  })
  async government(@Root() place: Place, @Ctx() ctx: Context) {
    // The place's own government as identity resolution creates it for every LAU place and self-governing
    // region (org:municipality:<CC>:<LAU>, org:region:<CC>:<NUTS>, seeded ones use the same IDs), seated
    // there; else only a curated (seeded) organisation of the place's own level: an organisation identity
    // resolution derived from data is seated at the region its source names (a Kohesio beneficiary at its
    // NUTS 2 region), so "the first municipality seated there" would name some town as the region's government.
    const own =
      place.kind === PlaceKind.MUNICIPALITY && place.lauCode
        ? `org:municipality:${place.countryCode}:${place.lauCode}`
        : place.nutsCode && place.kind !== PlaceKind.COUNTRY
          ? `org:region:${place.countryCode}:${place.nutsCode}`
          : null;
    const kind =
      place.kind === PlaceKind.MUNICIPALITY || place.kind === PlaceKind.LOCALITY
        ? OrganisationKind.MUNICIPALITY
        : OrganisationKind.REGIONAL_AUTHORITY;
    return ctx.loaders.governmentByPlace.load({ placeId: place.id, own, kind });
  }
}
