/**
 * Identity resolution: which source records (EEA Grants, keep.eu, Kohesio...) describe the same organisation.
 * The resolver is pure: it takes records, seeded organisations (anchors) and the curated file, and returns
 * one assignment per record plus the canonical organisations. Persistence lives in the data module.
 */

/** A code an organisation carries in some scheme: pic, krs, nip, regon, cui, eik, wikidata... */
export interface IdentifierInput {
  scheme: string;
  value: string;
}

/** One organisation as one source describes it (see OrganisationRecordRow). */
export interface RecordInput {
  /** `${scheme}:${key}`, e.g. eea-grants/organisation:507 */
  id: string;
  scheme: string;
  key: string;
  dataset: string;
  name: string;
  nameEn?: string | null;
  nameLatin?: string | null;
  countryCode?: string | null;
  placeId?: string | null;
  /** The place as the source states it (region name, NUTS code, town). */
  placeText?: string | null;
  identifiers: IdentifierInput[];
  sourceIds: string[];
  /** The canonical organisation the record is linked to now, if any: a cluster keeps its ID across runs. */
  organisationId?: string | null;
  /** An OrganisationKind value a field of the source gives (keep.eu's organisation type), or null. */
  kindHint?: string | null;
  /** One line: which source field gave `kindHint` ("keep.eu organisation_type 'SME'"). */
  kindRule?: string | null;
}

/** A seeded organisation (seeds/organisations.yaml): its ID wins as canonical ID of its cluster. */
export interface AnchorInput {
  id: string;
  name: string;
  nameEn?: string | null;
  acronym?: string | null;
  altNames: string[];
  /** An OrganisationKind value. */
  kind: string;
  /** Why it has that kind (default: curated in seeds/organisations.yaml). */
  kindRule?: string | null;
  countryCode?: string | null;
  placeId?: string | null;
  /**
   * Places the organisation lies in besides `placeId` (e.g. its NUTS 2 and NUTS 3 regions). A record with
   * a generic municipal name ("Gmina Opoczno") matches the anchor only when its place is one of these.
   */
  placeIds?: string[];
  identifiers: IdentifierInput[];
}

/** seeds/organisation-matches.yaml: confirmed matches and non-matches; wins over every rule. */
export interface CuratedMatches {
  /** Record IDs or anchor organisation IDs that are one organisation. */
  same: Array<{ records: string[]; note: string }>;
  /** Two record (or anchor) IDs that must never share an organisation. */
  distinct: Array<{ records: [string, string]; note: string }>;
}

export type MatchRule = 'curated' | 'identifier' | 'name' | 'anchor' | 'single';

export interface Assignment {
  recordId: string;
  organisationId: string;
  /** The rule that put the record in its cluster ('single': alone, nothing matched). */
  rule: MatchRule;
  /** 0..1 */
  confidence: number;
  /** One line, e.g. "same PIC 917141015", "curated: seeds/organisation-matches.yaml #3". */
  explanation: string;
}

export interface ResolvedOrganisation {
  id: string;
  name: string;
  nameEn?: string | null;
  /** An OrganisationKind value. */
  kind: string;
  /** One line: the source field or name rule that gave the kind (see kinds.ts for the precedence). */
  kindRule?: string | null;
  countryCode?: string | null;
  placeId?: string | null;
  altNames: string[];
  sourceIds: string[];
  /** Record IDs linked to this organisation (also derivable from assignments). */
  recordIds: string[];
  /** True when the ID is a seeded organisation's (it already exists; only names and sources are added). */
  anchored: boolean;
}

export interface ResolutionResult {
  assignments: Assignment[];
  organisations: ResolvedOrganisation[];
}

export interface ResolutionInput {
  records: RecordInput[];
  anchors?: AnchorInput[];
}
