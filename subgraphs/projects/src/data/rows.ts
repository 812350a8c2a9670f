import type { Decimal } from '@regiograph/lib';
/**
 * What the projects subgraph accepts from the ingest command (written by its data module only).
 * Organisations are referenced by the source record ID (`organisationRecordId`, e.g. keep.eu/organisation:27415);
 * the canonical organisation ID is filled in by `relinkOrganisations` after identity resolution.
 */
import type { SourceRow } from '@regiograph/lib';

export interface ProjectRow {
  /** project:keep-eu:17853, project:eea-grants:PL03-0009 */
  id: string;
  title: string;
  acronym?: string | null;
  code?: string | null;
  summary?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  /** PLANNED | ONGOING | COMPLETED | UNKNOWN */
  status: string;
  statusAsOf?: string | null;
  /** funding-subgraph programme ID */
  programmeId?: string | null;
  /** Exact decimals (lib's Decimal) */
  totalBudget?: Decimal | number | null;
  euFunding?: Decimal | number | null;
  coFinancingRate?: number | null;
  currency?: string | null;
  /** place:country:XX IDs */
  countryIds?: string[];
  /** Places the project works in (NUTS regions), resolved */
  placeIds?: string[];
  /** [{ scheme: 'keep.eu/project', value: '17853' }, { scheme: 'eea-grants/project', value: 'PL03-0009' }] */
  identifiers: Array<{ scheme: string; value: string }>;
  /** Anything else the source says (is_dpp, has_ended, continued_coop, raw NUTS codes...). */
  attributes?: Record<string, unknown>;
  /**
   * Set when the source lists ALL of the project's partnerships (a keep.eu project record): the IDs it lists,
   * and the ID prefix of that source's partnerships. Stored partnerships with the prefix that are not listed
   * any more are removed, so a partner dropped from the record disappears.
   */
  partnerships?: { idPrefix: string; ids: string[] };
  sourceIds: string[];
}

export interface PartnershipRow {
  /** partnership:keep-eu:80594 */
  id: string;
  projectId: string;
  organisationRecordId?: string | null;
  placeId?: string | null;
  countryId?: string | null;
  /** LEAD_PARTNER | PARTNER | ... */
  role: string;
  /** Exact decimals (lib's Decimal); null when the source does not publish them */
  budget?: Decimal | number | null;
  coFinancing?: Decimal | number | null;
  currency?: string | null;
  town?: string | null;
  postcode?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  legalStatus?: string | null;
  organisationType?: string | null;
  sourceIds: string[];
}

export interface ProjectsRows {
  sources?: SourceRow[];
  projects?: ProjectRow[];
  partnerships?: PartnershipRow[];
}
