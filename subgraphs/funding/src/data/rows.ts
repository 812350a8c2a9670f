import type { Decimal } from '@regiograph/lib';
/**
 * What the funding subgraph accepts from the ingest command (written by its data module only).
 * Organisations are referenced by source record ID; canonical IDs come from `relinkOrganisations`.
 */
import type { SourceRow } from '@regiograph/lib';

export interface FundRow {
  /** fund:eea-grants:2009-2014, fund:norway-grants:2009-2014, fund:interreg:2014-2020 */
  id: string;
  name: string;
  acronym?: string | null;
  /** GRANT_MECHANISM | EU_STRUCTURAL_FUND | OTHER */
  kind: string;
  donorIds?: string[];
  period?: string | null;
  website?: string | null;
  altNames?: string[];
  sourceIds: string[];
}

export interface ProgrammeRow {
  /** programme:eea-grants:2009-2014:PL03, programme:keep-eu:35 */
  id: string;
  name: string;
  code?: string | null;
  startYear?: number | null;
  endYear?: number | null;
  period?: string | null;
  /** beneficiary state, place:country:XX */
  countryId?: string | null;
  fundIds?: string[];
  sector?: string | null;
  area?: string | null;
  website?: string | null;
  identifiers?: Array<{ scheme: string; value: string }>;
  altNames?: string[];
  sourceIds: string[];
}

/** Money a fund puts into a programme, for the whole beneficiary state or one NUTS region. */
export interface AllocationRow {
  /** allocation:<programme>:<fund>:<place> */
  id: string;
  programmeId: string;
  fundId: string;
  /** place:country:PL or place:nuts:PL711 (older NUTS codes resolved to NUTS 2024); null when unresolved */
  placeId: string | null;
  /** verbatim code the source gives, e.g. PL113 (may be a NUTS version older than 2024) */
  placeCode: string;
  sector?: string | null;
  area?: string | null;
  /** null: the programme's own allocation; PROJECTS or GRANTS: a regional breakdown of it (see Allocation.breakdown) */
  breakdown?: 'PROJECTS' | 'GRANTS' | null;
  /** Exact decimals (lib's Decimal), in currency */
  amount: Decimal;
  netAmount?: Decimal | null;
  bilateralAmount?: Decimal | null;
  projectAmount?: Decimal | null;
  projectCount?: number | null;
  currency: string;
  sourceIds: string[];
}

/** An organisation's role in a programme: PROGRAMME_OPERATOR, DONOR_PROGRAMME_PARTNER, DONOR_PROJECT_PARTNER, PROJECT_PARTNER, PROJECT_PROMOTER. */
export interface ProgrammeParticipantRow {
  /** participant:<programme>:<role>:<record> */
  id: string;
  programmeId: string;
  organisationRecordId: string;
  role: string;
  projectCount?: number | null;
  placeCode?: string | null;
  sourceIds: string[];
}

export interface GrantRow {
  /** grant:keep-eu:17853, grant:eea-grants:PL03-0009 */
  id: string;
  programmeId: string;
  projectId?: string | null;
  organisationRecordId?: string | null;
  amount?: Decimal | null;
  currency?: string | null;
  description?: string | null;
  sourceIds: string[];
}

export interface FundingRows {
  sources?: SourceRow[];
  funds?: FundRow[];
  programmes?: ProgrammeRow[];
  allocations?: AllocationRow[];
  participants?: ProgrammeParticipantRow[];
  grants?: GrantRow[];
}
