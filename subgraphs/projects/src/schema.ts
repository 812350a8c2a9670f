import { buildFederatedSchema, sourcesResolver } from '@regiograph/lib';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { coverage } from './coverage.js';
import { Partnership } from './partnership/partnership.entity.js';
import { PartnershipResolver } from './partnership/partnership.resolver.js';
import { Project } from './project/project.entity.js';
import { ProjectResolver } from './project/project.resolver.js';
import { OrganisationProjectsResolver } from './refs/organisation-projects.resolver.js';
import { OrganisationRef } from './refs/organisation.ref.js';
import { PlaceProjectsResolver } from './refs/place-projects.resolver.js';
import { PlaceRef } from './refs/place.ref.js';
import { ProgrammeProjectsResolver } from './refs/programme-projects.resolver.js';
import { ProgrammeRef } from './refs/programme.ref.js';
import { ProjectFiguresResolver, projectStatisticsResolvers } from './statistics/statistics.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildFederatedSchema<Context>({
    resolvers: [
      coverage.CoverageFieldResolver,
      ProjectResolver,
      PartnershipResolver,
      OrganisationProjectsResolver,
      PlaceProjectsResolver,
      ProgrammeProjectsResolver,
      ProjectFiguresResolver,
      ...projectStatisticsResolvers,
      sourcesResolver(Project),
      sourcesResolver(Partnership),
    ],
    orphanedTypes: [coverage.Coverage, OrganisationRef, PlaceRef, ProgrammeRef],
    referenceResolvers: {
      Coverage: (ref: { source: string }) => coverage.resolveReference(ref),
      Project: (ref: { id: string }, ctx) => ctx.loaders.project.load(ref.id),
      Partnership: (ref: { id: string }, ctx) => ctx.loaders.partnership.load(ref.id),
    },
  });
  return built;
}
