import {
  type ConnectionArgs,
  ConnectionPage,
  checkYearRange,
  connectionListSize,
  filterSelection,
  ListPage,
  listFingerprint,
  filteredNestedConnection,
  PAGE_SIZE,
  type PageArgs,
  pageRequest,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { BY_TITLE_IN_PLACE, PartnershipConnection, ProjectConnection } from '../project/project-connection.js';
import { Project } from '../project/project.entity.js';
import { ProjectFilter } from '../project/project-filter.js';
import { PartnershipFilter } from '../partnership/partnership-filter.js';
import { PlaceRef } from './place.ref.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

@Resolver(() => PlaceRef)
export class PlaceProjectsResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description:
      'Projects with a partner located here (city, region or, for a country, the country), piloted in this country, or working in this place according to the open data.',
    deprecationReason: 'Use projectsConnection: keyset pages with cursors and totalCount.',
  })
  async projects(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    // One page in SQL (limit/offset in the lateral subquery of the connection's loader), in the same order.
    return ctx.loaders.projectPagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProjectConnection, {
    nullable: true,
    description:
      'The same projects as `projects`, by title then ID, a page at a time (first/after or last/before), with totalCount; `filter` narrows them.',
  })
  projectsConnection(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProjectFilter, {
      nullable: true,
      description: 'Narrows the place’s projects (AND across fields, OR within a list).',
    })
    filter?: ProjectFilter | null,
  ) {
    const request = pageRequest(args, {
      list: listFingerprint('Place.projectsConnection', { parent: place.id, ...filterSelection(filter) }),
      order: BY_TITLE_IN_PLACE,
      defaultSize: PAGE_SIZE.list,
    });
    if (filter) checkYearRange(filter);
    return ctx.loaders.projectPagesByPlace.page(request, place.id, filter).then((page) => new ProjectConnection(page));
  }

  @FieldResolver(() => [Partnership], {
    nullable: true,
    description: 'Partnerships located here: partners in this city or region or, for a country, in this country; by project.',
    deprecationReason: 'Use partnershipsConnection: keyset pages with cursors and totalCount.',
  })
  partnerships(@Root() place: PlaceRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs) {
    return ctx.loaders.partnershipPagesByPlace.slice(p, place.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => PartnershipConnection, {
    nullable: true,
    description: 'Partnerships located here, by project then ID, a page at a time (first/after or last/before), with totalCount.',
  })
  partnershipsConnection(
    @Root() place: PlaceRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => PartnershipFilter, {
      nullable: true,
      description: 'Narrows the partnerships (AND across fields, OR within a list).',
    })
    filter?: PartnershipFilter | null,
  ) {
    return filteredNestedConnection(PartnershipConnection, () => ctx.loaders.partnershipPagesByPlace, args, filter, {
      coordinate: 'Place.partnershipsConnection',
      parentId: place.id,
    });
  }
}
