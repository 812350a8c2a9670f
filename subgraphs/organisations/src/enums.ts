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

// Shared with the projects subgraph, whose filters take it (ProjectFilter.organisationKind).
export { OrganisationKind } from '@regiograph/lib';

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
