import { registerEnumType } from 'type-graphql';

/**
 * What kind of body an organisation is. Owned by the organisations subgraph; defined here because the
 * projects subgraph filters by it too (the kind is denormalised onto partnerships), and one definition
 * registered once keeps the two subgraphs' enums identical, as composition requires of an input enum.
 */
export enum OrganisationKind {
  MUNICIPALITY = 'MUNICIPALITY',
  REGIONAL_AUTHORITY = 'REGIONAL_AUTHORITY',
  MINISTRY = 'MINISTRY',
  AGENCY = 'AGENCY',
  PUBLIC_BODY = 'PUBLIC_BODY',
  ASSOCIATION = 'ASSOCIATION',
  UNIVERSITY = 'UNIVERSITY',
  COMPANY = 'COMPANY',
  CLUSTER = 'CLUSTER',
  INCUBATOR = 'INCUBATOR',
  BUSINESS_SUPPORT = 'BUSINESS_SUPPORT',
  NGO = 'NGO',
  SOCIAL_ENTERPRISE = 'SOCIAL_ENTERPRISE',
  SCIENCE_CENTRE = 'SCIENCE_CENTRE',
  INTERNATIONAL_BODY = 'INTERNATIONAL_BODY',
  HOSPITAL = 'HOSPITAL',
  SCHOOL = 'SCHOOL',
  RESEARCH_INSTITUTE = 'RESEARCH_INSTITUTE',
  CULTURAL_INSTITUTION = 'CULTURAL_INSTITUTION',
  CHAMBER = 'CHAMBER',
  RELIGIOUS_BODY = 'RELIGIOUS_BODY',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'What kind of body an organisation is; `Organisation.kindRule` says which source field or name rule gave it.',
  valuesConfig: {
    MUNICIPALITY: { description: 'The government of a municipality (gmina, UAT, obshtina, obec...).' },
    REGIONAL_AUTHORITY: { description: 'The government of a region or county (voivodeship, județ, kraj, megye, županija...).' },
    PUBLIC_BODY: {
      description: 'Another public body: an office, service, court, police, a public institution of a municipality or region.',
    },
    COMPANY: { description: 'A business: a company of any legal form, a co-operative, a sole trader.' },
    HOSPITAL: { description: 'A hospital, clinic or other health-care provider.' },
    SCHOOL: { description: 'A school, kindergarten or vocational or adult education centre.' },
    RESEARCH_INSTITUTE: { description: 'A research institute or academy of sciences.' },
    CULTURAL_INSTITUTION: { description: 'A museum, library, theatre, gallery or cultural centre.' },
    CHAMBER: { description: 'A chamber of commerce, industry, crafts or of a profession.' },
    RELIGIOUS_BODY: { description: 'A parish, church or religious order.' },
    OTHER: { description: 'No source field and no name rule says what kind of body it is.' },
  },
});
