import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import {
  cost,
  DateScalar,
  DetailPage,
  type PageArgs,
  SEARCH_COST,
  searchKey,
  slicePage,
  tableOf,
  page,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  PAGE_SIZE,
  rootConnection,
  filterSelection,
} from '@regiograph/lib';
import { EventFilter, eventFilterSql } from './event-filter.js';
import type { Context } from '../context.js';
import { EventKind } from '../enums.js';
import { NetworkRef } from '../refs/network.ref.js';
import { OrganisationRef } from '../refs/organisation.ref.js';
import { PlaceRef } from '../refs/place.ref.js';
import { ProjectRef } from '../refs/project.ref.js';
import { AgendaItem, Event, EventParticipant } from './event.entity.js';
import { EFFECTIVE_END, EVENT_ORDER } from './event.loader.js';
import { EVENT_KEYS, EventConnection } from './event-connection.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/** A reference to an entity another subgraph owns; the gateway fetches the rest from its owner. */
const stub = <T>(id: string | null | undefined): T | null => (id ? ({ id } as T) : null);

/**
 * The SQL condition (on `e`) of the events a filter selects; null when the name has nothing to search for.
 * A range that ends before it starts is refused, naming both arguments.
 */
function eventFilter(filter: {
  from?: string;
  to?: string;
  kind?: EventKind;
  name?: string | null;
}): { where: string; params: unknown[] } | null {
  const { from, to, kind, name } = filter;
  if (from && to && from > to) {
    throw new GraphQLError(`Argument \`from\` (${from}) is after argument \`to\` (${to}): give a range that starts before it ends`, {
      extensions: { code: 'BAD_USER_INPUT', argumentNames: ['from', 'to'] },
    });
  }
  const where: string[] = [];
  const params: unknown[] = [];
  if (to) {
    where.push('e.start_date <= ?::date');
    params.push(to);
  }
  if (from) {
    where.push(`${EFFECTIVE_END} >= ?::date`);
    params.push(from);
  }
  if (kind) {
    where.push('e.kind = ?');
    params.push(kind);
  }
  if (name !== undefined && name !== null) {
    const key = searchKey(name);
    if (!key) return null;
    where.push('exists (select 1 from unnest(e.search_keys) k where k like ?)');
    params.push(`%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where: where.length ? `where ${where.join(' and ')}` : '', params };
}

@Resolver(() => Event)
export class EventResolver {
  @Query(() => Event, { nullable: true, description: 'One event by ID; null when there is none.' })
  event(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Event | null> {
    return ctx.loaders.event.load(id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @Query(() => EventConnection, {
    description:
      'Events in calendar order, a page at a time (first/after or last/before), with totalCount. With from and/or to, only dated events overlapping that range ' +
      '(a MONTH-, SEASON- or YEAR-precise date counts as the whole period). Sessions are listed with their parent events.',
  })
  eventsConnection(
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
    @Arg('kind', () => EventKind, { nullable: true }) kind?: EventKind,
    @Directive(cost(SEARCH_COST))
    @Arg('name', () => String, {
      nullable: true,
      description: 'Text in the name, title or theme (in the source language or English), ignoring case and diacritics.',
    })
    name?: string,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Narrows the events (AND across fields, OR within a list).' })
    eventFilterInput?: EventFilter | null,
  ) {
    const filter = eventFilter({ from, to, kind, name });
    const narrowed = eventFilterSql(eventFilterInput);
    return rootConnection(ctx.em, Event, EventConnection, args, {
      coordinate: 'Query.eventsConnection',
      selection: { from, to, kind, name, ...filterSelection(eventFilterInput) },
      order: EVENT_KEYS,
      rows: () =>
        filter && {
          from: `(select e.* from ${tableOf(ctx.em, Event)} e ${filter.where}) t ${narrowed.where()}`,
          params: [...filter.params, ...narrowed.params],
        },
    });
  }

  @Query(() => [Event], {
    description:
      'Events in calendar order. With from and/or to, only dated events overlapping that range ' +
      '(a MONTH-, SEASON- or YEAR-precise date counts as the whole period). Sessions are listed with their parent events.',
    deprecationReason: 'Use eventsConnection: keyset pages with cursors and totalCount.',
  })
  async events(
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
    @Arg('kind', () => EventKind, { nullable: true }) kind?: EventKind,
    @Directive(cost(SEARCH_COST))
    @Arg('name', () => String, {
      nullable: true,
      description: 'Text in the name, title or theme (in the source language or English), ignoring case and diacritics.',
    })
    name?: string,
    @Directive(cost(SEARCH_COST))
    @Arg('title', () => String, { nullable: true, deprecationReason: 'Use `name`, which searches the same keys.' })
    title?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<Event[]> {
    const paging = page(limit, offset);
    const filter = eventFilter({ from, to, kind, name: name ?? title });
    if (!filter) return [];
    const sql = `select e.* from ${tableOf(ctx.em, Event)} e ${filter.where} order by ${EVENT_ORDER} limit ? offset ?`;
    const rows = (await ctx.em.execute(sql, [...filter.params, paging.limit, paging.offset])) as Array<Record<string, unknown>>;
    return rows.map((row) => ctx.em.map(Event, row));
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'Where it took place; null when online or not stated.' })
  place(@Root() event: Event): PlaceRef | null {
    return stub<PlaceRef>(event.placeId);
  }

  @FieldResolver(() => OrganisationRef, { nullable: true, description: 'The organisation that hosted it.' })
  host(@Root() event: Event): OrganisationRef | null {
    return stub<OrganisationRef>(event.hostId);
  }

  @FieldResolver(() => ProjectRef, { nullable: true, description: 'The project it was organised in.' })
  organisingProject(@Root() event: Event): ProjectRef | null {
    return stub<ProjectRef>(event.organisingProjectId);
  }

  @FieldResolver(() => NetworkRef, { nullable: true, description: 'The network it was organised by.' })
  organisingNetwork(@Root() event: Event): NetworkRef | null {
    return stub<NetworkRef>(event.organisingNetworkId);
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The larger event this is a session or day of.' })
  parent(@Root() event: Event, @Ctx() ctx: Context): Promise<Event | null> | null {
    return event.parentId ? ctx.loaders.event.load(event.parentId) : null;
  }

  @FieldResolver(() => [Event], { description: 'Its sessions or days, in order.' })
  async sessions(@Root() event: Event, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<Event[]> {
    return slicePage(await ctx.loaders.sessionsByParent.load(event.id), p);
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The later event this one prepared or fed into.' })
  prepares(@Root() event: Event, @Ctx() ctx: Context): Promise<Event | null> | null {
    return event.preparesId ? ctx.loaders.event.load(event.preparesId) : null;
  }

  @FieldResolver(() => [Event], { description: 'Earlier events that prepared this one or fed into it.' })
  async preparedBy(@Root() event: Event, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<Event[]> {
    return slicePage(await ctx.loaders.preparedBy.load(event.id), p);
  }

  @FieldResolver(() => [EventParticipant], { description: 'Organisations and groups that took part, and how.' })
  async participants(@Root() event: Event, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<EventParticipant[]> {
    return slicePage(await ctx.loaders.participantsByEvent.load(event.id), p);
  }

  @FieldResolver(() => [AgendaItem], { description: 'The programme, in order.' })
  async agenda(@Root() event: Event, @Ctx() ctx: Context, @Args(() => DetailPage) p: PageArgs): Promise<AgendaItem[]> {
    return slicePage(await ctx.loaders.agendaByEvent.load(event.id), p);
  }

  @FieldResolver(() => [String])
  participantGroups(@Root() event: Event, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(event.participantGroups, p);
  }
}

@Resolver(() => EventParticipant)
export class EventParticipantResolver {
  @FieldResolver(() => OrganisationRef, { nullable: true, description: 'The organisation, when the source names one.' })
  organisation(@Root() participant: EventParticipant): OrganisationRef | null {
    return stub<OrganisationRef>(participant.organisationId);
  }

  @FieldResolver(() => Event)
  event(@Root() participant: EventParticipant, @Ctx() ctx: Context): Promise<Event | null> {
    return ctx.loaders.event.load(participant.eventId);
  }
}

@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  // Nullable: the organisations subgraph owns them, and its failure should cost this list, not the agenda item.
  @FieldResolver(() => [OrganisationRef], { nullable: true, description: 'Organisations presented, visited or presenting in this item.' })
  organisations(@Root() item: AgendaItem, @Args(() => DetailPage) p: PageArgs): OrganisationRef[] {
    return slicePage(item.organisationIds, p).map((id) => ({ id }));
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'Where the item took place, or the place it was about.' })
  place(@Root() item: AgendaItem): PlaceRef | null {
    return stub<PlaceRef>(item.placeId);
  }
}
