import { registerEnumType } from 'type-graphql';

/**
 * The part an organisation plays in a project. Owned by the projects subgraph; defined here because the
 * organisations subgraph filters by it too (OrganisationFilter.role), and one definition registered once
 * keeps the two subgraphs' enums identical, as composition requires of an input enum.
 */
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
