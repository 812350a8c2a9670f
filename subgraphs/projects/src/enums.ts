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

export enum PartnerRole {
  LEAD_PARTNER = 'LEAD_PARTNER',
  PARTNER = 'PARTNER',
  BROKER = 'BROKER',
  IMPLEMENTING_PARTNER = 'IMPLEMENTING_PARTNER',
  STAKEHOLDER = 'STAKEHOLDER',
  ASSOCIATED_PARTNER = 'ASSOCIATED_PARTNER',
}
registerEnumType(PartnerRole, {
  name: 'PartnerRole',
  description: 'Part an organisation or place plays in a project.',
  valuesConfig: {
    LEAD_PARTNER: { description: 'Coordinates the partnership and answers to the programme.' },
    BROKER: { description: 'Local go-between that adapts the project to its area (as in Public4mSME+).' },
    IMPLEMENTING_PARTNER: { description: 'Carries the project out in a region on behalf of the partnership.' },
    STAKEHOLDER: { description: 'Takes part in project activities without being a formal partner.' },
  },
});

/** Partnerships are listed lead partner first, stakeholders last. */
export const PARTNER_ROLE_ORDER: readonly PartnerRole[] = [
  PartnerRole.LEAD_PARTNER,
  PartnerRole.PARTNER,
  PartnerRole.IMPLEMENTING_PARTNER,
  PartnerRole.BROKER,
  PartnerRole.ASSOCIATED_PARTNER,
  PartnerRole.STAKEHOLDER,
];
