import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, createSourceLoader, groupLoader } from '@regiograph/lib';
import { Organisation, OrganisationIdentifier } from './organisation/organisation.entity.js';
import { Network, NetworkMember, NetworkPerson } from './network/network.entity.js';
import { Place } from './place/place.entity.js';

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    source: createSourceLoader(em),
    place: byKeyLoader((ids) => em.find(Place, { id: { $in: [...ids] } }), (p) => p.id),
    placesByParent: groupLoader(
      (ids) => em.find(Place, { parentId: { $in: [...ids] } }, { orderBy: { name: 'asc' } }),
      (p) => p.parentId,
    ),
    organisation: byKeyLoader((ids) => em.find(Organisation, { id: { $in: [...ids] } }), (o) => o.id),
    organisationsByPlace: groupLoader(
      (ids) => em.find(Organisation, { placeId: { $in: [...ids] } }, { orderBy: { name: 'asc' } }),
      (o) => o.placeId,
    ),
    organisationsByParent: groupLoader(
      (ids) => em.find(Organisation, { parentId: { $in: [...ids] } }, { orderBy: { name: 'asc' } }),
      (o) => o.parentId,
    ),
    identifiersByOrganisation: groupLoader(
      (ids) => em.find(OrganisationIdentifier, { organisationId: { $in: [...ids] } }, { orderBy: { scheme: 'asc', value: 'asc' } }),
      (i) => i.organisationId,
    ),
    network: byKeyLoader((ids) => em.find(Network, { id: { $in: [...ids] } }), (n) => n.id),
    networksByFamily: groupLoader(
      (ids) => em.find(Network, { familyId: { $in: [...ids] } }, { orderBy: { position: 'asc', name: 'asc' } }),
      (n) => n.familyId,
    ),
    membersByNetwork: groupLoader(
      (ids) => em.find(NetworkMember, { networkId: { $in: [...ids] } }, { orderBy: { role: 'asc', organisationId: 'asc' } }),
      (m) => m.networkId,
    ),
    membershipsByOrganisation: groupLoader(
      (ids) => em.find(NetworkMember, { organisationId: { $in: [...ids] } }, { orderBy: { networkId: 'asc' } }),
      (m) => m.organisationId,
    ),
    peopleByNetwork: groupLoader(
      (ids) => em.find(NetworkPerson, { networkId: { $in: [...ids] } }, { orderBy: { role: 'asc', name: 'asc' } }),
      (p) => p.networkId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
