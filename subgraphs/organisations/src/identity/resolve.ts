/**
 * Identity resolution: links every source record to one canonical organisation. Pure and deterministic.
 *
 * Rules, strongest first: the curated file (same / distinct), a shared identifier (PIC, registry number,
 * Wikidata QID), the names of seeded organisations, the government of a place (a name that parses as the
 * municipal or regional government of a place the input knows links to that government, see
 * government.ts), the normalised name within a country (and within a region when the name is one that
 * repeats across regions, like "Gmina Rzgów" or a school), the same government named in another language
 * where no place is known ("City of Zvolen" = "Mesto Zvolen"), and the same public body once its body
 * words are translated ("Ministry of Health" = "Ministerstvo zdravotnictví"). Legal forms separate
 * companies: a name rule never joins two clusters whose records state different legal forms (ООД, ЕООД).
 * Records are blocked by (country, name key[, region]), so the work grows with the number of records,
 * not with its square. Edges are applied strongest first through a union-find that refuses any merge
 * that would put a curated non-match, two different PICs (or registry numbers) or two seeded
 * organisations into one cluster.
 */
import {
  compatibleLegalForms,
  conceptKey,
  type GovernmentName,
  nameSegments,
  bodyOf,
  governmentOf,
  representedBody,
  legalFormOf,
  nameKey,
  searchKey,
  slug,
  transliterate,
  trimmedConceptKeys,
  acronymOf,
  actingBody,
  asNational,
  initialsOf,
  bodyNames,
  isLoneUnitKey,
  closedInitials,
  ministryOfUnit,
  withoutAcronyms,
  withoutLegalForms,
  withoutActivity,
  statesActivity,
  withoutNgoSeat,
  withoutSeat,
  withoutSuffixes,
} from '@regiograph/lib';
import { OrganisationKind } from '../enums.js';
import { type Government, GovernmentIndex } from './government.js';
import { organisationKind } from './kinds.js';
import type {
  AnchorInput,
  Assignment,
  CuratedMatches,
  MatchRule,
  RecordInput,
  ResolutionInput,
  ResolutionResult,
  ResolvedOrganisation,
} from './types.js';

export const CURATED_FILE = 'seeds/organisation-matches.yaml';

/** Identifier schemes an organisation has at most one value of: two values mean two organisations. */
const UNIQUE_SCHEMES = new Set([
  'pic',
  'wikidata',
  'krs',
  'regon',
  'nip',
  'cui',
  'ro-cui',
  'cif',
  'eik',
  'bg-eik',
  'bulstat',
  'ico',
  'oib',
  'vat',
  'teryt',
  'siruta',
]);

/** Dataset priority for the canonical ID and the display name. */
const DATASET_RANK: Record<string, number> = { 'eea-grants': 0, 'keep-eu': 1, 'keep.eu': 1, 'kohesio-beneficiaries': 2, kohesio: 2 };
const datasetRank = (dataset: string) => DATASET_RANK[dataset] ?? 3;

/** Words of municipal bodies whose names repeat across regions in these countries (Gmina Rzgów: two gminas). */
const REGION_BOUND_MUNICIPAL: Record<string, string[]> = {
  PL: ['gmina', 'miasto', 'powiat'],
  CZ: ['obec', 'mesto', 'mestys'],
  SK: ['obec', 'mesto'],
  RO: ['comuna', 'commune'],
  HU: ['kozseg', 'nagykozseg', 'onkormanyzata', 'onkormanyzat', 'varos'],
};
/** Schools, kindergartens and community centres: many share a patron's name ("СУ Св. св. Кирил и Методий"). */
const PLACE_BOUND_WORDS = new Set([
  'school',
  'skola',
  'szkola',
  'sola',
  'scoala',
  'iskola',
  'mokykla',
  'kool',
  'uchilishte',
  'gimnaziya',
  'gimnazija',
  'gimnazjum',
  'gymnazium',
  'gymnasium',
  'gimnaziul',
  'liceum',
  'liceul',
  'lyceum',
  'przedszkole',
  'ovoda',
  'vrtic',
  'gradina',
  'kindergarten',
  'chitalishte',
  'materska',
  'zakladni',
  'zakladna',
  'osnovna',
  'dom',
  'kultury',
  // Parishes share their patron's name the way schools do.
  'parafia',
  'parafii',
  'rzymskokatolicka',
  'farnost',
  'parohia',
  'plebania',
  'parapija',
  'zupa',
]);
/** Place-bound words of a town's community centre ("Dom kultury", "Miejski Ośrodek Kultury"). */
const CULTURE_WORDS = new Set(['dom', 'kultury']);
/**
 * Words of national bodies (cs/sk ministerstvo, pl ministerstwo, national institutes and centres): a name with one
 * of them is the country's body, not a town's community centre, even with "kultury" in it.
 */
const NATIONAL_BODY_WORDS = new Set([
  'ministerstvo',
  'ministerstwo',
  'ministerstva',
  'ministerstwa',
  'ministry',
  'narodowe',
  'narodowy',
  'narodowego',
  'narodni',
  'narodny',
  'narodne',
  'narodnej',
  'narodniho',
  'national',
  'panstwowy',
  'panstwowe',
  'statni',
  'statny',
]);
/** The words that make a school a higher-education one (cs/sk vysoká, bg висше, pl wyższa, hr/sl visoka, lt aukštoji). */
const HIGHER_SCHOOL = new Set([
  'vysoka',
  'visshe',
  'vissh',
  'wyzsza',
  'wyzszej',
  'visoka',
  'aukstoji',
  'superioara',
  // A postgraduate school (sl podiplomska šola) is a higher-education one too.
  'postgraduate',
  'podiplomska',
]);
/**
 * Local services every town has one of under the same generic name: water and sewage, district heating,
 * municipal services, housing co-operatives, fire brigades, hospitals, libraries, social care. A name made
 * of nothing but such words (and filler) repeats across regions ("PRZEDSIĘBIORSTWO ENERGETYKI CIEPLNEJ
 * SP. Z O.O." in five voivodeships is five companies); one with a proper name in it ("Spitalul ... Pius
 * Brînzeu Timișoara") does not.
 */
const LOCAL_SERVICE_WORDS = new Set([
  'wodociagow',
  'wodociagi',
  'kanalizacji',
  'cieplnej',
  'cieplownictwa',
  'komunalnej',
  'komunalnego',
  'komunalne',
  'komunalnych',
  'mieszkaniowa',
  'mieszkaniowej',
  'ochotnicza',
  'pozarna',
  'szpital',
  'oczyszczania',
  'komunikacji',
  'pomocy',
  'spolecznej',
  'biblioteka',
  'pwik',
  'mpwik',
  'pgk',
  'zgk',
  'pec',
  'mpec',
  'mzk',
  'mpk',
  'spzoz',
  'gops',
  'mops',
  'gok',
  'mok',
  'vodovody',
  'kanalizace',
  'kanalizacie',
  'technicke',
  'sluzby',
  'nemocnice',
  'nemocnica',
  'knihovna',
  'kniznica',
  'spitalul',
  'biblioteca',
  'korhaz',
  'vizmu',
  'vik',
  'vodosnabdyavane',
  'kanalizatsiya',
  'kanalizatsia',
  'vodokanal',
  'bolnitsa',
  'mbal',
  'ligonine',
  'vodovod',
  'komunalno',
  'bolnica',
  'knjiznica',
]);
/** Words that add nothing to a generic service name (kinds of company, "municipal", legal forms, prepositions). */
const FILLER_WORDS = new Set([
  'przedsiebiorstwo',
  'przedsiebiorstwa',
  'energetyki',
  'gospodarki',
  'gospodarka',
  'zaklad',
  'zakladu',
  'zaklady',
  'spolka',
  'spoldzielnia',
  'uslug',
  'uslugowe',
  'miejskie',
  'miejski',
  'miejska',
  'miejskiego',
  'gminne',
  'gminny',
  'gminna',
  'gminnego',
  'powiatowy',
  'powiatowe',
  'wojewodzki',
  'samodzielny',
  'publiczny',
  'opieki',
  'zdrowotnej',
  'osrodek',
  'centrum',
  'ograniczona',
  'ograniczonej',
  'odpowiedzialnoscia',
  'akcyjna',
  'straz',
  'i',
  'w',
  'we',
  'z',
  'na',
  'do',
  'sp',
  'o',
  'oo',
  'sa',
  'ltd',
  'srl',
  'ood',
  'eood',
  'ead',
  'ad',
  'a',
  's',
  'as',
  'sro',
  'doo',
  'kft',
  'zrt',
  'nonprofit',
  'mestske',
  'mestska',
  'obecni',
  'obecne',
  'municipal',
  'municipala',
  'judetean',
  'orasenesc',
  'de',
  'si',
  'apa',
  'canal',
  'obshtinska',
  'obshtinsko',
  'varosi',
  'kozuzemi',
  'es',
  'zrt',
  'bt',
]);
/** Bulgarian school and community-centre abbreviations, as the first word. */
const BG_PLACE_BOUND_PREFIX = new Set(['su', 'ou', 'sou', 'nu', 'obu', 'pg', 'pmg', 'ppmg', 'spg', 'dg', 'cdg', 'chdg', 'nch', 'ptg']);
/** Names that say nothing about which organisation it is. */
const PLACEHOLDERS = new Set(['xxx', 'private', 'ei kuvata', 'n a', 'na', 'unknown', 'none', 'anonymous', 'confidential', 'x']);
const GENERIC_WORDS = new Set([
  ...PLACE_BOUND_WORDS,
  'a',
  'i',
  'centrum',
  'center',
  'centre',
  'reedukacne',
  'spojena',
  'specialna',
  'stredni',
  'stredna',
  'skolou',
  'materskou',
  's',
  'obec',
  'mesto',
  'gmina',
  'miasto',
  'obshtina',
  'comuna',
  'municipiul',
  'municipality',
]);

interface NodeInfo {
  id: string;
  record?: RecordInput;
  anchor?: AnchorInput;
  /** A place's government (its own node, or attached to the seeded organisation of the same ID). */
  government?: Government;
  country: string;
}

interface Edge {
  a: number;
  b: number;
  rule: Exclude<MatchRule, 'single'>;
  confidence: number;
  explanation: string;
}

const RULE_RANK: Record<MatchRule, number> = { curated: 0, identifier: 1, anchor: 2, government: 3, name: 4, body: 5, single: 6 };
/** Rules that only names support: they never join clusters whose records state different legal forms. */
const SOFT_RULES = new Set<MatchRule>(['anchor', 'government', 'name', 'body']);

/** Union-find whose clusters refuse merges that break a cannot-link constraint. */
class Clusters {
  private parent: number[];
  private members: number[][];
  private forbidden: Array<Set<number>>;
  private unique: Array<Map<string, string>>;
  private forms: Array<Set<string>>;

  constructor(n: number, forbidden: Array<Set<number>>, unique: Array<Map<string, string>>, forms: Array<Set<string>>) {
    this.parent = Array.from({ length: n }, (_, i) => i);
    this.members = Array.from({ length: n }, (_, i) => [i]);
    this.forbidden = forbidden;
    this.unique = unique;
    this.forms = forms;
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    while (this.parent[i] !== r) {
      const next = this.parent[i] as number;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }

  /** Why a and b may not be merged, or null. A soft (name-based) merge also needs compatible legal forms. */
  conflict(a: number, b: number, soft = false): string | null {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return null;
    if (soft) {
      const fa = this.forms[ra] as Set<string>;
      const fb = this.forms[rb] as Set<string>;
      if (fa.size > 0 && fb.size > 0 && ![...fa].some((f) => [...fb].some((g) => compatibleLegalForms(f, g))))
        return `different legal forms (${[...fa].join('/')}, ${[...fb].join('/')})`;
    }
    const [small, large] = (this.members[ra] as number[]).length <= (this.members[rb] as number[]).length ? [ra, rb] : [rb, ra];
    const largeForbidden = this.forbidden[large] as Set<number>;
    for (const m of this.members[small] as number[]) if (largeForbidden.has(m)) return 'curated non-match';
    const ua = this.unique[ra] as Map<string, string>;
    for (const [scheme, value] of this.unique[rb] as Map<string, string>) {
      const other = ua.get(scheme);
      if (other !== undefined && other !== value) return `different ${scheme} (${other}, ${value})`;
    }
    return null;
  }

  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const [small, large] = (this.members[ra] as number[]).length <= (this.members[rb] as number[]).length ? [ra, rb] : [rb, ra];
    this.parent[small] = large;
    for (const m of this.members[small] as number[]) (this.members[large] as number[]).push(m);
    this.members[small] = [];
    for (const f of this.forbidden[small] as Set<number>) (this.forbidden[large] as Set<number>).add(f);
    for (const [k, v] of this.unique[small] as Map<string, string>) (this.unique[large] as Map<string, string>).set(k, v);
    for (const f of this.forms[small] as Set<string>) (this.forms[large] as Set<string>).add(f);
    return true;
  }
}

/** Folded words of a name before legal forms are dropped (schools are spotted by their abbreviations). */
const rawTokens = (name: string) => {
  let tokens = tokenCache.get(name);
  if (!tokens) {
    tokens = searchKey(transliterate(name)).split(' ').filter(Boolean);
    tokenCache.set(name, tokens);
  }
  return tokens;
};
/** Folding is the costly step; names repeat (cluster names, keys, kinds), so one run folds each once. */
const tokenCache = new Map<string, string[]>();
/** Each name is parsed once per run (the government rule and the name keys both ask). */
const governmentCache = new Map<string, GovernmentName | null>();
function governmentOfCached(name: string, country: string): GovernmentName | null {
  const k = `${country}\u0000${name}`;
  let g = governmentCache.get(k);
  if (g === undefined) {
    g = governmentOf(name, country);
    governmentCache.set(k, g);
  }
  return g;
}

/** The legal form a record's name (or its Latin form) states; each (country, names) is parsed once per run. */
const formCache = new Map<string, string | null>();
function recordForm(r: Pick<RecordInput, 'name' | 'nameLatin'>, country: string): string | null {
  const k = `${country}\u0000${r.name}\u0000${r.nameLatin ?? ''}`;
  let form = formCache.get(k);
  if (form === undefined) {
    form = legalFormOf(r.name, country) ?? legalFormOf(r.nameLatin, country);
    formCache.set(k, form);
  }
  return form;
}

/** The region a record must share with another for a place-bound name to match ('' when it has none). */
const regionOf = (r: RecordInput) => r.placeId ?? r.placeText?.trim() ?? '';

/** True when the name repeats across regions, so a match needs the same region too. */
export function isPlaceBound(name: string, countryCode: string): boolean {
  const tokens = rawTokens(name);
  // "Vysoká škola", "висше училище", "szkoła wyższa": a higher school is a university, not a town's school.
  const higher = (i: number) => HIGHER_SCHOOL.has(tokens[i - 1] ?? '') || HIGHER_SCHOOL.has(tokens[i + 1] ?? '');
  // "Dom kultury" is a town's community centre, "Ministerstvo kultury" the country's ministry of culture: a
  // culture word binds a name to its place only when no national body word (a ministry, a national institute)
  // names what it is.
  const national = tokens.some((t) => NATIONAL_BODY_WORDS.has(t));
  if (tokens.some((t, i) => PLACE_BOUND_WORDS.has(t) && !higher(i) && !(national && CULTURE_WORDS.has(t)))) return true;
  if (tokens.some((t) => LOCAL_SERVICE_WORDS.has(t)) && tokens.every((t) => LOCAL_SERVICE_WORDS.has(t) || FILLER_WORDS.has(t))) return true;
  if (countryCode === 'BG' && BG_PLACE_BOUND_PREFIX.has(tokens[0] ?? '')) return true;
  const municipal = REGION_BOUND_MUNICIPAL[countryCode];
  return !!municipal && tokens.some((t) => municipal.includes(t));
}

/**
 * A concept key with at least four letters of its own beside its concepts ("#centre hl" is too little), or of
 * concepts only, at least two ("#police #state": the State Police).
 */
function informativeConcept(key: string): boolean {
  const parts = key.split(' ');
  const own = parts.filter((w) => !w.startsWith('#'));
  return own.length === 0 ? parts.length >= 2 : own.join('').length >= 4;
}

/** True when a name key cannot tell one organisation from another. */
export function isUninformative(key: string): boolean {
  if (key.length < 2 || PLACEHOLDERS.has(key)) return true;
  return key.split(' ').every((t) => GENERIC_WORDS.has(t) || /^\d+$/.test(t));
}

interface NameKeyOf {
  key: string;
  /** The name the key was made from, for the explanation. */
  label: string;
  placeBound: boolean;
  /** name: normalised name; government: the same government, no place known; body: translated body words. */
  kind: 'name' | 'government' | 'body';
  /** What the key says, for the explanation. */
  shows: string;
  /**
   * The main name of one with tails ("Masaryk University, Brno"): it only joins records whose whole name gives
   * the key, and only when no other tail meets there ("Медицински университет - Плевен" / "- Пловдив").
   */
  probe?: string;
}

/** Countries where a municipality's name repeats across regions: a government matched by name needs the region too. */
const GOVERNMENT_REGION_BOUND = new Set(['PL', 'RO', 'CZ', 'SK', 'HU']);

/** The types of municipality a country keeps apart when its names give them (Viljandi vald and Viljandi linn). */
function typeClass(country: string, type: string): string {
  switch (country) {
    case 'LT':
      return type === 'city' || type === 'town' ? 'city' : type === 'district' ? 'district' : 'plain';
    case 'LV':
      return type === 'city' || type === 'town' ? 'city' : 'novads';
    case 'EE':
      return type === 'urban' || type === 'town' || type === 'city' ? 'urban' : 'rural';
    case 'PL':
      return type === 'urban' || type === 'town' || type === 'city' ? 'urban' : type === '' || type === 'any' ? 'any' : 'gmina';
    case 'RO':
      return type === 'commune' || type === 'rural' ? 'commune' : type === '' || type === 'any' ? 'any' : 'urban';
    default:
      return '';
  }
}

/** The informative name keys of some labels (a record's names, or a seeded organisation's names and acronym). */
function keysOf(labels: Array<string | null | undefined>, country: string): NameKeyOf[] {
  const out: NameKeyOf[] = [];
  for (const label of labels) {
    if (!label) continue;
    for (const k of labelKeys(label, country)) if (!out.some((o) => o.key === k.key)) out.push(k);
    // A compound written with and without its hyphen ("Nord-Trøndelag" / "Nordtrøndelag") is one word: the
    // name with its hyphens closed gives keys too (the label shown stays the name as written).
    const closed = label.replace(/(\p{L})-(\p{L})/gu, '$1$2');
    if (closed !== label) for (const k of labelKeys(closed, country)) if (!out.some((o) => o.key === k.key)) out.push({ ...k, label });
    // Initials with and without dots ("RERA S.D." / "RERA SD"), and a body "represented by" another ("Dolj County
    // represented by DOLJ COUNTY COUNCIL") read as the body represented.
    // A placeholder run of x's glued before the name ("xxxxxxxCzech University ...") is no part of it.
    const unmasked = label.replace(/^x{3,}(?=\p{Lu})/u, '');
    for (const other of [closedInitials(label), representedBody(label), unmasked !== label ? unmasked : null])
      if (other) for (const k of labelKeys(other, country)) if (!out.some((o) => o.key === k.key)) out.push({ ...k, label });
  }
  return out;
}

/** English names of Bulgaria and its capital against the official transliteration (Закон за транслитерацията). */
const BG_SOUND_EXONYMS = new Map([
  ['balgaria', 'bulgaria'],
  ['balgariya', 'bulgaria'],
  ['sofiya', 'sofia'],
]);

/**
 * A sound key of a Bulgarian name written in Latin letters, so English spellings and the official
 * transliteration of the Cyrillic (Закон за транслитерацията: к is k, ъ is a, я is ya) meet: c before a, o, u
 * or a consonant is k, ph f, w v, x ks, q k, y i, doubled letters single. Null for a key of fewer than two
 * words or six letters.
 */
function bulgarianSoundKey(name: string | null, country: string): string | null {
  if (!name) return null;
  const key = nameKey(name, country);
  if (!key || isUninformative(key)) return null;
  const sounds = key.split(' ').map((w) => {
    const x = BG_SOUND_EXONYMS.get(w) ?? w;
    return x
      .replace(/ph/g, 'f')
      .replace(/c(?![eiy])/g, 'k')
      .replace(/w/g, 'v')
      .replace(/x/g, 'ks')
      .replace(/q/g, 'k')
      .replace(/y/g, 'i')
      .replace(/(.)\1/g, '$1');
  });
  if (sounds.length < 2 || sounds.join('').length < 6) return null;
  return [...sounds].sort().join(' ');
}

/**
 * The name key of a place-bound name whose last part, after a comma, is its seat: one or two plain words (no
 * body, government or legal form, no digits) after a main name that is informative alone ("Osnovna škola,
 * Split" is not: every town has one). Null otherwise.
 */
function seatedKey(label: string, country: string): string | null {
  const comma = label.lastIndexOf(',');
  if (comma < 0) return null;
  const main = label.slice(0, comma);
  const seat = label.slice(comma + 1);
  if (nameSegments(seat).length !== 1) return null;
  const seatWords = rawTokens(seat);
  if (seatWords.length === 0 || seatWords.length > 2 || seatWords.some((t) => /\d/.test(t) || t.length < 3)) return null;
  if (bodyOf(seat, country) || legalFormOf(seat, country)) return null;
  const mainKey = nameKey(main, country);
  if (
    !mainKey ||
    isUninformative(mainKey) ||
    mainKey
      .split(' ')
      .filter((t) => !GENERIC_WORDS.has(t))
      .join('').length < 6
  )
    return null;
  return nameKey(label, country);
}

/**
 * True for a body key of translated words only that names a regional body ("#environment #inspectorate #regional");
 * not a ministry or a national body, whose "regional" is a portfolio ("#ministry #publicworks #regional").
 */
function isRegionalOnly(key: string): boolean {
  const tokens = key.slice(key.indexOf('\u0000') + 1).split(' ');
  if (tokens.includes('#ministry') || tokens.includes('#national')) return false;
  return tokens.includes('#regional') && tokens.every((t) => t.startsWith('#'));
}

/** One name's keys; Kohesio repeats a name under every region, so each (name, country) is keyed once per run. */
const labelKeyCache = new Map<string, NameKeyOf[]>();
function labelKeys(label: string, country: string): NameKeyOf[] {
  const ck = `${country}\u0000${label}`;
  const cached = labelKeyCache.get(ck);
  if (cached) return cached;
  const out: NameKeyOf[] = [];
  const push = (k: NameKeyOf) => {
    // A regional body named without its place ("РЕГИОНАЛНА ИНСПЕКЦИЯ ПО ОКОЛНАТА СРЕДА И ВОДИТЕ": one of sixteen) is
    // bound to the record's region, as a generic name is: two regions' inspectorates are two bodies.
    const regionalOnly = k.kind === 'body' && isRegionalOnly(k.key);
    // Its town is its identity: a regional body's name is never trimmed, nor cut at a comma or dash, to meet one
    // without a place ("... - ВАРНА", a town in capitals that reads like an acronym, is not the unplaced one).
    if (regionalOnly && k.probe !== undefined) return;
    const regional = regionalOnly && !k.placeBound;
    const key = regional
      ? { ...k, placeBound: true, shows: `${k.shows} (a regional body without its place: bound to the record's region)` }
      : k;
    if (!out.some((o) => o.key === key.key)) out.push(key);
  };
  {
    const placeBound = isPlaceBound(label, country);
    // "Norwegian Mediation Service" is also read as "National Mediation Service" (asNational).
    const national = asNational(label, country);
    for (const variant of [
      label,
      withoutSuffixes(label, country),
      withoutSeat(label, country),
      // "Živica, n.o., Bratislava": without its seat and then its legal form.
      withoutLegalForms(withoutSeat(label, country), country),
      withoutLegalForms(label, country),
      national,
      national && withoutLegalForms(national, country),
    ]) {
      if (!variant) continue;
      const key = nameKey(variant, country);
      // A variant without its seat may be a generic service name ("Водоснабдяване и канализация" ООД, Силистра):
      // then it is bound to the region as the generic name is.
      const bound = placeBound || (variant !== label && isPlaceBound(variant, country));
      if (key && !isUninformative(key)) push({ key, label, placeBound: bound, kind: 'name', shows: key });
    }
    // A Croatian or Slovenian company named with its activity after the legal form ("KOŠĆAL, d.o.o. za proizvodnju
    // drvene ambalaže ..." / "Košćal d.o.o."): the name without it, bound to the record's region, as a company's
    // rows with and without the activity share one; a generic name ("KOMUNALIJE d.o.o. za ...", "VODNE USLUGE")
    // in two regions is two companies.
    // The company's name without an activity gives the same region-bound key.
    const inactive = statesActivity(country) && legalFormOf(label, country) ? (withoutActivity(label, country) ?? label) : null;
    const inactiveKey = inactive ? nameKey(inactive, country) : null;
    if (inactiveKey && !isUninformative(inactiveKey))
      push({ key: `activity\u0000${inactiveKey}`, label, placeBound: true, kind: 'name', shows: `${inactiveKey} (its activity left out)` });
    // A Bulgarian company in English spelling and in the transliteration of its Cyrillic name ("Interconsult
    // Bulgaria Ltd" / "Интерконсулт България ООД"): the spellings' sound key meets; the legal forms still decide.
    const sound = country === 'BG' && legalFormOf(label, country) ? bulgarianSoundKey(withoutLegalForms(label, country), country) : null;
    if (sound) push({ key: `sound\u0000${sound}`, label, placeBound, kind: 'name', shows: `${sound} (as it sounds)` });
    // A place-bound name that states its seat after a comma ("Turističko-ugostiteljska škola, Split"): the seat
    // binds it, not the region a record is filed under (Kohesio lists a school under another county's row too).
    const seated = placeBound ? seatedKey(label, country) : null;
    if (seated) push({ key: `seat\u0000${seated}`, label, placeBound: false, kind: 'name', shows: `${seated} (its seat named)` });
    // An acronym ("DNV GL AS") and the one name of its region whose initials it spells ("Det Norske Veritas
    // Germanische Lloyd"): the acronym keys the bucket, the full name only probes it (so two full names with one
    // set of initials join nothing), both bound to the record's region.
    const acronym = placeBound ? null : acronymOf(label, country);
    if (acronym) push({ key: `acronym\u0000${acronym}`, label, placeBound: true, kind: 'body', shows: `acronym ${acronym.toUpperCase()}` });
    const initials = placeBound || acronym ? null : initialsOf(label, country);
    if (initials)
      push({
        key: `acronym\u0000${initials}`,
        label,
        placeBound: true,
        kind: 'body',
        shows: `acronym ${initials.toUpperCase()} of its words`,
        probe: `initials:${nameKey(label, country)}`,
      });
    const gov = governmentOfCached(label, country);
    // A city's district government ("Mestská časť Bratislava-Staré Mesto" / "City District Bratislava - Staré
    // Mesto") is keyed as a government of its own level, never meeting the city's.
    if (gov && (gov.level === 'local' || gov.level === 'region' || gov.level === 'district') && gov.placeKey) {
      const what = `${gov.level === 'local' ? 'municipal' : gov.level === 'district' ? 'city-district' : 'regional'} government of ${gov.place}`;
      const type = gov.level === 'local' ? typeClass(country, gov.type) : '';
      push({
        key: `gov\u0000${gov.level}\u0000${type}\u0000${gov.placeKey}`,
        label,
        placeBound: GOVERNMENT_REGION_BOUND.has(country),
        kind: 'government',
        shows: type ? `${what} (${type})` : what,
      });
      // Romanian English names say "Municipality of X" / "X City Hall" for a municipiu or oraș (a commune is
      // "Commune X"): a form that gives no type probes the urban government of its place, joining it only when
      // the bucket's records all read so ("Primăria Municipiului Iași" / "Municipality of Iasi").
      if (country === 'RO' && type === 'any')
        push({
          key: `gov\u0000${gov.level}\u0000urban\u0000${gov.placeKey}`,
          label,
          placeBound: GOVERNMENT_REGION_BOUND.has(country),
          kind: 'government',
          shows: `${what} (urban: a Romanian English form names a municipiu or oraș, a commune is named "Commune")`,
          probe: UNTYPED_FORM,
        });
    } else if (!isUninformative(nameKey(label, country))) {
      // A name of generic words only ("Spojená škola") gets no body key: its words' stems would look informative.
      const concept = conceptKey(label, country);
      if (concept && !isUninformative(concept.replace(/#/g, '')))
        push({ key: `body\u0000${concept}`, label, placeBound, kind: 'body', shows: conceptShows(concept) });
      // The Baltic "dienests", "tarnyba" name a national agency, which English calls a "Service" as often ("State
      // Forest Service" / "Valsts meža dienests"): a service probes the agency of its words, joining it only when
      // no other name meets there.
      const asAgency = concept ? serviceAsAgency(concept) : null;
      if (asAgency && !isUninformative(asAgency.replace(/#/g, '')))
        push({ key: `body\u0000${asAgency}`, label, placeBound, kind: 'body', shows: asAgency, probe: SERVICE_AS_AGENCY });
      // Cognates across languages ("Masaryk University" / "Masarykova univerzita"): the words' loose forms;
      // and both for the main name alone when its tails name no body ("Masaryk University, Brno").
      // The main name alone only when every tail is an acronym ("Norwegian Environment Agency (NEA)", "... -
      // UIK"): a town or a unit after a body's name as often names another body ("Chamber of Commerce and
      // Industry – Dobrich" is not the national chamber).
      const tailList = nameSegments(label).slice(1);
      const acronyms =
        tailList.length > 0 && tailList.every((t) => /^\p{Lu}[\p{L}]{1,7}$/u.test(t) && (t.match(/\p{Lu}/gu) ?? []).length >= 2);
      const tails = tailList.join(' / ');
      for (const [prefix, loose, main] of [
        ['loose', true, false],
        ['body', false, true],
        ['loose', true, true],
      ] as const) {
        const k = main && !acronyms ? null : conceptKey(label, country, loose, main);
        if (k && !isUninformative(k.replace(/#/g, '')))
          push({
            key: `${prefix}\u0000${k}`,
            label,
            placeBound,
            kind: 'body',
            shows: conceptShows(k),
            ...(main ? { probe: `${ACRONYM_TAIL}${searchKey(tails)}` } : {}),
          });
      }
      // A body acting through a unit of its own ("... УНИВЕРСИТЕТ ... чрез Факултет ...") is that body.
      // So is a ministry's directorate named before the ministry ("Главна дирекция ... в Министерство на ...").
      // A body under the legal form it is run as ("Sihtasutus Pärnu Haigla": the foundation that runs Pärnu
      // hospital) is the body the rest names ("Pärnu Hospital"); the legal form still separates companies later.
      const unformed = withoutLegalForms(label, country);
      const uk = unformed ? conceptKey(unformed, country) : null;
      if (uk && !isUninformative(uk.replace(/#/g, '')))
        push({ key: `body\u0000${uk}`, label, placeBound, kind: 'body', shows: conceptShows(uk) });
      const acting = actingBody(label) ?? ministryOfUnit(label, country);
      const ak = acting ? conceptKey(acting, country) : null;
      if (ak && !isUninformative(ak.replace(/#/g, '')))
        push({ key: `body\u0000${ak}`, label, placeBound, kind: 'body', shows: conceptShows(ak) });
      // The body a name gives once its units, parent ministry, abbreviations and aliases are told apart (see
      // bodyNames): "ANAF/Cabinet Secretar General" is ANAF, "UiT - The Arctic University of Norway" the
      // Arctic University, "Vysoká škola báňská - Technická univerzita Ostrava" both names of one university.
      // With a tail left (a town, a description) it only joins records whose whole name gives the key; so does
      // an alias after the first name ("Polish Geological Institute - National Research Institute": a status
      // many institutes share). Not for place-bound names: a school's parts are as often generic ("Vyšší odborná
      // škola, střední škola, ...").
      const named = placeBound ? null : bodyNames(label, country);
      if (named)
        named.names.forEach((n, at) => {
          const probe = [named.tail, at > 0 ? searchKey(named.names[0] as string) : ''].filter(Boolean).join(' / ');
          for (const [prefix, loose] of [
            ['body', false],
            ['loose', true],
          ] as const) {
            const k = conceptKey(n, country, loose);
            if (!k || isUninformative(k.replace(/#/g, '')) || !informativeConcept(k)) continue;
            push({
              key: `${prefix}\u0000${k}`,
              label,
              placeBound,
              kind: 'body',
              // "X prie/under/към the Ministry of Y": X, a body of its own under the ministry.
              shows: named.under ? `${conceptShows(k)} (the body named before the ministry it is under)` : conceptShows(k),
              ...(probe ? { probe: `part:${probe}` } : {}),
            });
          }
        });
      // An association or foundation with its town after a comma, a dash or in brackets on one side only
      // ("Udruga Sunce, Split" / "Association Sunce"): the name without it probes the records whose whole name
      // gives that key, only when no other town meets there (two towns may be two branches).
      const ngo = withoutNgoSeat(label, country);
      if (ngo)
        for (const [prefix, loose] of [
          ['body', false],
          ['loose', true],
        ] as const) {
          const k = conceptKey(ngo.name, country, loose);
          if (k && !isUninformative(k.replace(/#/g, '')))
            push({ key: `${prefix}\u0000${k}`, label, placeBound, kind: 'body', shows: k, probe: `town:${ngo.seat}` });
        }
      // The name without the acronym of its own words ("... development – Vidin (RPSD - Vidin)") is the same name.
      const bare = withoutAcronyms(label, country);
      for (const [prefix, loose] of [
        ['body', false],
        ['loose', true],
      ] as const) {
        const k = bare ? conceptKey(bare, country, loose) : null;
        if (k && !isUninformative(k.replace(/#/g, '')))
          push({ key: `${prefix}\u0000${k}`, label, placeBound, kind: 'body', shows: conceptShows(k) });
        // A town after the name on one side only ("Udruga ... „Jaglac“ Orahovica"): the name without its last words
        // probes the records whose whole name gives that key, only when no other dropped tail meets there.
        // A place-bound name (a school) too: its key is bound to the record's region already ("Gimnazija Petra
        // Preradovića, Virovitica" / "Gimnazija Petra Preradovića" in one county).
        for (const t of trimmedConceptKeys(label, country, loose))
          if (!isUninformative(t.key.replace(/#/g, '')))
            push({ key: `${prefix}\u0000${t.key}`, label, placeBound, kind: 'body', shows: t.key, probe: `town:${t.tail}` });
      }
    }
  }
  labelKeyCache.set(ck, out);
  return out;
}
const recordKeys = (r: RecordInput, country: string) => keysOf([r.name, r.nameLatin, r.nameEn], country);
const anchorKeys = (a: AnchorInput, country: string) => keysOf([a.name, a.nameEn, ...a.altNames, a.acronym], country);

const normScheme = (s: string) => s.trim().toLowerCase();
const normValue = (v: string) => v.trim().replace(/\s+/g, '').toUpperCase();
const usableIdentifier = (v: string) => v.trim() !== '' && !/^0+$/.test(v.trim());

/** Empties the caches resolveIdentities fills while it runs (it does when it returns). */
function clearNameKeys(): void {
  formCache.clear();
  tokenCache.clear();
  governmentCache.clear();
  labelKeyCache.clear();
}

export function resolveIdentities(input: ResolutionInput, curated: CuratedMatches = { same: [], distinct: [] }): ResolutionResult {
  try {
    return resolve(input, curated);
  } finally {
    clearNameKeys();
  }
}

function resolve(input: ResolutionInput, curated: CuratedMatches): ResolutionResult {
  const records = [...input.records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const anchors = [...(input.anchors ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const governments = new GovernmentIndex(input.places ?? []);
  const anchorIds = new Set(anchors.map((a) => a.id));
  const governmentById = new Map(governments.governments.map((g) => [g.id, g]));
  const nodes: NodeInfo[] = [
    ...anchors.map((anchor) => ({
      id: anchor.id,
      anchor,
      government: governmentById.get(anchor.id),
      country: (anchor.countryCode ?? '').toUpperCase(),
    })),
    ...governments.governments
      .filter((g) => !anchorIds.has(g.id))
      .map((government) => ({ id: government.id, government, country: government.countryCode })),
    ...records.map((record) => ({ id: record.id, record, country: (record.countryCode ?? '').toUpperCase() })),
  ];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.id)) throw new Error(`identity: duplicate record or anchor id ${n.id}`);
    index.set(n.id, i);
  });

  // Cannot-link constraints: curated non-matches, one value per unique scheme, one anchor per cluster.
  const forbidden = nodes.map(() => new Set<number>());
  for (const {
    records: [x, y],
  } of curated.distinct) {
    const a = index.get(x);
    const b = index.get(y);
    if (a === undefined || b === undefined) continue;
    forbidden[a]?.add(b);
    forbidden[b]?.add(a);
  }
  const unique = nodes.map((n) => {
    const m = new Map<string, string>();
    for (const { scheme, value } of n.record?.identifiers ?? n.anchor?.identifiers ?? []) {
      const s = normScheme(scheme);
      if (UNIQUE_SCHEMES.has(s) && usableIdentifier(value)) m.set(s, normValue(value));
    }
    // One seeded organisation or place government per cluster: Gmina and Miasto Tomaszów Lubelski stay two.
    if (n.anchor || n.government) m.set('anchor', n.id);
    return m;
  });
  const forms = nodes.map((n) => {
    const form = n.record ? recordForm(n.record, n.country) : null;
    return new Set(form ? [form] : []);
  });
  const clusters = new Clusters(nodes.length, forbidden, unique, forms);

  // 1. curated matches
  const edges: Edge[] = [];
  curated.same.forEach((group, g) => {
    const present = group.records.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    for (const i of present.slice(1)) {
      edges.push({
        a: present[0] as number,
        b: i,
        rule: 'curated',
        confidence: 1,
        explanation: `curated: ${CURATED_FILE} same #${g + 1} (${group.note})`,
      });
    }
  });
  // 2. shared identifiers
  const byIdentifier = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const { scheme, value } of n.record?.identifiers ?? n.anchor?.identifiers ?? []) {
      if (!usableIdentifier(value)) continue;
      const k = `${normScheme(scheme)}\u0000${normValue(value)}`;
      const first = byIdentifier.get(k);
      if (first === undefined) byIdentifier.set(k, i);
      else
        edges.push({
          a: first,
          b: i,
          rule: 'identifier',
          confidence: 0.99,
          explanation: `same ${scheme.toUpperCase() === 'PIC' ? 'PIC' : scheme} ${value.trim()}`,
        });
    }
  });
  // 3. seeded organisations' names and 4. normalised names, blocked by country (+ region where names repeat)
  const buckets = new Map<string, { first: number; anchor: number | undefined; label: string }>();
  const nameEdges: Edge[] = [];
  const anchorEdges: Edge[] = [];
  const governmentEdges: Edge[] = [];
  const bodyEdges: Edge[] = [];
  const probes = new Map<string, Array<{ i: number; k: NameKeyOf }>>();
  const notes: string[] = [];
  const bucketKey = (country: string, key: string, region: string) => `${country}\u0000${key}\u0000${region}`;
  nodes.forEach((n, i) => {
    if (!n.country) return;
    if (n.anchor) {
      const places = [n.anchor.placeId, ...(n.anchor.placeIds ?? [])].filter((p): p is string => !!p);
      for (const k of anchorKeys(n.anchor, n.country)) {
        const regions = k.kind === 'government' ? places.map((p) => regionPart(n.country, p.replace(/^place:nuts:/, ''))) : places;
        for (const region of k.placeBound ? regions : ['']) {
          const bk = bucketKey(n.country, k.key, region);
          if (!buckets.has(bk)) buckets.set(bk, { first: i, anchor: i, label: k.label });
        }
      }
      return;
    }
    if (!n.record) return;
    const record = n.record;
    // The government of a place the input knows: a direct link to it, before any name rule.
    let linked = false;
    for (const label of [record.name, record.nameLatin, record.nameEn, representedBody(record.name)]) {
      const gov = label ? governmentOfCached(label, n.country) : null;
      if (!label || !gov) continue;
      const m = governments.match(record, label, gov);
      if ('government' in m) {
        governmentEdges.push({
          a: index.get(m.government.id) as number,
          b: i,
          rule: 'government',
          confidence: 0.97,
          explanation: m.explanation,
        });
        linked = true;
        break;
      }
      if ('ambiguous' in m) notes.push(`${record.id}: ${m.explanation}; left unlinked`);
    }
    for (const k of recordKeys(record, n.country)) {
      if (linked && k.kind === 'government') continue;
      const region = k.placeBound
        ? k.kind === 'government'
          ? regionPart(n.country, governments.regionOf(record) || nutsText(record))
          : regionOf(record)
        : '';
      if (k.placeBound && !region) continue;
      const bk = bucketKey(n.country, k.key, region);
      if (k.probe !== undefined) {
        const list = probes.get(bk);
        if (list) list.push({ i, k });
        else probes.set(bk, [{ i, k }]);
        continue;
      }
      const bucket = buckets.get(bk);
      if (!bucket) {
        buckets.set(bk, { first: i, anchor: undefined, label: k.label });
        continue;
      }
      if (bucket.anchor !== undefined) {
        anchorEdges.push({
          a: bucket.anchor,
          b: i,
          rule: 'anchor',
          confidence: 0.95,
          explanation:
            k.kind === 'name'
              ? `name '${k.label}' = seeded organisation ${nodes[bucket.anchor]?.id} ('${bucket.label}') in ${n.country}`
              : `name '${k.label}' = seeded organisation ${nodes[bucket.anchor]?.id} ('${bucket.label}'): both the ${k.shows} in ${n.country}`,
        });
      } else {
        const where = k.placeBound ? `${n.country}, ${region}` : n.country;
        const first = nodes[bucket.first]?.record?.name ?? bucket.label;
        if (k.kind === 'name')
          nameEdges.push({
            a: bucket.first,
            b: i,
            rule: 'name',
            confidence: k.placeBound ? 0.9 : 0.93,
            explanation: `same normalised name '${k.key}' in ${where}`,
          });
        else if (k.kind === 'government')
          nameEdges.push({
            a: bucket.first,
            b: i,
            rule: 'name',
            confidence: 0.9,
            explanation: `same ${k.shows} in ${where}: '${k.label}' and '${first}' parsed as that government`,
          });
        else
          bodyEdges.push({
            a: bucket.first,
            b: i,
            rule: 'body',
            confidence: 0.88,
            explanation: `same public body in ${where} once body words are translated: '${k.label}' and '${first}' both read '${k.shows}'`,
          });
      }
    }
  });
  // Main names of names with tails join the records whose whole name gives the key, unless tails differ there.
  for (const [bk, list] of probes) {
    const bucket = buckets.get(bk);
    // An acronym after the name ("... (ИАМА)") tells no body from another: it never counts as a differing tail.
    if (!bucket || new Set(list.map((p) => p.k.probe).filter((p) => !p?.startsWith(ACRONYM_TAIL))).size > 1) continue;
    for (const { i, k } of list) {
      if (i === bucket.first) continue;
      const first = nodes[bucket.first]?.record?.name ?? bucket.label;
      bodyEdges.push({
        a: bucket.first,
        b: i,
        rule: 'body',
        confidence: 0.85,
        explanation: probeExplanation(k, first, nodes[i]?.country ?? ''),
      });
    }
  }
  const typoEdges = typoMatches(buckets, nodes);
  edges.push(...anchorEdges, ...governmentEdges, ...nameEdges, ...bodyEdges, ...typoEdges);

  // Apply strongest first; a node keeps the strongest edge that joined it.
  const joinedBy: Array<Edge | undefined> = nodes.map(() => undefined);
  const keep = (i: number, e: Edge) => {
    const cur = joinedBy[i];
    if (!cur || RULE_RANK[e.rule] < RULE_RANK[cur.rule]) joinedBy[i] = e;
  };
  for (const e of edges) {
    if (clusters.find(e.a) === clusters.find(e.b)) {
      if (e.rule === 'curated' || e.rule === 'identifier') {
        keep(e.a, e);
        keep(e.b, e);
      }
      continue;
    }
    const why = clusters.conflict(e.a, e.b, SOFT_RULES.has(e.rule));
    if (why) {
      if (e.rule === 'curated') throw new Error(`identity: ${e.explanation} contradicts a constraint: ${why}`);
      continue;
    }
    clusters.union(e.a, e.b);
    keep(e.a, e);
    keep(e.b, e);
  }

  // Clusters -> organisations
  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = clusters.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const organisations: ResolvedOrganisation[] = [];
  const assignments: Assignment[] = [];
  const usedIds = new Set<string>([...anchors.map((a) => a.id), ...governments.governments.map((g) => g.id)]);
  const pending: Array<{ members: number[]; recs: RecordInput[]; anchor: AnchorInput | undefined; government: Government | undefined }> =
    [];
  for (const members of groups.values()) {
    const recs = members.map((i) => nodes[i]?.record).filter((r): r is RecordInput => !!r);
    const anchor = members.map((i) => nodes[i]?.anchor).find((a): a is AnchorInput => !!a);
    const government = members.map((i) => nodes[i]?.government).find((g): g is Government => !!g);
    // A place's government exists whether or not a record names it; a seeded organisation without records is stored already.
    if (recs.length === 0 && (anchor || !government)) continue;
    pending.push({ members, recs: recs.sort(byBest), anchor, government });
  }
  // Derived IDs are handed out in the order of the clusters' best records, so collisions resolve the same way every run.
  const firstId = (c: (typeof pending)[number]) => c.recs[0]?.id ?? c.government?.id ?? '';
  pending.sort((x, y) => {
    const [a, b] = [x.recs[0], y.recs[0]];
    if (a && b) return byBest(a, b);
    return a ? -1 : b ? 1 : firstId(x) < firstId(y) ? -1 : 1;
  });
  // A cluster keeps the derived ID its records already carry (the one most of them are linked to), so an
  // organisation's ID survives a new record joining it; only a cluster with no earlier ID gets a new one.
  const kept = new Map<(typeof pending)[number], string>();
  for (const cluster of pending) {
    if (cluster.anchor || cluster.government) continue;
    const votes = new Map<string, number>();
    for (const r of cluster.recs) {
      const current = r.organisationId;
      if (current && !usedIds.has(current)) votes.set(current, (votes.get(current) ?? 0) + 1);
    }
    const [winner] = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (winner) {
      kept.set(cluster, winner[0]);
      usedIds.add(winner[0]);
    }
  }
  for (const cluster of pending) {
    const { recs, anchor, government } = cluster;
    const best = recs[0];
    const id =
      anchor?.id ?? government?.id ?? kept.get(cluster) ?? uniqueId(canonicalId(best as RecordInput), best as RecordInput, usedIds);
    usedIds.add(id);
    organisations.push(!anchor && government ? governmentOrganisation(government, recs) : organisationOf(id, recs, anchor));
    for (const r of recs) {
      const e = joinedBy[index.get(r.id) as number];
      assignments.push(
        e
          ? { recordId: r.id, organisationId: id, rule: e.rule, confidence: e.confidence, explanation: e.explanation }
          : {
              recordId: r.id,
              organisationId: id,
              rule: 'single',
              confidence: 1,
              explanation: 'no other record or seeded organisation matched',
            },
      );
    }
  }
  assignments.sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
  organisations.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { assignments, organisations, notes: notes.sort() };
}

/**
 * What a body key says, for the explanation: a ministry keyed by its portfolios alone ("#ministry #finance")
 * is the country's ministry of those portfolios whatever the language; a key of translated words alone (kind
 * and subjects, no word of the name left over) says so; any other key is shown as it is.
 */
function conceptShows(key: string): string {
  // "National Probation Directorate", "Úrad vlády": a directorate or office with no other body word is a body.
  if (isLoneUnitKey(key)) return `${key} (a directorate or office named as a body of its own)`;
  const tokens = key.split(' ');
  if (!tokens.every((t) => t.startsWith('#'))) return key;
  if (tokens[0] === '#ministry' && tokens.length > 1)
    return `${key} (the national ministry of ${tokens
      .slice(1)
      .map((t) => t.slice(1))
      .join(', ')}, by its portfolios)`;
  return `${key} (its kind and subject words, all translated)`;
}

/** The probe of a service keyed as the agency of its words. */
const SERVICE_AS_AGENCY = 'service-as-agency:';
/** A body key with "#service" read as "#agency" (kind and subject words only, a national body), or null. */
function serviceAsAgency(key: string): string | null {
  const parts = key.split(' ');
  if (!parts.includes('#service') || parts.includes('#agency') || parts.length < 3) return null;
  if (!parts.some((p) => p === '#state' || p === '#national')) return null;
  return [...new Set(parts.map((p) => (p === '#service' ? '#agency' : p)))].sort().join(' ');
}
/** The probe of a government whose form gives no type of municipality (Romanian "Municipality of X"). */
const UNTYPED_FORM = 'untyped-form:';
/** The probe of a main name whose tails are all acronyms ("Norwegian Environment Agency (NEA)"). */
const ACRONYM_TAIL = 'acronym-tail:';

/** Why a probe joined its bucket: an acronym's full name, a body name without its other parts, a name without its town. */
function probeExplanation(k: NameKeyOf, first: string, country: string): string {
  if (k.probe?.startsWith(UNTYPED_FORM)) return `same ${k.shows}: '${k.label}' and '${first}' parsed as that government`;
  if (k.probe === SERVICE_AS_AGENCY)
    return `same public body in ${country}: '${k.label}' read as the national agency '${k.shows}' (a service in English, an agency in its language), as '${first}' is`;
  const probe = (k.probe ?? '').replace(ACRONYM_TAIL, '');
  if (probe.startsWith('initials:'))
    return `'${k.label}' is the one name in its region of ${country} whose initials spell the acronym '${first}' (${k.shows})`;
  if (probe.startsWith('part:'))
    return `same public body in ${country}: '${k.label}' names it as '${k.shows}' once its units, parent, abbreviations and other parts ('${probe.slice(5)}') are set aside, as '${first}' does`;
  return `same public body in ${country} once body words are translated: '${k.label}' without its tail '${probe}' and '${first}' both read '${k.shows}'`;
}

/** Damerau-Levenshtein distance is exactly 1 (one letter added, dropped, changed, or two neighbours swapped). */
function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

/**
 * A typo inside one long word of a long name ("MIEJSKIE PRZEDSIĘBIORTWO KOMUNIKACYJNE S.A. W KRAKOWIE",
 * "Alytus Gymnazium of Adolfas Ramanauskas-Vanagas"): two normalised names of one country (and region where the
 * name repeats across regions) of at least four words that differ in one word of at least seven letters, by one
 * edit away from its first letter and its last two (an inflected ending is another word form, often another
 * body: Vladimir/Vladimira). Found among the names that share all their other words; a name with one near
 * spelling only, so a word with several near spellings in one place links none of them.
 */
function typoMatches(buckets: Map<string, { first: number; anchor: number | undefined; label: string }>, nodes: NodeInfo[]): Edge[] {
  // Names grouped by all their words but one long one; within a group, the long words one inner edit apart.
  const groups = new Map<string, Array<{ bk: string; word: string }>>();
  for (const bk of buckets.keys()) {
    // A bucket key is country NUL key NUL region: the parts are cut out of it, not split (many buckets).
    const c = bk.indexOf('\u0000');
    const e = bk.indexOf('\u0000', c + 1);
    const key = bk.slice(c + 1, e < 0 ? bk.length : e);
    if (key.startsWith('gov') || key.startsWith('body') || key.startsWith('loose')) continue;
    // At least four words, i.e. three spaces, before the words are listed.
    let spaces = 0;
    for (let i = key.indexOf(' '); i >= 0 && spaces < 3; i = key.indexOf(' ', i + 1)) spaces++;
    if (spaces < 3) continue;
    const country = bk.slice(0, c + 1);
    let start = 0;
    for (const word of key.split(' ')) {
      const at = start;
      start += word.length + 1;
      if (word.length < 7 || /\d/.test(word)) continue;
      // The key without this word (and one space beside it).
      const rest = country + (at === 0 ? key.slice(word.length + 1) : key.slice(0, at - 1) + key.slice(at + word.length));
      const list = groups.get(rest);
      if (list) list.push({ bk, word });
      else groups.set(rest, [{ bk, word }]);
    }
  }
  const inner = (a: string, b: string) => a[0] === b[0] && a.slice(-2) === b.slice(-2) && oneEdit(a, b);
  // Each name's near spellings: a name with two or more joins none ("Karolewo", "Karalewo", "Korolewo").
  const partners = new Map<string, Map<string, [string, string]>>();
  for (const list of groups.values()) {
    if (list.length < 2 || list.length > 50) continue;
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [x, y] = [list[i], list[j]] as [{ bk: string; word: string }, { bk: string; word: string }];
        if (x.bk === y.bk || !inner(x.word, y.word)) continue;
        partners.set(x.bk, (partners.get(x.bk) ?? new Map()).set(y.bk, [x.word, y.word]));
        partners.set(y.bk, (partners.get(y.bk) ?? new Map()).set(x.bk, [y.word, x.word]));
      }
  }
  const edges: Edge[] = [];
  for (const [x, near] of partners) {
    const [[y, words]] = [...near] as [[string, [string, string]]];
    if (near.size !== 1 || x > y || partners.get(y)?.size !== 1) continue;
    const bx = buckets.get(x);
    const by = buckets.get(y);
    if (!bx || !by) continue;
    // Where either name repeats across regions, both records must be of one region.
    const [rx, ry] = [nodes[bx.first]?.record, nodes[by.first]?.record];
    if ((x.split('\u0000')[2] || y.split('\u0000')[2]) && (!rx || !ry || regionOf(rx) !== regionOf(ry))) continue;
    edges.push({
      a: bx.first,
      b: by.first,
      rule: 'name',
      confidence: 0.85,
      explanation: `same normalised name up to a typo ('${words[0]}' / '${words[1]}') in ${nodes[by.first]?.country}: '${bx.label}' and '${by.label}'`,
    });
  }
  return edges;
}

/**
 * The region a government matched by name must share: NUTS 3 where both sources give it (Czech, Slovak and
 * Hungarian records: two Staré Město in Olomouc and Zlín), NUTS 2 in Poland and Romania (Kohesio gives NUTS 2).
 */
const GOVERNMENT_REGION_LENGTH: Record<string, number> = { CZ: 5, SK: 5, HU: 5 };
const regionPart = (country: string, code: string) => code.slice(0, GOVERNMENT_REGION_LENGTH[country] ?? 4);
/** A NUTS code the record's place text states, even one the input does not know. */
const nutsText = (r: RecordInput) => {
  const t = r.placeText?.trim() ?? '';
  return /^[A-Z]{2}[0-9A-Z]{1,3}$/.test(t) ? t : '';
};

/** A place's municipal or regional government: the place's own name for it, the records' names as alternatives. */
function governmentOrganisation(g: Government, recs: RecordInput[]): ResolvedOrganisation {
  const all = new Set<string>();
  for (const r of recs) for (const n of [r.name, r.nameLatin, r.nameEn]) if (n?.trim()) all.add(n.trim());
  const nameEn = recs.find((r) => r.nameEn)?.nameEn ?? recs.find((r) => r.dataset === 'eea-grants')?.name ?? null;
  all.delete(g.name);
  if (nameEn) all.delete(nameEn);
  return {
    id: g.id,
    name: g.name,
    nameEn,
    kind: g.level === 'local' ? OrganisationKind.MUNICIPALITY : OrganisationKind.REGIONAL_AUTHORITY,
    kindRule:
      g.level === 'local'
        ? `government: the municipal government of ${g.placeId} (${g.placeName}), one per LAU place`
        : `government: the regional government of ${g.placeId} (${g.placeName}), one per self-governing region`,
    countryCode: g.countryCode,
    placeId: g.placeId,
    altNames: [...all].sort(),
    sourceIds: [...new Set([...g.sourceIds, ...recs.flatMap((r) => r.sourceIds)])].sort(),
    recordIds: recs.map((r) => r.id).sort(),
    anchored: false,
  };
}

function byBest(a: RecordInput, b: RecordInput): number {
  const d = datasetRank(a.dataset) - datasetRank(b.dataset);
  if (d !== 0) return d;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** org:eea-grants:507, org:keep-eu:27415, org:kohesio:BG:obshtina-petrich (from the name key, so spelling does not move it). */
function canonicalId(best: RecordInput): string {
  const country = (best.countryCode ?? 'XX').toUpperCase();
  if (best.dataset === 'eea-grants') return `org:eea-grants:${best.key}`;
  if (best.dataset === 'keep-eu' || best.dataset === 'keep.eu') return `org:keep-eu:${best.key}`;
  const key = nameKey(best.nameLatin || best.name, country) || searchKey(best.key);
  const prefix = best.dataset.startsWith('kohesio') ? 'kohesio' : slug(best.dataset);
  return `org:${prefix}:${country}:${slug(key).slice(0, 80)}`;
}

function uniqueId(base: string, best: RecordInput, used: Set<string>): string {
  if (!used.has(base)) return base;
  // Same name key elsewhere (another region's Gmina Rzgów): disambiguate by the record's own key.
  const suffix = slug(best.key.split(':').pop() ?? best.key).slice(0, 12);
  let id = `${base}:${suffix}`;
  for (let n = 2; used.has(id); n++) id = `${base}:${suffix}-${n}`;
  return id;
}

/** Prefer a name written in mixed case (the source's proper spelling) over an all-caps or all-lower one. */
function nameScore(name: string): number {
  const letters = name.replace(/[^\p{L}]/gu, '');
  const mixed = letters !== letters.toUpperCase() && letters !== letters.toLowerCase();
  const startsUpper = /^\P{L}*\p{Lu}/u.test(name);
  return (mixed ? 2 : 0) + (startsUpper ? 1 : 0);
}

function mostCommon(values: Array<string | null | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [v, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

function kindOf(recs: RecordInput[], anchor: AnchorInput | undefined): { kind: string; kindRule: string } {
  const { kind, rule } = organisationKind(recs, anchor);
  return { kind, kindRule: rule };
}

function organisationOf(id: string, recs: RecordInput[], anchor: AnchorInput | undefined): ResolvedOrganisation {
  const topRank = datasetRank((recs[0] as RecordInput).dataset);
  const candidates = recs.filter((r) => datasetRank(r.dataset) === topRank).map((r) => r.name);
  const counts = new Map<string, number>();
  for (const n of candidates) counts.set(n, (counts.get(n) ?? 0) + 1);
  const chosen =
    [...counts].sort((a, b) => nameScore(b[0]) - nameScore(a[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ??
    (recs[0] as RecordInput).name;
  const name = anchor?.name ?? chosen;
  const nameEn = anchor?.nameEn ?? recs.find((r) => r.nameEn)?.nameEn ?? recs.find((r) => r.dataset === 'eea-grants')?.name ?? null;
  const all = new Set<string>();
  for (const r of recs) for (const n of [r.name, r.nameLatin, r.nameEn]) if (n?.trim()) all.add(n.trim());
  all.delete(name);
  if (nameEn) all.delete(nameEn);
  const sourceIds = [...new Set(recs.flatMap((r) => r.sourceIds))].sort();
  return {
    id,
    name,
    nameEn,
    ...kindOf(recs, anchor),
    countryCode: anchor?.countryCode ?? mostCommon(recs.map((r) => r.countryCode?.toUpperCase())) ?? null,
    placeId: anchor?.placeId ?? mostCommon(recs.map((r) => r.placeId)) ?? null,
    altNames: [...all].sort(),
    sourceIds,
    recordIds: recs.map((r) => r.id).sort(),
    anchored: !!anchor,
  };
}
