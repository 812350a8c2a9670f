import { registerEnumType } from 'type-graphql';

export enum ProjectStatus {
  PLANNED = 'PLANNED',
  ONGOING = 'ONGOING',
  COMPLETED = 'COMPLETED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Where a project stood at the date of the source that describes it.',
});

// Shared with the organisations subgraph, whose filters take it (OrganisationFilter.role).
import { PartnerRole } from '@regiograph/lib';

export { PartnerRole };

/** Partnerships are listed lead partner first, stakeholders last. */
export const PARTNER_ROLE_ORDER: readonly PartnerRole[] = [
  PartnerRole.LEAD_PARTNER,
  PartnerRole.PARTNER,
  PartnerRole.IMPLEMENTING_PARTNER,
  PartnerRole.BROKER,
  PartnerRole.ASSOCIATED_PARTNER,
  PartnerRole.STAKEHOLDER,
];
