import { registerEnumType } from 'type-graphql';

export enum PlaceKind {
  COUNTRY = 'COUNTRY',
  NUTS1 = 'NUTS1',
  NUTS2 = 'NUTS2',
  NUTS3 = 'NUTS3',
  MUNICIPALITY = 'MUNICIPALITY',
  LOCALITY = 'LOCALITY',
}
registerEnumType(PlaceKind, {
  name: 'PlaceKind',
  description: 'Level of a place: a country, a NUTS region (levels 1-3), a municipality (LAU) or a locality.',
});

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

export enum NetworkRole {
  MEMBER = 'MEMBER',
  COORDINATOR = 'COORDINATOR',
  EXPERT = 'EXPERT',
  FOUNDER = 'FOUNDER',
}
registerEnumType(NetworkRole, { name: 'NetworkRole', description: 'Role of an organisation or person in a network.' });

export enum OrganisationNameKind {
  OFFICIAL = 'OFFICIAL',
  ENGLISH = 'ENGLISH',
  LATIN = 'LATIN',
  ACRONYM = 'ACRONYM',
  ALT = 'ALT',
}
registerEnumType(OrganisationNameKind, {
  name: 'OrganisationNameKind',
  description:
    'What a name is: the name a source gives as the organisation’s own (OFFICIAL), an English name, a Latin-script transliteration, an acronym, or another spelling (ALT).',
});
