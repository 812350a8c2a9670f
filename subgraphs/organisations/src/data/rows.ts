/**
 * What the organisations subgraph accepts from the ingest command (its data module writes these; nothing
 * else touches its tables). Field names are camelCase; the data module maps them to columns. `sourceIds`
 * holds citations as `<source id>#<record id>` (see recordRef in @regiograph/lib).
 */
import type { SourceRow } from '@regiograph/lib';

export type PlaceKindName = 'COUNTRY' | 'NUTS1' | 'NUTS2' | 'NUTS3' | 'MUNICIPALITY' | 'LOCALITY';

export interface PlaceRow {
  /** place:country:PL, place:nuts:PL81, place:lau:PL:1418043, place:lau:RO:155243 */
  id: string;
  /** Official-language name where the source gives it; set only when the place is created if `nameIsLocal` is false. */
  name: string;
  /** False when `name` is only an English label (ISO country list): it then never overwrites a stored name. */
  nameIsLocal?: boolean;
  nameEn?: string | null;
  kind: PlaceKindName;
  countryCode: string;
  isoAlpha3?: string | null;
  nutsCode?: string | null;
  lauCode?: string | null;
  parentId?: string | null;
  altNames?: string[];
  wikidataId?: string | null;
  lat?: number | null;
  lng?: number | null;
  sourceIds: string[];
}

/** Any code a place carries in some scheme: nuts, nuts-2021, teryt, siruta, iso3166-1-alpha2, iso3166-1-alpha3, iso3166-1-numeric, eu-country, wikidata, eu-kg. */
export interface PlaceIdentifierRow {
  placeId: string;
  scheme: string;
  value: string;
  sourceIds: string[];
}

/** A figure about a place from a source, e.g. keep.eu project count 2014-2020 for a NUTS 3 region. */
export interface PlaceStatisticRow {
  placeId: string;
  /** e.g. keep.eu/projects, keep.eu/partners, keep.eu/total-budget, keep.eu/erdf */
  indicator: string;
  value: number;
  /** count, EUR, MEUR ... */
  unit: string;
  /** e.g. 2014-2020 */
  period: string;
  note?: string | null;
  sourceIds: string[];
}

/**
 * One organisation as ONE source describes it. Records are never merged into each other: identity
 * resolution links each to a canonical organisation and can be undone.
 * `id` = `${scheme}:${key}`, e.g. eea-grants/organisation:507, keep.eu/organisation:27415,
 * kohesio/beneficiary:PL:<slug of name>:<slug of region>.
 */
export interface OrganisationRecordRow {
  id: string;
  /** The identifier scheme of the record's own key: eea-grants/organisation, keep.eu/organisation, kohesio/beneficiary */
  scheme: string;
  key: string;
  /** The dataset: eea-grants, keep-eu, kohesio-beneficiaries */
  dataset: string;
  name: string;
  /** An English translation the source gives (keep.eu name_translated). */
  nameEn?: string | null;
  /** A Latin-script form the source gives (Kohesio transliterated name). */
  nameLatin?: string | null;
  countryCode?: string | null;
  /** Resolved place ID, when the source's place code or name maps to one. */
  placeId?: string | null;
  /** The place as the source states it, verbatim: a NUTS code, a region name, a town. */
  placeText?: string | null;
  /** An OrganisationKind value a field of the source gives (keep.eu organisation type), or null: names are classified later. */
  kindHint?: string | null;
  /** One line: the source field and value that gave `kindHint`. */
  kindRule?: string | null;
  /** Further identifiers the record states, e.g. [{ scheme: 'pic', value: '997786233' }]. */
  identifiers?: Array<{ scheme: string; value: string }>;
  /** Everything else the source says about the organisation (roles, budgets, legal status...). */
  attributes?: Record<string, unknown>;
  sourceIds: string[];
}

export interface OrganisationsRows {
  sources?: SourceRow[];
  places?: PlaceRow[];
  placeIdentifiers?: PlaceIdentifierRow[];
  placeStatistics?: PlaceStatisticRow[];
  organisationRecords?: OrganisationRecordRow[];
}
