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
  const out = new Map<string, OrganisationIdentifier>();
  const add = (scheme: string, value: string, sourceIds: string[]) => {
    const key = `${scheme}|${value}`;
    let entry = out.get(key);
    if (!entry) {
      entry = Object.assign(new OrganisationIdentifier(), { scheme, value, organisationId, sourceIds: [] as string[] });
      out.set(key, entry);
    }
    for (const id of sourceIds) if (!entry.sourceIds.includes(id)) entry.sourceIds.push(id);
  };
  for (const i of curated) add(i.scheme, i.value, i.sourceIds);
  for (const r of records) {
    add(r.scheme, r.key, r.sourceIds);
    for (const i of r.identifiers ?? []) add(i.scheme, i.value, r.sourceIds);
  }
  return [...out.values()].sort((a, b) => (a.scheme === b.scheme ? cmp(a.value, b.value) : cmp(a.scheme, b.scheme)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
