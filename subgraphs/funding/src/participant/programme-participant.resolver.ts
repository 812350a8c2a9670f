import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Programme } from '../programme/programme.entity.js';
import { OrganisationRef, organisationRef } from '../refs/organisation.ref.js';
import { ProgrammeParticipant } from './programme-participant.entity.js';

@Resolver(() => ProgrammeParticipant)
export class ProgrammeParticipantResolver {
  @FieldResolver(() => Programme, { nullable: true, description: 'The programme.' })
  programme(@Root() participant: ProgrammeParticipant, @Ctx() ctx: Context): Promise<Programme | null> {
    return ctx.loaders.programme.load(participant.programmeId);
  }

  @FieldResolver(() => OrganisationRef, {
    nullable: true,
    description: 'The canonical organisation behind the source record; null until identity resolution has linked it.',
  })
  organisation(@Root() participant: ProgrammeParticipant): OrganisationRef | null {
    return participant.organisationId ? organisationRef(participant.organisationId) : null;
  }
}
