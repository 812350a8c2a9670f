import { citedIdentifiers } from '../cited-identifiers.js';
import type { OrganisationRecord } from './organisation-record.entity.js';
import { OrganisationIdentifier } from './organisation.entity.js';

/**
 * The identifiers of an organisation: those the hub curates, each linked record's own key in its source
 * (eea-grants/organisation 507) and the identifiers the records state (pic ...), one entry per
 * (scheme, value) citing every source that gives it.
 */
export function organisationIdentifiers(
  organisationId: string,
  curated: OrganisationIdentifier[],
  records: OrganisationRecord[],
): OrganisationIdentifier[] {
  const ids = citedIdentifiers((scheme, value) => Object.assign(new OrganisationIdentifier(), { scheme, value, organisationId }));
  for (const i of curated) ids.add(i.scheme, i.value, i.sourceIds);
  for (const r of records) {
    ids.add(r.scheme, r.key, r.sourceIds);
    for (const i of r.identifiers ?? []) ids.add(i.scheme, i.value, r.sourceIds);
  }
  return ids.list();
}
