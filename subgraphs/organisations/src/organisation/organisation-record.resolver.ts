import { DetailPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Place } from '../place/place.entity.js';
import { OrganisationRecord, RecordMatch, StatedIdentifier } from './organisation-record.entity.js';
import { OrganisationName } from './organisation-name.js';
import { Organisation } from './organisation.entity.js';

@Resolver(() => OrganisationRecord)
export class OrganisationRecordResolver {
  @Query(() => OrganisationRecord, { nullable: true, description: 'One source record by ID, e.g. eea-grants/organisation:507.' })
  organisationRecord(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.loaders.organisationRecord.load(id);
  }

  @FieldResolver(() => Place, { nullable: true, description: 'The place the source’s place code or name resolved to.' })
  place(@Root() record: OrganisationRecord, @Ctx() ctx: Context) {
    return record.placeId ? ctx.loaders.place.load(record.placeId) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The canonical organisation identity resolution linked it to.' })
  organisation(@Root() record: OrganisationRecord, @Ctx() ctx: Context) {
    return record.organisationId ? ctx.loaders.organisation.load(record.organisationId) : null;
  }

  @FieldResolver(() => [StatedIdentifier])
  identifiers(@Root() record: OrganisationRecord, @Args(() => DetailPage) p: PageArgs): StatedIdentifier[] {
    return slicePage(record.identifiers ?? [], p);
  }

  @FieldResolver(() => RecordMatch, { nullable: true, description: 'Why it is linked to its organisation; null while unresolved.' })
  match(@Root() record: OrganisationRecord): RecordMatch | null {
    if (!record.organisationId || !record.matchRule) return null;
    return Object.assign(new RecordMatch(), {
      rule: record.matchRule,
      confidence: record.matchConfidence ?? 0,
      explanation: record.matchExplanation ?? '',
    });
  }
}

@Resolver(() => OrganisationName)
export class OrganisationNameResolver {
  @FieldResolver(() => [String])
  recordIds(@Root() name: OrganisationName, @Args(() => DetailPage) p: PageArgs): string[] {
    return slicePage(name.recordIds, p);
  }
}
