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

/**
 * 'government': the record's name parses as the government of a place the input knows (its municipal or
 * regional government organisation); 'body': the same kind of public body with the same words once its
 * body and subject words are translated (see conceptKey in @regiograph/lib).
 */
export type MatchRule = 'curated' | 'identifier' | 'anchor' | 'government' | 'name' | 'body' | 'single';

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
  /** What the rules left undecided, one line each (a name that fits several places and no region decides). */
  notes?: string[];
}

/**
 * A place of the organisations schema (TERYT gminas, SIRUTA UATs, NUTS regions, seeded places). Every LAU
 * place gets its municipal government `org:municipality:<CC>:<LAU code>`, regions of the countries with
 * regional self-government get `org:region:<CC>:<NUTS code>`, and records naming them link to them.
 */
export interface PlaceInput {
  /** place:lau:PL:1261011, place:nuts:PL21 */
  id: string;
  /** A PlaceKind value: COUNTRY, NUTS1, NUTS2, NUTS3, MUNICIPALITY, LOCALITY. */
  kind: string;
  countryCode?: string | null;
  name: string;
  nameEn?: string | null;
  altNames: string[];
  parentId?: string | null;
  lauCode?: string | null;
  nutsCode?: string | null;
  /** The place's citations (its register or NUTS file): a government no record names cites them. */
  sourceIds?: string[];
}

export interface ResolutionInput {
  records: RecordInput[];
  anchors?: AnchorInput[];
  places?: PlaceInput[];
}
