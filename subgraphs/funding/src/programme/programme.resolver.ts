import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Directive, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import { AllocationFilter, GrantFilter, ProgrammeFilter, ProgrammeParticipantFilter, programmeFilterSql } from '../filters.js';
import {
  cost,
  DetailPage,
  identifierKey,
  identifierOfKey,
  ListPage,
  LOOKUP_COST,
  Money,
  type PageArgs,
  page,
  SEARCH_COST,
  searchByName,
  slicePage,
  sumDecimals,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  filterSelection,
  rootConnection,
  searchOrder,
  searchRows,
  PAGE_SIZE,
  loaded,
} from '@regiograph/lib';
import { Allocation } from '../allocation/allocation.entity.js';
import type { Context } from '../context.js';
import { Fund } from '../fund/fund.entity.js';
import { Grant } from '../grant/grant.entity.js';
import { ProgrammeParticipant } from '../participant/programme-participant.entity.js';
import { OrganisationRef, organisationRef } from '../refs/organisation.ref.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Programme, ProgrammeIdentifier } from './programme.entity.js';
import {
  AllocationConnection,
  GrantConnection,
  PROGRAMME_ORDER,
  ProgrammeConnection,
  ProgrammeParticipantConnection,
} from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/**
 * The programme's total: the sum of its own allocations to beneficiary countries (no breakdown). The
 * sources also break the same money down by region, twice (over the places of the projects, and evenly
 * over NUTS 3 regions): adding those would count it again, so they never enter the total, nor stand in
 * for it (EEA Grants spreads an area two programmes share under both, while its allocation is given to
 * one). Null when the programme has no allocation of its own, or the amounts are in different currencies.
 * Exact: the amounts are decimal strings.
 */
export function totalOf(allocations: Allocation[]): Money | null {
  const own = allocations.filter((a) => !a.breakdown);
  const currencies = new Set(own.map((a) => a.currency));
  if (own.length === 0 || currencies.size > 1) return null;
  return { amount: sumDecimals(own.map((a) => a.amount)), currency: [...currencies][0] as string };
}

/** Newest programmes first when several match ("Interreg" may one day find several periods). */
const PROGRAMME_RANK = 't.start_year desc nulls last';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Directive(connectionListSize(PAGE_SIZE.list))
  @Query(() => ProgrammeConnection, {
    description:
      'Programmes, oldest first, then by name and ID, a page at a time, with totalCount; with a name, those whose name, local name, other names or code contain it (exact matches first); optionally only those a fund finances or for one beneficiary country.',
  })
  programmesConnection(
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('fund', () => ID, { nullable: true, description: 'A fund ID, e.g. fund:eea-grants.' }) fund?: string,
    @Arg('country', () => ID, { nullable: true, description: 'A beneficiary country as a place ID, e.g. place:country:PL.' })
    country?: string,
    @Arg('filter', () => ProgrammeFilter, { nullable: true, description: 'Narrows the programmes (AND across fields, OR within a list).' })
    filter?: ProgrammeFilter | null,
  ) {
    const where = [fund ? 't.fund_ids @> array[?]::text[]' : null, country ? 't.country_id = ?' : null].filter((w): w is string => !!w);
    const narrowed = programmeFilterSql(filter);
    return rootConnection(ctx.em, Programme, ProgrammeConnection, args, {
      coordinate: 'Query.programmesConnection',
      selection: { name, fund, country, ...filterSelection(filter) },
      order: searchOrder(name, PROGRAMME_ORDER),
      rows: () =>
        searchRows(ctx.em, Programme, {
          name,
          where: [...where, ...narrowed.conditions],
          params: [...[fund, country].filter((v): v is string => !!v), ...narrowed.params],
        }),
    });
  }

  @Query(() => [Programme], {
    deprecationReason: 'Use programmesConnection: keyset pages with cursors and totalCount.',
    description:
      'Programmes whose name, local name, other names or code contain the text, optionally only those a fund finances or for one beneficiary country; with no filter, all of them, oldest first.',
  })
  async programmes(
    @Ctx() ctx: Context,
    @Args(() => ListPage) p: PageArgs,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
    @Arg('fund', () => ID, { nullable: true, description: 'A fund ID, e.g. fund:eea-grants.' }) fund?: string,
    @Arg('country', () => ID, { nullable: true, description: 'A beneficiary country as a place ID, e.g. place:country:PL.' })
    country?: string,
  ): Promise<Programme[]> {
    const paging = page(p.limit, p.offset);
    if (name) {
      const where = [fund ? '? = any(t.fund_ids)' : null, country ? 't.country_id = ?' : null].filter(Boolean).join(' and ');
      const params = [fund, country].filter((v): v is string => Boolean(v));
      return searchByName(ctx.em, Programme, { name, where: where || undefined, params, rank: PROGRAMME_RANK, ...paging });
    }
    const filter: FilterQuery<Programme> = {};
    if (fund) filter.fundIds = { $overlap: [fund] };
    if (country) filter.countryId = country;
    return ctx.em.find(Programme, filter, { orderBy: { startYear: 'asc', name: 'asc', id: 'asc' }, ...paging });
  }

  @Directive(cost(LOOKUP_COST))
  @Query(() => Programme, {
    nullable: true,
    description: 'The programme a source knows by this identifier, e.g. (eea-grants/programme, PL03); null when none.',
  })
  async programmeByIdentifier(
    @Ctx() ctx: Context,
    @Arg('scheme', () => String) scheme: string,
    @Arg('value', () => String) value: string,
  ): Promise<Programme | null> {
    const [found] = await ctx.em.find(
      Programme,
      { identifierKeys: { $overlap: [identifierKey(scheme, value)] } },
      { orderBy: { id: 'asc' }, limit: 1 },
    );
    return found ?? null;
  }

  @Query(() => Programme, {
    nullable: true,
    description: 'One programme by ID, or the best match for a name or code (case and diacritics ignored).',
  })
  async programme(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Directive(cost(SEARCH_COST)) @Arg('name', () => String, { nullable: true }) name?: string,
  ): Promise<Programme | null> {
    if (id) return ctx.loaders.programme.load(id);
    if (!name) return null;
    const [best] = await searchByName(ctx.em, Programme, { name, rank: PROGRAMME_RANK, limit: 1 });
    return best ?? null;
  }

  @FieldResolver(() => [ProgrammeIdentifier], {
    description: 'Its identifiers in every source, e.g. (eea-grants/programme, PL03), (cci, 2021TC16RFCB020).',
  })
  identifiers(@Root() programme: Programme, @Args(() => DetailPage) p: PageArgs): ProgrammeIdentifier[] {
    return slicePage(programme.identifierKeys ?? [], p).map((key) => Object.assign(new ProgrammeIdentifier(), identifierOfKey(key)));
  }

  @FieldResolver(() => [String])
  altNames(@Root() programme: Programme, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(programme.altNames, p);
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'The beneficiary country; null for transnational programmes.' })
  country(@Root() programme: Programme): PlaceRef | null {
    return programme.countryId ? placeRef(programme.countryId) : null;
  }

  @FieldResolver(() => [Fund], { description: 'The funds that finance the programme.' })
  async funds(@Root() programme: Programme, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<Fund[]> {
    return loaded(await ctx.loaders.fund.loadMany(slicePage(programme.fundIds, p)));
  }

  @FieldResolver(() => OrganisationRef, { nullable: true, description: 'The programme operator or managing authority.' })
  operator(@Root() programme: Programme): OrganisationRef | null {
    return programme.operatorId ? organisationRef(programme.operatorId) : null;
  }

  @FieldResolver(() => [Grant], {
    description: 'Grants awarded under the programme that the sources record.',
    deprecationReason: 'Use grantsConnection: keyset pages with cursors and totalCount.',
  })
  grants(@Root() programme: Programme, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return ctx.loaders.grantsByProgramme(p).load(programme.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => GrantConnection, { description: 'Grants awarded under the programme, by ID, a page at a time, with totalCount.' })
  grantsConnection(
    @Root() programme: Programme,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: GrantFilter | null,
  ) {
    return filteredNestedConnection(GrantConnection, () => ctx.loaders.grantPagesByProgramme, args, filter, {
      coordinate: 'Programme.grantsConnection',
      parentId: programme.id,
    });
  }

  @FieldResolver(() => [Allocation], {
    description: 'Money the funds put into the programme, by beneficiary country or region, as the sources record it.',
    deprecationReason: 'Use allocationsConnection: keyset pages with cursors and totalCount.',
  })
  allocations(@Root() programme: Programme, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Allocation[]> {
    return ctx.loaders.allocationPagesByProgramme(p).load(programme.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => AllocationConnection, {
    description: 'Money the funds put into the programme, by place code, fund and ID, a page at a time, with totalCount.',
  })
  allocationsConnection(
    @Root() programme: Programme,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => AllocationFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: AllocationFilter | null,
  ) {
    return filteredNestedConnection(AllocationConnection, () => ctx.loaders.allocationKeysetByProgramme, args, filter, {
      coordinate: 'Programme.allocationsConnection',
      parentId: programme.id,
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Total allocated: the sum of the programme's own allocations to beneficiary countries (the regional breakdowns repeat that money and are not added); null when it has none of its own or the currencies differ.",
    deprecationReason: 'A binary float may lose cents: use total.',
  })
  async totalAllocation(@Root() programme: Programme, @Ctx() ctx: Context): Promise<number | null> {
    const total = totalOf(await ctx.loaders.allocationsByProgramme.load(programme.id));
    return total ? Number(total.amount) : null;
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      "Total allocated, exact, with its currency: the sum of the programme's own allocations to beneficiary countries (the regional breakdowns repeat that money and are not added); null when it has none of its own or the currencies differ.",
  })
  async total(@Root() programme: Programme, @Ctx() ctx: Context): Promise<Money | null> {
    return totalOf(await ctx.loaders.allocationsByProgramme.load(programme.id));
  }

  @FieldResolver(() => [ProgrammeParticipant], {
    description: 'Organisations in the programme and their roles, as the sources record them.',
    deprecationReason: 'Use participantsConnection: keyset pages with cursors and totalCount.',
  })
  participants(@Root() programme: Programme, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<ProgrammeParticipant[]> {
    return ctx.loaders.participantsByProgramme(p).load(programme.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProgrammeParticipantConnection, {
    description: 'Organisations in the programme and their roles, by role then ID, a page at a time, with totalCount.',
  })
  participantsConnection(
    @Root() programme: Programme,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProgrammeParticipantFilter, {
      nullable: true,
      description: 'Narrows the list (AND across fields, OR within a list).',
    })
    filter?: ProgrammeParticipantFilter | null,
  ) {
    return filteredNestedConnection(ProgrammeParticipantConnection, () => ctx.loaders.participantPagesByProgramme, args, filter, {
      coordinate: 'Programme.participantsConnection',
      parentId: programme.id,
    });
  }
}
