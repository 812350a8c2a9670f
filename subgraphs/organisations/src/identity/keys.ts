/**
 * Record IDs the connectors give organisation records, in one place so connectors, the curated file
 * (seeds/organisation-matches.yaml) and the benchmark agree. `id` = `${scheme}:${key}`.
 */
import { createHash } from 'node:crypto';

export const EEA_ORGANISATION_SCHEME = 'eea-grants/organisation';
export const KEEP_ORGANISATION_SCHEME = 'keep.eu/organisation';
export const KOHESIO_BENEFICIARY_SCHEME = 'kohesio/beneficiary';

/**
 * Kohesio has no beneficiary ID: the key is `<CC>:<first 12 hex of sha1(region + TAB + name)>`, with the
 * TSV cells trimmed but otherwise verbatim, so each spelling in each region is its own record.
 */
export function kohesioRecordKey(countryCode: string, region: string, name: string): string {
  const hash = createHash('sha1').update(`${region.trim()}\t${name.trim()}`, 'utf8').digest('hex');
  return `${countryCode.toUpperCase()}:${hash.slice(0, 12)}`;
}

export const recordId = (scheme: string, key: string | number): string => `${scheme}:${key}`;
export const eeaOrganisationRecordId = (orgKey: string | number) => recordId(EEA_ORGANISATION_SCHEME, orgKey);
export const keepOrganisationRecordId = (partnerId: string | number) => recordId(KEEP_ORGANISATION_SCHEME, partnerId);
export const kohesioBeneficiaryRecordId = (countryCode: string, region: string, name: string) =>
  recordId(KOHESIO_BENEFICIARY_SCHEME, kohesioRecordKey(countryCode, region, name));
