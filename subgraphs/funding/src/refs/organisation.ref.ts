import {
  ListPage,
  type PageArgs,
  type ConnectionArgs,
  ConnectionPage,
  connectionListSize,
  filteredNestedConnection,
  PAGE_SIZE,
} from '@regiograph/lib';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { GrantFilter, ProgrammeFilter, ProgrammeParticipantFilter } from '../filters.js';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';
import { ProgrammeParticipant } from '../participant/programme-participant.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { GrantConnection, ProgrammeConnection, ProgrammeParticipantConnection } from '../connections.js';

const NestedPage = ConnectionPage(PAGE_SIZE.list);

/** An organisation owned by the organisations subgraph. */
@Directive('@key(fields: "id")')
@ObjectType('Organisation')
export class OrganisationRef {
  @Field(() => ID)
  id!: string;
}

export const organisationRef = (id: string): OrganisationRef => ({ id });

@Resolver(() => OrganisationRef)
export class OrganisationFundingResolver {
  @FieldResolver(() => [Programme], {
    nullable: true,
    description: 'Programmes it runs as programme operator or managing authority.',
    deprecationReason: 'Use programmesOperatedConnection: keyset pages with cursors and totalCount.',
  })
  programmesOperated(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Programme[]> {
    return ctx.loaders.programmesByOperator(p).load(org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProgrammeConnection, {
    nullable: true,
    description: 'Programmes it runs, oldest first, a page at a time, with totalCount.',
  })
  programmesOperatedConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProgrammeFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: ProgrammeFilter | null,
  ) {
    return filteredNestedConnection(ProgrammeConnection, () => ctx.loaders.programmePagesByOperator, args, filter, {
      coordinate: 'Organisation.programmesOperatedConnection',
      parentId: org.id,
    });
  }

  @FieldResolver(() => [Grant], {
    nullable: true,
    description: 'Grants it received directly as recipient.',
    deprecationReason: 'Use grantsConnection: keyset pages with cursors and totalCount.',
  })
  grants(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return ctx.loaders.grantsByOrganisation(p).load(org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => GrantConnection, {
    nullable: true,
    description: 'Grants it received directly, by ID, a page at a time, with totalCount.',
  })
  grantsConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => GrantFilter, { nullable: true, description: 'Narrows the list (AND across fields, OR within a list).' })
    filter?: GrantFilter | null,
  ) {
    return filteredNestedConnection(GrantConnection, () => ctx.loaders.grantPagesByOrganisation, args, filter, {
      coordinate: 'Organisation.grantsConnection',
      parentId: org.id,
    });
  }

  @FieldResolver(() => [ProgrammeParticipant], {
    nullable: true,
    description: 'Its roles in programmes (operator, donor partner, project promoter, partner...), from every source record linked to it.',
    deprecationReason: 'Use programmeRolesConnection: keyset pages with cursors and totalCount.',
  })
  programmeRoles(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<ProgrammeParticipant[]> {
    return ctx.loaders.rolePagesByOrganisation.slice(p, org.id);
  }

  @Directive(connectionListSize(PAGE_SIZE.list))
  @FieldResolver(() => ProgrammeParticipantConnection, {
    nullable: true,
    description: 'Its roles in programmes, by programme, role and ID, a page at a time, with totalCount.',
  })
  programmeRolesConnection(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => NestedPage) args: ConnectionArgs,
    @Arg('filter', () => ProgrammeParticipantFilter, {
      nullable: true,
      description: 'Narrows the list (AND across fields, OR within a list).',
    })
    filter?: ProgrammeParticipantFilter | null,
  ) {
    return filteredNestedConnection(ProgrammeParticipantConnection, () => ctx.loaders.rolePagesByOrganisation, args, filter, {
      coordinate: 'Organisation.programmeRolesConnection',
      parentId: org.id,
    });
  }
}
