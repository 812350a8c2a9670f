import {
  asInstance,
  Change,
  ChangeConnection,
  CHANGES_LIST_SIZE,
  ChangesArgs,
  changesPage,
  FullPage,
  type PageArgs,
  slicePage,
  subgraphList,
} from '@regiograph/lib';
import { Args, Ctx, createUnionType, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Network } from '../network/network.entity.js';
import { OrganisationRecord } from '../organisation/organisation-record.entity.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Place } from '../place/place.entity.js';
import { EventRef, FundRef, GrantRef, OutcomeRef, PartnershipRef, ProgrammeRef, ProjectRef } from './changed-entity.ref.js';

/**
 * The `changes` root field. One subgraph serves it (a root field has one resolver in federation); this one,
 * since places and organisations are what the rest of the graph hangs on. It reads every subgraph's
 * `<schema>.change_log` in the one database, as lib's changesPage does: those tables, like the SDL, are
 * what a subgraph publishes to the others, and nothing else of theirs is read.
 */

const STUBS = {
  Project: ProjectRef,
  Partnership: PartnershipRef,
  Fund: FundRef,
  Programme: ProgrammeRef,
  Grant: GrantRef,
  Event: EventRef,
  Outcome: OutcomeRef,
};

export const ChangedEntity = createUnionType({
  name: 'ChangedEntity',
  description: 'An entity a change names, as it is now.',
  types: () => [Place, Organisation, OrganisationRecord, Network, ...Object.values(STUBS)] as const,
});

@Resolver(() => Change)
export class ChangesResolver {
  @Directive(CHANGES_LIST_SIZE)
  @Query(() => ChangeConnection, {
    description:
      'Every entity created, updated or deleted across the graph, in commit order, a page at a time: keep pageInfo.endCursor and pass it as since to read what changed after it. Deletions are tombstones (operation DELETED).',
  })
  changes(@Ctx() ctx: Context, @Args(() => ChangesArgs) args: ChangesArgs): Promise<ChangeConnection> {
    return changesPage(
      ctx.em,
      subgraphList().map((s) => s.name),
      args,
    );
  }

  @FieldResolver(() => [String], {
    description:
      'For UPDATED: the properties that changed (camelCase column names, or the field of a list that changed, e.g. members); empty for CREATED and DELETED.',
  })
  fields(@Root() change: Change, @Args(() => FullPage) p: PageArgs): string[] {
    return slicePage(change.changedFields, p);
  }

  @FieldResolver(() => ChangedEntity, {
    nullable: true,
    description:
      'The entity as it is now, to read its fields; null when it is gone (DELETED, or deleted by a later change) or is not an entity of the graph (a Source, an Allocation).',
  })
  async entity(@Root() change: Change, @Ctx() ctx: Context): Promise<typeof ChangedEntity | null> {
    if (change.operation === 'DELETED') return null;
    const id = change.entityId;
    switch (change.entityType) {
      // The loaders' rows are plain objects; the union tells its members apart by class.
      case 'Place':
        return asInstance(Place, await ctx.loaders.place.load(id));
      case 'Organisation':
        return asInstance(Organisation, await ctx.loaders.organisation.load(id));
      case 'OrganisationRecord':
        return asInstance(OrganisationRecord, await ctx.loaders.organisationRecord.load(id));
      case 'Network':
        return asInstance(Network, await ctx.loaders.network.load(id));
    }
    const stub = STUBS[change.entityType as keyof typeof STUBS];
    // Whether another subgraph's entity still exists is its owner's to say: the gateway's fetch answers null.
    return stub ? Object.assign(new stub(), { id }) : null;
  }
}
