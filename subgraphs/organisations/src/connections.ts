import { connectionTypes, type SortKey } from '@regiograph/lib';
import { Network, NetworkMember } from './network/network.entity.js';
import { OrganisationRecord } from './organisation/organisation-record.entity.js';
import { Place } from './place/place.entity.js';

/** The connection types of this subgraph's lists (OrganisationConnection is in organisation-connection.ts). */
export const PlaceConnection = connectionTypes(Place, 'Place', { description: 'A page of places, by name then ID.' });
export const NetworkConnection = connectionTypes(Network, 'Network', { description: 'A page of networks.' });
export const NetworkMemberConnection = connectionTypes(NetworkMember, 'NetworkMember', {
  description: 'A page of network memberships.',
});
export const OrganisationRecordConnection = connectionTypes(OrganisationRecord, 'OrganisationRecord', {
  description: 'A page of source records, by dataset then ID.',
});

/** By name then ID (places, networks, organisations). */
export const NAME_ID: readonly SortKey[] = [
  { sql: 't.name', type: 'text' },
  { sql: 't.id', type: 'text' },
];
/** A network's members: by role, then organisation (the primary key within the network). */
export const MEMBER_ORDER: readonly SortKey[] = [
  { sql: 't.role', type: 'text' },
  { sql: 't.organisation_id', type: 'text' },
];
/** An organisation's memberships: by network. */
export const MEMBERSHIP_ORDER: readonly SortKey[] = [{ sql: 't.network_id', type: 'text' }];
/** The networks of a family: by position (unpositioned last), name, ID. */
export const FAMILY_ORDER: readonly SortKey[] = [{ sql: 'coalesce(t.position, 2147483647)', type: 'integer' }, ...NAME_ID];
/** An organisation's source records: by dataset, then ID. */
export const RECORD_ORDER: readonly SortKey[] = [
  { sql: 't.dataset', type: 'text' },
  { sql: 't.id', type: 'text' },
];
