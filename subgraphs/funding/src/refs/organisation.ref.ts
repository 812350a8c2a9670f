import { ListPage, type PageArgs, slicePage } from '@regiograph/lib';
import { Args, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Grant } from '../grant/grant.entity.js';
import { ProgrammeParticipant } from '../participant/programme-participant.entity.js';
import { Programme } from '../programme/programme.entity.js';

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
  @FieldResolver(() => [Programme], { nullable: true, description: 'Programmes it runs as programme operator or managing authority.' })
  programmesOperated(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Programme[]> {
    return ctx.loaders.programmesByOperator(p).load(org.id);
  }

  @FieldResolver(() => [Grant], { nullable: true, description: 'Grants it received directly as recipient.' })
  grants(@Root() org: OrganisationRef, @Ctx() ctx: Context, @Args(() => ListPage) p: PageArgs): Promise<Grant[]> {
    return ctx.loaders.grantsByOrganisation(p).load(org.id);
  }

  @FieldResolver(() => [ProgrammeParticipant], {
    nullable: true,
    description: 'Its roles in programmes (operator, donor partner, project promoter, partner...), from every source record linked to it.',
  })
  async programmeRoles(
    @Root() org: OrganisationRef,
    @Ctx() ctx: Context,
    @Args(() => ListPage) p: PageArgs,
  ): Promise<ProgrammeParticipant[]> {
    return slicePage(await ctx.loaders.participantsByOrganisation.load(org.id), p);
  }
}
