import { createCoverage } from '@regiograph/lib';
import { Place, PlaceIdentifier, PlaceStatistic } from './place/place.entity.js';
import { Organisation, OrganisationIdentifier } from './organisation/organisation.entity.js';
import { OrganisationRecord } from './organisation/organisation-record.entity.js';
import { Network, NetworkMember, NetworkPerson } from './network/network.entity.js';

/** Coverage.organisationFields: the fill rates of this subgraph's entity types, per source. */
// This subgraph lists the sources (Query.coverage), so its rows are never null.
export const coverage = createCoverage(
  'organisationFields',
  [Place, PlaceIdentifier, PlaceStatistic, Organisation, OrganisationIdentifier, OrganisationRecord, Network, NetworkMember, NetworkPerson],
  { nullable: false },
);
