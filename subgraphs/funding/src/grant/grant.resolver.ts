import { Money, money } from '@regiograph/lib';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { NetworkRef, networkRef } from '../refs/network.ref.js';
import { OrganisationRef, organisationRef } from '../refs/organisation.ref.js';
import { ProjectRef, projectRef } from '../refs/project.ref.js';
import { Grant } from './grant.entity.js';

@Resolver(() => Grant)
export class GrantResolver {
  @Query(() => Grant, { nullable: true, description: 'One grant by ID.' })
  grant(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Grant | null> {
    return ctx.loaders.grant.load(id);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Amount granted, exact, with its currency; null when no source states it.' })
  granted(@Root() grant: Grant): Money | null {
    return money(grant.amount, grant.currency);
  }

  @FieldResolver(() => Programme, { description: 'The programme that awards the grant.' })
  programme(@Root() grant: Grant, @Ctx() ctx: Context): Promise<Programme | null> {
    return ctx.loaders.programme.load(grant.programmeId);
  }

  @FieldResolver(() => ProjectRef, { nullable: true, description: 'The project funded, when the recipient is a project.' })
  project(@Root() grant: Grant): ProjectRef | null {
    return grant.projectId ? projectRef(grant.projectId) : null;
  }

  @FieldResolver(() => NetworkRef, { nullable: true, description: 'The network funded, when the recipient is a network.' })
  network(@Root() grant: Grant): NetworkRef | null {
    return grant.networkId ? networkRef(grant.networkId) : null;
  }

  @FieldResolver(() => OrganisationRef, { nullable: true, description: 'The organisation funded, when the recipient is an organisation.' })
  organisation(@Root() grant: Grant): OrganisationRef | null {
    return grant.organisationId ? organisationRef(grant.organisationId) : null;
  }
}
