/**
 * What a name says about the body behind it, in the thirteen languages of the source files: which government
 * it is (the municipality, county or region of some place), which kind of public body (university, ministry,
 * hospital...), which legal form a company has. The words come from the dictionaries in `lib/dictionaries/`
 * (one JSON file per language, each with its provenance; see the README there). Hand-written because no
 * maintained library parses public-body names across these languages; the parsing is token matching on the
 * folded name (searchKey of the transliteration), so Cyrillic and Latin spellings meet.
 */
import bg from '../dictionaries/bg.json';
import cs from '../dictionaries/cs.json';
import en from '../dictionaries/en.json';
import et from '../dictionaries/et.json';
import hr from '../dictionaries/hr.json';
import hu from '../dictionaries/hu.json';
import lt from '../dictionaries/lt.json';
import lv from '../dictionaries/lv.json';
import no from '../dictionaries/no.json';
import places from '../dictionaries/places.json';
import pl from '../dictionaries/pl.json';
import ro from '../dictionaries/ro.json';
import sk from '../dictionaries/sk.json';
import sl from '../dictionaries/sl.json';
import subjects from '../dictionaries/subjects.json';
import { searchKey, transliterate } from './normalise.js';

/** local: a municipality (LAU); region: voivodeship, județ, kraj, megye, županija; county: powiat, English district; district: a city's district. */
export type GovernmentLevel = 'local' | 'region' | 'county' | 'district';

interface Dictionary {
  language: string;
  countries: string[];
  sources: string[];
  government: Array<{ form: string; level: string; type: string }>;
  suffixes: string[];
  bodies: Record<string, string[]>;
  legalForms: Record<string, string[]>;
  stopWords: string[];
  /** The country's adjective in English ("Norwegian"): a national body's name may open with it or with "National". */
  adjectives?: string[];
}

/**
 * The portfolio and subject words of `subjects.json`, by language: merged into each language's bodies after
 * its own file (a phrase both spell keeps the own file's concept). A language with no file of its own
 * (Icelandic) gets a dictionary of these words alone, for the countries the file lists.
 */
const SUBJECTS = subjects.languages as Record<string, Record<string, string[]>>;
const COUNTRY_WORDS = subjects.suffixes as Record<string, string[]>;
const icelandic: Dictionary = {
  language: 'is',
  countries: subjects.countries.is,
  sources: subjects.sources,
  government: [],
  suffixes: [],
  bodies: SUBJECTS.is ?? {},
  legalForms: {},
  stopWords: [],
};

export const DICTIONARIES: Dictionary[] = [bg, cs, en, et, hr, hu, icelandic, lt, lv, no, pl, ro, sk, sl];

/** Folding is the costly step and a load names the same strings many times, so each is folded once (bounded). */
const folded = new Map<string, string>();
function fold(text: string): string {
  let f = folded.get(text);
  if (f === undefined) {
    if (folded.size > 200_000) folded.clear();
    f = searchKey(transliterate(text));
    folded.set(text, f);
  }
  return f;
}
/**
 * Empties the caches of this module (folded texts, their words, concepts and concept keys). Each is bounded,
 * but a long-lived process (the hub, after an ingest through it) need not keep a load's worth of names:
 * the ingest calls this when its session ends, beside clearFoldCaches.
 */
export function clearPublicBodyCaches(): void {
  folded.clear();
  wordCache.clear();
  conceptsCache.clear();
  conceptKeys.clear();
}

/** How many entries each cache of this module holds (for tests of clearPublicBodyCaches). */
export function publicBodyCacheSizes(): Record<'folded' | 'words' | 'concepts' | 'conceptKeys', number> {
  return { folded: folded.size, words: wordCache.size, concepts: conceptsCache.size, conceptKeys: conceptKeys.size };
}

/** A text's folded words; cached like the folding (callers only read the arrays). */
const wordCache = new Map<string, string[]>();
function words(text: string): string[] {
  let w = wordCache.get(text);
  if (w === undefined) {
    if (wordCache.size > 200_000) wordCache.clear();
    w = fold(text).split(' ').filter(Boolean);
    wordCache.set(text, w);
  }
  return w;
}

/** Phrases (token lists) by their first token, longest first, so a scan checks a handful per token. */
class Phrases<T> {
  private byFirst = new Map<string, Array<{ tokens: string[]; value: T }>>();
  add(phrase: string, value: T): void {
    const tokens = words(phrase);
    const first = tokens[0];
    if (!first) return;
    const list = this.byFirst.get(first) ?? [];
    if (list.some((p) => p.tokens.join(' ') === tokens.join(' '))) return;
    list.push({ tokens, value });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.byFirst.set(first, list);
  }
  /** The longest phrase starting at tokens[i]. */
  at(tokens: string[], i: number): { tokens: string[]; value: T } | undefined {
    return this.byFirst.get(tokens[i] as string)?.find((p) => p.tokens.every((t, j) => tokens[i + j] === t));
  }
  /** The longest phrase ending at tokens[end - 1]. */
  endingAt(tokens: string[], end: number): { tokens: string[]; value: T } | undefined {
    let best: { tokens: string[]; value: T } | undefined;
    for (let start = Math.max(0, end - 8); start < end; start++) {
      const p = this.byFirst
        .get(tokens[start] as string)
        ?.find((q) => q.tokens.length === end - start && q.tokens.every((t, j) => tokens[start + j] === t));
      if (p && (!best || p.tokens.length > best.tokens.length)) best = p;
    }
    return best;
  }
}

interface GovernmentForm {
  level: GovernmentLevel | 'prefix';
  type: string;
  form: string;
}

interface Language {
  government: Phrases<GovernmentForm>;
  suffixes: Phrases<true>;
  /** subjects.json's one-word subject words (not the own file's), read as the first part of a compound. */
  prefixSubjects: Map<string, string>;
  /** The suffixes and the country's adjectives and names in its language ("Slovenská", "Latvijas"): dropped from body keys only. */
  countryWords: Phrases<true>;
  bodies: Phrases<string>;
  legalForms: Phrases<string>;
  stopWords: Set<string>;
  /** Body words of a compounding language that end a compound ("Geoloogiateenistus", "Vestfoldmuseene"), longest first. */
  compoundHeads: Array<{ word: string; concept: string }>;
  /** Every word of the government forms, and the long ones (nine letters or more) by their one-letter deletions. */
  formWords: Set<string>;
  formTypos: Map<string, string>;
  /** The first three letters of the long form words (a cheap test before the typo lookup). */
  formPrefixes: Set<string>;
  /** The government forms as a list (for acronyms of them). */
  forms: GovernmentForm[];
}

/**
 * Languages that write a body word as the end of one compound with what it is of (Estonian "Geoloogiateenistus",
 * Norwegian "Vestfoldmuseene", "HLsenteret", Hungarian "oktatókórház"): their body words also end a word.
 */
const COMPOUNDING = new Set(['et', 'no', 'hu']);

/** The body word a compound of a compounding language ends in, with at least two letters before it, or undefined. */
function compoundHead(lang: Language, token: string): { word: string; concept: string } | undefined {
  return lang.compoundHeads.find((h) => token.length - h.word.length >= 2 && token.endsWith(h.word));
}

function languageOf(dicts: Dictionary[]): Language {
  const lang: Language = {
    government: new Phrases(),
    suffixes: new Phrases(),
    countryWords: new Phrases(),
    prefixSubjects: new Map(),
    bodies: new Phrases(),
    legalForms: new Phrases(),
    stopWords: new Set(),
    compoundHeads: [],
    formWords: new Set(),
    formTypos: new Map(),
    formPrefixes: new Set(),
    forms: [],
  };
  for (const d of dicts) {
    if (COMPOUNDING.has(d.language))
      for (const [concept, list] of Object.entries(d.bodies))
        for (const w of list) {
          const t = words(w);
          if (t.length === 1 && (t[0] as string).length >= 5) lang.compoundHeads.push({ word: t[0] as string, concept });
        }
    for (const g of d.government) {
      lang.government.add(g.form, { level: g.level as GovernmentForm['level'], type: g.type, form: fold(g.form) });
      for (const w of words(g.form)) lang.formWords.add(w);
      lang.forms.push({ level: g.level as GovernmentForm['level'], type: g.type, form: fold(g.form) });
    }
    for (const s of d.suffixes) lang.suffixes.add(s, true);
    for (const s of [...d.suffixes, ...(COUNTRY_WORDS[d.language] ?? [])]) lang.countryWords.add(s, true);
    for (const [concept, list] of Object.entries(d.bodies)) for (const w of list) lang.bodies.add(w, concept);
    // Subject words after the own file's, and not as compound ends ("kultur" ends too many Norwegian words).
    for (const [concept, list] of Object.entries(SUBJECTS[d.language] ?? {}))
      for (const w of list) {
        const t = words(w);
        if (COMPOUNDING.has(d.language) && t.length === 1 && !lang.bodies.at(t, 0)) lang.prefixSubjects.set(t[0] as string, concept);
        lang.bodies.add(w, concept);
      }
    for (const [cls, list] of Object.entries(d.legalForms)) for (const w of list) lang.legalForms.add(w, cls);
    for (const w of d.stopWords) for (const t of words(w)) lang.stopWords.add(t);
  }
  lang.compoundHeads.sort((a, b) => b.word.length - a.word.length);
  for (const w of lang.formWords)
    if (w.length >= 9) {
      lang.formPrefixes.add(w.slice(0, 3));
      for (const v of [w, ...deletions(w)]) if (!lang.formTypos.has(v) && !lang.formWords.has(v)) lang.formTypos.set(v, w);
    }
  return lang;
}

/** A country's own dictionaries first (they win a phrase both spell), then English. */
const byCountry = new Map<string, Language>();
function language(countryCode: string | null | undefined): Language {
  const cc = (countryCode ?? '').toUpperCase();
  let lang = byCountry.get(cc);
  if (!lang) {
    lang = languageOf([...DICTIONARIES.filter((d) => d.countries.includes(cc)), en]);
    byCountry.set(cc, lang);
  }
  return lang;
}

/** Every legal form of every language, for names without a country. */
let allForms: Phrases<string> | undefined;
function anyLegalForms(): Phrases<string> {
  if (!allForms) {
    allForms = new Phrases();
    for (const d of DICTIONARIES) for (const [cls, list] of Object.entries(d.legalForms)) for (const w of list) allForms.add(w, cls);
  }
  return allForms;
}

/** Folded legal-form phrases of every language (for dropping them from identity keys). */
export function legalFormPhrases(): string[][] {
  const out: string[][] = [];
  for (const d of DICTIONARIES) for (const list of Object.values(d.legalForms)) for (const w of list) out.push([...words(w)]);
  return out;
}

/**
 * The legal form a name states, as a class shared by its spellings ('ltd' for "sp. z o.o." and "spółka z
 * ograniczoną odpowiedzialnością", 'sole-ltd' for ЕООД...), or null. The last form wins ("X sp. z o.o. sp.k."
 * is a limited partnership).
 */
export function legalFormOf(name: string | null | undefined, countryCode?: string | null): string | null {
  if (!name) return null;
  const tokens = words(name);
  const forms = countryCode ? language(countryCode).legalForms : anyLegalForms();
  let found: string | null = null;
  for (let i = 0; i < tokens.length; ) {
    const p = forms.at(tokens, i);
    if (p) {
      found = p.value;
      i += p.tokens.length;
    } else i++;
  }
  return found;
}

const exonymIndex = new Map<string, Map<string, string>>();
function exonyms(countryCode: string): Map<string, string> {
  let m = exonymIndex.get(countryCode);
  if (!m) {
    m = new Map();
    const table = (places.exonyms as Record<string, Record<string, string[]>>)[countryCode] ?? {};
    for (const [official, variants] of Object.entries(table)) for (const v of [official, ...variants]) m.set(fold(v), fold(official));
    exonymIndex.set(countryCode, m);
  }
  return m;
}

/**
 * The stem of one folded word, so inflected forms of a place name meet: Krakowa/Kraków/krakowie, Kauno/Kaunas,
 * Rīgas/Rīga, Lubelskiego/Lubelskie, Warszawski/Warszawa. Endings (vowels, -s after a vowel, Polish -ego/-ach)
 * and then an adjectival -sk are cut; short words stay whole.
 */
/** The exonyms and the seat adjectives of places ("Софийски", "Wrocławski", "v Praze"), for body names only. */
const bodyExonymIndex = new Map<string, Map<string, string>>();
function bodyExonyms(countryCode: string): Map<string, string> {
  let m = bodyExonymIndex.get(countryCode);
  if (!m) {
    m = new Map(exonyms(countryCode));
    const table = (places.adjectives as Record<string, Record<string, string[]>>)[countryCode] ?? {};
    for (const [official, variants] of Object.entries(table)) {
      // The key reads word by word: a form written with a preposition ("din București") is its last word.
      const target = m.get(fold(official)) ?? fold(official);
      for (const v of variants) m.set(fold(v).split(' ').at(-1) as string, target);
    }
    bodyExonymIndex.set(countryCode, m);
  }
  return m;
}

export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  // Slovak and Czech locative adjectives in -ej ("v Banskej Bystrici" = "Banská Bystrica").
  let w = word.replace(/(iego|ego|ach|ami|iej)$/, '').replace(/([sc]k)ej$/, '$1');
  // English adjectives of a name: Jagiellonian (Jagielloński), Bulgarian (Bulgaria).
  if (w.length >= 8) w = w.replace(/ian$/, '');
  w = w.replace(/[aeiouy]+s$/, '').replace(/[aeiouy]+$/, '');
  if (w.length >= 5) w = w.replace(/sk$/, '');
  return w.length >= 3 ? w : word;
}

/** A place name folded, its exonyms mapped to the official name ("Warsaw" -> "warszawa"). */
export function placeName(name: string, countryCode?: string | null): string {
  const f = fold(name);
  return exonyms((countryCode ?? '').toUpperCase()).get(f) ?? f;
}

/**
 * Latvian place names keep their declension in the key: the ending class (-e/-es: Priekule, Priekules; any other
 * ending: Jelgava, Jelgavas, Tukums, Tukuma, Priekuļi, Priekuļu, Pļaviņas, Cēsis, Cēsu) is appended to the stem,
 * so nominative and genitive meet while Priekule and Priekuļi (one stem once ļ is folded) stay two places.
 */
export function latvianStem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const m = /^(.{3,}?)(es|e|as|a|is|i|u|us|s)$/.exec(word);
  if (!m) return word;
  const ending = m[2] as string;
  // -as is both a genitive of -a (Jelgavas) and a plural nominative of -u (Pļaviņas, Pļaviņu): one class with
  // -a, -s, -i, -u; -e/-es (Priekule, Priekules) the other.
  const cls = ending.startsWith('e') ? 'e' : 'a';
  return `${m[1]}${cls}`;
}

/** A word's stem for a place key: the country's stemmer, then the stem-level exonyms (Croatian "Ličko" -> Lika). */
function placeStem(word: string, cc: string): string {
  const stem = cc === 'LV' ? latvianStem(word) : stemWord(word);
  return stemExonyms(cc).get(stem) ?? stem;
}

/**
 * Adjectival forms of place names that stemming cannot bring to the noun (Croatian county names: "Ličko-senjska"
 * is Lika-Senj, "Zagrebačka" Zagreb County): the stems of places.json's `stemExonyms` variants mapped to the stem
 * of the English or noun form.
 */
const stemExonymIndex = new Map<string, Map<string, string>>();
function stemExonyms(cc: string): Map<string, string> {
  let m = stemExonymIndex.get(cc);
  if (!m) {
    m = new Map();
    const table = (places.stemExonyms as Record<string, Record<string, string[]>>)[cc] ?? {};
    for (const [official, variants] of Object.entries(table)) {
      const target = stemWord(fold(official));
      for (const v of variants) m.set(stemWord(fold(v)), target);
    }
    stemExonymIndex.set(cc, m);
  }
  return m;
}

/** A place name's identity: placeName with each word stemmed, so inflected forms meet. */
export function placeKey(name: string, countryCode?: string | null): string {
  const cc = (countryCode ?? '').toUpperCase();
  return placeName(name, cc)
    .split(' ')
    .filter(Boolean)
    .map((w) => placeStem(w, cc))
    .join(' ');
}

export interface GovernmentName {
  level: GovernmentLevel;
  /** The most specific type the forms state ('urban', 'rural', 'gmina', 'town', 'commune', 'city', 'district', 'any' or ''). */
  type: string;
  /** The place's name as the record writes it (folded, exonyms mapped to the official name). */
  place: string;
  /** placeKey of the place. */
  placeKey: string;
  /** The forms that were recognised (folded), for the explanation. */
  forms: string[];
}

/** Splits a raw name into its main part and the tails after a comma, slash, dash, semicolon or bracket. */
export function nameSegments(name: string): string[] {
  return name
    .split(/\s*[,;/()]\s*|\s+[-–—]\s+|\s+чрез\s+/i)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

function isSuffix(lang: Language, tokens: string[]): boolean {
  if (tokens.length === 0) return true;
  const p = lang.suffixes.at(tokens, 0);
  return !!p && p.tokens.length === tokens.length;
}

function stripSuffixes(lang: Language, tokens: string[]): string[] {
  let out = tokens;
  for (let guard = 0; guard < 3; guard++) {
    const p = lang.suffixes.endingAt(out, out.length);
    if (!p || p.tokens.length >= out.length) break;
    out = out.slice(0, out.length - p.tokens.length);
  }
  return out;
}

const SPECIFIC = (t: string) => t !== '' && t !== 'any';

/** "GCC" after "Giurgiu County Council": a tail that only repeats the initials of the main name. */
function isAcronymOf(tail: string[], main: string[]): boolean {
  if (tail.length !== 1) return false;
  const initials = main.map((w) => w[0]).join('');
  return (tail[0] as string).length >= 2 && initials === tail[0];
}
const GOVERNMENT_ALIASES = new Map<string, { level: GovernmentLevel; type: string; place: string }>();
for (const g of places.governments)
  GOVERNMENT_ALIASES.set(`${g.country}\u0000${fold(g.name)}`, { level: g.level as GovernmentLevel, type: g.type, place: g.place });

/** In Poland an English "county" is a powiat, not a voivodeship; in Latvia a novads, a municipality. */
const COUNTY_IS_POWIAT = new Set(['PL']);
const COUNTY_IS_LOCAL = new Set(['LV']);
const ENGLISH_COUNTY = new Set(['county', 'county of', 'county council']);

/**
 * The government a main name names. A form the suffix list also holds ("WROCŁAW MIASTO NA PRAWACH POWIATU": the
 * city-county form is dropped as a tail elsewhere) is read as a form when nothing else is left; a government
 * named twice in one part ("WOJEWÓDZTWO MAŁOPOLSKIE-URZĄD MARSZAŁKOWSKI WOJEWÓDZTWA MAŁOPOLSKIEGO": the
 * voivodeship and its marshal's office) is that government; a form word misspelt by one letter ("Municipalty of
 * Rila", words of nine letters or more) is the form.
 */
function parseMain(lang: Language, tokens: string[], countryCode: string): GovernmentName | null {
  const stripped = stripSuffixes(lang, tokens);
  const gov = parseTokens(lang, stripped, countryCode) ?? (stripped.length < tokens.length ? parseTokens(lang, tokens, countryCode) : null);
  if (gov) return gov;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!lang.government.at(tokens, i)) continue;
    const a = parseTokens(lang, tokens.slice(0, i), countryCode);
    const b = a && parseTokens(lang, tokens.slice(i), countryCode);
    if (a && b && a.level === b.level && a.placeKey === b.placeKey) return { ...a, forms: [...a.forms, ...b.forms] };
  }
  const fixed = fixFormTypo(lang, tokens);
  return fixed ? parseMain(lang, fixed, countryCode) : null;
}

/** The tokens with a misspelt form word at either end put right (one edit, nine letters or more), or null. */
function fixFormTypo(lang: Language, tokens: string[]): string[] | null {
  for (const at of [0, tokens.length - 1]) {
    const t = tokens[at] as string;
    if (t.length < 9 || !lang.formPrefixes.has(t.slice(0, 3)) || lang.formWords.has(t)) continue;
    const right =
      lang.formTypos.get(t) ??
      deletions(t)
        .map((d) => lang.formTypos.get(d))
        .find(Boolean);
    if (right) return tokens.map((x, i) => (i === at ? right : x));
  }
  return null;
}

/** A word with one letter dropped, every way. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function parseTokens(lang: Language, tokens: string[], countryCode: string): GovernmentName | null {
  let rest = tokens;
  const forms: GovernmentForm[] = [];
  let level: GovernmentLevel | undefined;
  for (let guard = 0; guard < 4 && rest.length > 0; guard++) {
    const lead = lang.government.at(rest, 0);
    const trail = lead ? undefined : lang.government.endingAt(rest, rest.length);
    const p = lead ?? trail;
    if (!p || p.tokens.length >= rest.length) break;
    const f = p.value;
    if (f.level !== 'prefix') {
      let l = f.level;
      if (l === 'region' && ENGLISH_COUNTY.has(f.form) && COUNTY_IS_POWIAT.has(countryCode)) l = 'county';
      if (l === 'region' && ENGLISH_COUNTY.has(f.form) && COUNTY_IS_LOCAL.has(countryCode)) l = 'local';
      if (level && level !== l) return null;
      level = l;
    }
    forms.push(f);
    rest = lead ? rest.slice(p.tokens.length) : rest.slice(0, rest.length - p.tokens.length);
    while (rest.length && lang.stopWords.has(rest[0] as string)) rest = rest.slice(1);
    while (rest.length && lang.stopWords.has(rest[rest.length - 1] as string)) rest = rest.slice(0, -1);
    // What is left of a city's district is the city and the quarter, whatever words they hold.
    if (level === 'district') break;
  }
  if (!level || rest.length === 0 || rest.length > 5) return null;
  // What is left must be a place name: no word that names a body, a legal form or another government.
  for (let i = 0; i < rest.length; i++) {
    // Words that name a kind of body; subject and compass words may be part of a place ("South Bohemia").
    const body = lang.bodies.at(rest, i);
    // A city's district may hold a municipal word in its quarter's name ("Bratislava-Staré Mesto", "Nové Město").
    const govWord = level !== 'district' && lang.government.at(rest, i);
    if (body?.value.split('+').some((c) => HEADS.has(c)) || lang.legalForms.at(rest, i) || govWord) return null;
    if (/^\d+$/.test(rest[i] as string)) return null;
  }
  const types = forms.map((f) => f.type).filter(SPECIFIC);
  const type = types[types.length - 1] ?? (forms.some((f) => f.type === 'any') ? 'any' : '');
  const place = rest.join(' ');
  return { level, type, place: placeName(place, countryCode), placeKey: placeKey(place, countryCode), forms: forms.map((f) => f.form) };
}

/**
 * The government a name names, or null: "GMINA MIEJSKA KRAKÓW" (local, urban, Kraków), "City of Suwałki"
 * (local, town), "JUDETUL TIMIS" and "Timiș County" (region, Timiș), "Vilniaus miesto savivaldybė" (local,
 * city, Vilnius), "Столична община" (local, София). A name with a tail that is not a country, a
 * project-unit suffix or the same government again ("GMINA MIEJSKA KRAKÓW/MIEJSKI OŚRODEK POMOCY
 * SPOŁECZNEJ", "Obec X, s.r.o.") names another body and gives null.
 */
/**
 * Words that open the name of a department or section inside a body's office (English, Polish, Romanian, Czech
 * and Slovak, Slovenian, Croatian, Hungarian, Lithuanian, Latvian, Estonian, Bulgarian), from IATE.
 */
const DEPARTMENT_WORDS = new Set(
  [
    'department',
    'dept',
    'departament',
    'departamentul',
    'wydział',
    'odbor',
    'oddelek',
    'odjel',
    'osztály',
    'skyrius',
    'nodaļa',
    'osakond',
    'отдел',
  ].map((w) => fold(w)),
);

/** True when an acronym spells a multi-word form of the government's level and the initials of its place ("UMWM"). */
function isFormAcronym(lang: Language, acronym: string, gov: GovernmentName): boolean {
  if (acronym.length < 3 || acronym.length > 7) return false;
  const place = gov.place
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0])
    .join('');
  return lang.forms.some((f) => {
    const fw = f.form.split(' ');
    return fw.length >= 2 && f.level === gov.level && fw.map((w) => w[0]).join('') + place === acronym;
  });
}

export function governmentOf(name: string | null | undefined, countryCode: string | null | undefined): GovernmentName | null {
  if (!name) return null;
  const cc = (countryCode ?? '').toUpperCase();
  const lang = language(cc);
  const alias = GOVERNMENT_ALIASES.get(`${cc}\u0000${fold(name)}`);
  if (alias) return { ...alias, place: placeName(alias.place, cc), placeKey: placeKey(alias.place, cc), forms: [fold(name)] };
  const gov = governmentOfParts(lang, name, cc);
  if (gov) return gov;
  // "Primorsko - goranska županija": a two-part place name written with a spaced dash, which nameSegments cut.
  // Also a form written with one ("Unitatea Administrativ - Teritoriala MUNICIPIUL SLATINA") or a city's
  // district ("Mestská časť Bratislava - Staré Mesto"): the first spaced dash closed.
  // Never when the part after the dash names a body ("POWIAT KRAKOWSKI - URZĄD PRACY ...": its labour office).
  const m = /(\p{L})\s+[-–]\s+(?=\p{L})/u.exec(name);
  if (!m) return null;
  const after = nameSegments(name.slice(m.index + m[0].length))[0] ?? '';
  if (conceptsOf(after, cc).concepts.some((c) => HEADS.has(c))) return null;
  const joined = governmentOf(`${name.slice(0, m.index)}${m[1]}-${name.slice(m.index + m[0].length)}`, countryCode);
  // A place of three words at most: more is a body's name run on ("POWIAT KRAKOWSKI-URZĄD PRACY POWIATU ...").
  return joined && joined.placeKey.split(' ').length <= 3 ? joined : null;
}

function governmentOfParts(lang: Language, name: string, cc: string): GovernmentName | null {
  const [main, ...tails] = nameSegments(name);
  if (!main) return null;
  // "KRAKÓW - MIASTO NA PRAWACH POWIATU": the form in a tail of its own, after the place.
  const tailForm = tails.length === 1 ? lang.government.at(words(tails[0] as string), 0) : undefined;
  const gov =
    parseMain(lang, words(main), cc) ??
    (tailForm && tailForm.tokens.length === words(tails[0] as string).length
      ? parseMain(lang, [...tailForm.tokens, ...words(main)], cc)
      : null);
  if (!gov) return null;
  for (const tail of tails) {
    const t = words(tail);
    if (isSuffix(lang, t) || isAcronymOf(t, words(main))) continue;
    const again: GovernmentName | null = parseMain(lang, t, cc) ?? (lang.government.at(t, 0)?.tokens.length === t.length ? gov : null);
    if (again && again.level === gov.level && (again === gov || again.placeKey === gov.placeKey)) continue;
    // "ОБЩИНА ГУЛЯНЦИ, ОБЛАСТ ПЛЕВЕН": a municipality followed by the region it lies in.
    if (again && gov.level === 'local' && again.level === 'region') continue;
    // "..., DEPARTAMENT EDUKACJI": a department of the government's own office is no body of its own (its
    // separately run units, a labour office or a social-welfare centre, are: they name no department word).
    if (DEPARTMENT_WORDS.has(t[0] as string)) continue;
    // "ZARZĄD WOJEWÓDZTWA MAŁOPOLSKIEGO (UMWM)": the initials of another form of this government and its place.
    if (t.length === 1 && isFormAcronym(lang, t[0] as string, gov)) continue;
    return null;
  }
  return gov;
}

/** Kinds of body, most specific first: a faculty of a university is a faculty, a university hospital a hospital. */
const BODY_PRIORITY = [
  'faculty',
  'hospital',
  'school',
  'polytechnic',
  'university',
  'academy',
  'ministry',
  'agency',
  'inspectorate',
  'institute',
  'chamber',
  'foundation',
  'association',
  'museum',
  'library',
  'theatre',
  'police',
];

/**
 * What kind of body a name names, from the dictionaries: 'municipality', 'region', 'county' (a government
 * by governmentOf), else the most specific body word ('faculty', 'hospital', 'school', 'polytechnic',
 * 'university', 'academy', 'ministry', 'agency', 'institute', ...), else null. For kinds.ts to map to an
 * OrganisationKind.
 */
export function bodyOf(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const gov = governmentOf(name, countryCode);
  if (gov) return gov.level === 'local' ? 'municipality' : gov.level === 'district' ? 'district' : gov.level;
  const concepts = new Set(conceptsOf(name, countryCode).concepts);
  return BODY_PRIORITY.find((c) => concepts.has(c)) ?? null;
}

/** conceptsOf's results by country and text: conceptKey asks for the same segments with every option (shared, frozen). */
const conceptsCache = new Map<string, { concepts: string[]; others: string[] }>();
function conceptsOf(text: string, countryCode: string | null | undefined): { concepts: string[]; others: string[] } {
  const ck = `${countryCode ?? ''}\u0000${text}`;
  let found = conceptsCache.get(ck);
  if (found === undefined) {
    if (conceptsCache.size > 200_000) conceptsCache.clear();
    const { concepts, others } = findConcepts(text, countryCode);
    found = Object.freeze({ concepts: Object.freeze(concepts) as string[], others: Object.freeze(others) as string[] });
    conceptsCache.set(ck, found);
  }
  return found;
}

function findConcepts(text: string, countryCode: string | null | undefined): { concepts: string[]; others: string[] } {
  const lang = language(countryCode);
  const tokens = words(text);
  const concepts: string[] = [];
  const others: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const form = lang.legalForms.at(tokens, i);
    const body = lang.bodies.at(tokens, i);
    if (body && (!form || body.tokens.length >= form.tokens.length)) {
      // A compound names several concepts at once (Estonian "kultuuriministeerium": ministry + culture).
      concepts.push(...body.value.split('+'));
      i += body.tokens.length;
    } else if (form) {
      i += form.tokens.length;
    } else {
      const t = tokens[i++] as string;
      if (lang.stopWords.has(t)) continue;
      // A compound ending in a body word: what it is of, and the body ("geoloogia" + service).
      const head = compoundHead(lang, t);
      if (head) {
        concepts.push(...head.concept.split('+'));
        // The compound's first part may be a subject word of subjects.json ("Geoloogia|teenistus": geology +
        // service); the own file's words are not read so (Keskkonnaamet, the Environmental Board, is no
        // Keskkonnaagentuur, the Environment Agency).
        const first = t.slice(0, t.length - head.word.length);
        // A ministry's compound reads its first part as a portfolio whichever file spells it ("Agrár|minisztérium").
        const portfolio = head.concept.split('+').includes('ministry') ? lang.bodies.at([first], 0)?.value : undefined;
        const subject = lang.prefixSubjects.get(first) ?? portfolio;
        if (subject) concepts.push(...subject.split('+'));
        else others.push(first);
      } else others.push(t);
    }
  }
  return { concepts, others };
}

/** Body words that say what a body is (a name needs one for a concept key). */
const HEADS = new Set([...BODY_PRIORITY, 'council', 'administration', 'park', 'centre', 'company', 'service', 'fund']);
/**
 * Unit words that name a body of its own when the name has no other body word: a national directorate or office
 * ("National Probation Directorate", "Head Office of Geodesy and Cartography", "Úrad vlády"). Beside another body
 * word they stay units (a ministry's directorate is the ministry, see conceptWords and bodyNames).
 */
const LONE_UNITS = new Set(['directorate', 'office']);

/** True when a concept key names a directorate or an office as a body of its own (LONE_UNITS), for the explanation. */
export function isLoneUnitKey(key: string): boolean {
  const concepts = key
    .split(' ')
    .filter((t) => t.startsWith('#'))
    .map((t) => t.slice(1));
  return concepts.some((c) => LONE_UNITS.has(c)) && !concepts.some((c) => HEADS.has(c));
}

/**
 * A language-independent key of a public body's name: its body and subject words translated to concepts
 * (ministerstwo/ministerul/Ministry -> ministry, zdrowia/sănătății/health -> health), its other words
 * stemmed with exonyms applied, legal forms, stop words and a trailing country ("of the Czech Republic")
 * dropped, sorted. Null unless the name has a body word and one more word, so "University" alone gives none.
 * A ministry's directorate after a comma or dash is the ministry (directorates are not bodies of their own).
 */
export function conceptKey(
  name: string | null | undefined,
  countryCode: string | null | undefined,
  loose = false,
  mainOnly = false,
): string | null {
  if (!name) return null;
  // Identity resolution asks for one name's key several times (the name, its variants that equal it, its
  // trimmed forms): each (country, options, name) is keyed once (bounded like `folded`).
  const ck = `${countryCode ?? ''}\u0000${loose ? 1 : 0}${mainOnly ? 1 : 0}\u0000${name}`;
  const cached = conceptKeys.get(ck);
  if (cached !== undefined) return cached;
  if (conceptKeys.size > 200_000) conceptKeys.clear();
  const key = findConceptKey(name, countryCode, loose, mainOnly);
  conceptKeys.set(ck, key);
  return key;
}
const conceptKeys = new Map<string, string | null>();

/**
 * What conceptKey reads of a name: its concepts (body, portfolio and subject words translated) and the words
 * it leaves untranslated (stop words, legal forms and country words dropped), before the key is built; null
 * for a mainOnly name without tails. For the vocabulary check of bench/identity (which words no dictionary knows).
 */
export function conceptWords(
  name: string | null | undefined,
  countryCode: string | null | undefined,
  mainOnly = false,
): { concepts: string[]; others: string[] } | null {
  if (!name) return null;
  const cc = (countryCode ?? '').toUpperCase();
  const lang = language(cc);
  const all = nameSegments(name);
  // mainOnly: the name before its first comma, dash or slash, when no tail names a body of its own
  // ("Masaryk University, Brno"; "Miskolci Egyetem, Egyéb, jogi személyiségű nonprofit szervezet").
  if (mainOnly && (all.length < 2 || all.slice(1).some((t) => conceptsOf(t, cc).concepts.length > 0))) return null;
  const segments = mainOnly ? all.slice(0, 1) : all;
  let kept = segments;
  const head = segments[0] ? conceptsOf(segments[0], cc).concepts : [];
  if (head.includes('ministry')) {
    // A ministry's directorate (after a comma, a dash, "чрез" or none) is the ministry: cut it and what follows.
    // So is its office or bureau after a comma ("MINISTERSTWO FUNDUSZY ..., BIURO ZARZĄDZANIA ZASOBAMI LUDZKIMI").
    const unit = segments.findIndex((s, i) => i > 0 && conceptsOf(s, cc).concepts.some((c) => c === 'directorate' || c === 'office'));
    if (unit > 0) kept = segments.slice(0, unit);
    const first = words(kept[0] as string);
    // Only a directorate after the ministry's own word: one before it is a body under the ministry
    // ("Narkotikų ... kontrolės departamentas prie ... ministerijos").
    const own = first.findIndex((_, i) => lang.bodies.at(first, i)?.value.split('+').includes('ministry'));
    const at = first.findIndex((_, i) => i > 0 && i > own && lang.bodies.at(first, i)?.value === 'directorate');
    // Where the ministry's word ends its name (Hungarian, Baltic: "Innovációs és Technológiai Minisztérium
    // Monitoring és Értékelési Főosztály"), the unit's own name stands between the two: cut after the ministry.
    // A national or state directorate there is a body of its own under the ministry ("BELÜGYMINISZTÉRIUM ORSZÁGOS
    // KATASZTRÓFAVÉDELMI FŐIGAZGATÓSÁG", the disaster management directorate general): no cut.
    const between = at > own && own >= 0 ? first.slice(own + 1, at).join(' ') : '';
    const national = conceptsOf(between, cc).concepts.some((c) => c === 'national' || c === 'state');
    const cut = at > 0 && own >= 0 && HEAD_FINAL.has(cc) && !national ? own + 1 : at;
    if (at > 0) kept = [first.slice(0, cut).join(' '), ...kept.slice(1)];
  }
  kept = kept.filter((s, i) => i === 0 || !isSuffix(lang, words(s)));
  const text = kept.join(' ');
  const stripped = dropPhrases(lang, stripSuffixes(lang, words(text))).join(' ');
  return conceptsOf(stripped, cc);
}

/** Countries whose language puts a ministry's word after its portfolios, and a unit's word after the unit's name. */
const HEAD_FINAL = new Set(['HU', 'LV', 'LT', 'EE']);

function findConceptKey(name: string, countryCode: string | null | undefined, loose: boolean, mainOnly: boolean): string | null {
  const cc = (countryCode ?? '').toUpperCase();
  const found = conceptWords(name, cc, mainOnly);
  if (!found) return null;
  // A polytechnic university is a polytechnic ("Universitatea Politehnica" = "'Politehnica' University").
  const named = found.concepts.includes('polytechnic') ? found.concepts.filter((c) => c !== 'university') : found.concepts;
  // A medical university is a university of medicine ("Medical University of Sofia" / "Университет по медицина").
  const concepts = named.map((c) => (c === 'medical' ? 'medicine' : c));
  const others = found.others;
  if (!concepts.some((c) => HEADS.has(c) || LONE_UNITS.has(c)) || concepts.length + others.length < 2) return null;
  // A lone directorate or office gets no loose key: its other words are as often places, which five letters
  // cannot tell apart ("Powiatowy Urząd Pracy w Ostrowi Mazowieckiej" / "... w Ostrołęce").
  if (loose && !concepts.some((c) => HEADS.has(c))) return null;
  const ministry = concepts.includes('ministry') ? ministryKey(concepts, others, cc) : null;
  if (ministry) return ministry;
  const ex = bodyExonyms(cc);
  const word = loose ? looseWord : (w: string) => placeStem(w, cc === 'LV' ? '' : cc);
  const stems = others.map((w) => word(ex.get(w) ?? w));
  return [...new Set([...concepts.map((c) => `#${c}`), ...stems])].sort().join(' ');
}

/**
 * A national ministry is its country and its portfolios: the portfolio words grouped as governments group
 * them (labour, social affairs and family one portfolio; science and research one, education another, as
 * Poland's two ministries of 2015-2020 were; agriculture and rural development; economy, industry, innovation
 * and technology; sport and youth with education when the ministry has it), order-free. Another word outside the dictionaries (a
 * unit's name, a person's) keeps the ordinary key instead, and so do a ministry's units by their own words.
 */
const PORTFOLIO_GROUP: Record<string, string> = {
  social: 'employment',
  family: 'employment',
  research: 'science',
  rural: 'agriculture',
  industry: 'economy',
  innovation: 'economy',
  entrepreneurship: 'economy',
  technology: 'economy',
  information: 'digital',
  // Equal opportunities go with labour and social affairs (Slovenia's "Ministry of Labour, Family, Social Affairs
  // and Equal Opportunities"); a ministry "of Economics" (Latvia's English name) is the ministry of economy.
  equality: 'employment',
  economics: 'economy',
};
const PORTFOLIOS = new Set([
  ...Object.values(PORTFOLIO_GROUP),
  'finance',
  'environment',
  'culture',
  'health',
  'education',
  'employment',
  'justice',
  'interior',
  'agriculture',
  'regional',
  'foreign',
  'economy',
  'transport',
  'energy',
  'defence',
  'tourism',
  'sport',
  'youth',
  'digital',
  'development',
  'publicworks',
  'science',
  'investment',
  'heritage',
  'forests',
  'roads',
  'tax',
  'water',
  'children',
  'sustainable',
  'maritime',
  'funds',
  'identity',
  'trade',
]);
function ministryKey(concepts: string[], others: string[], cc: string): string | null {
  const rest = concepts.filter((c) => c !== 'ministry');
  if (others.length > 0 || rest.length === 0 || cc === '') return null;
  if (!rest.every((c) => PORTFOLIOS.has(c) || PORTFOLIO_GROUP[c])) return null;
  const set = new Set(rest.map((c) => PORTFOLIO_GROUP[c] ?? c));
  if (set.has('regional') || set.has('economy')) set.delete('development');
  if (set.has('culture')) set.delete('heritage');
  if (set.has('education')) {
    set.delete('sport');
    set.delete('youth');
  }
  return ['#ministry', ...[...set].sort().map((c) => `#${c}`)].join(' ');
}

/**
 * Removes country phrases anywhere ("Lietuvos Respublikos aplinkos ministerija"), keeping at least two words;
 * a one-word one (a country adjective) only first and alone: "Romanian Ministry of ..." but not
 * "Bulgarian-Romanian Chamber of Commerce", which is another body than the Bulgarian chamber.
 */
function dropPhrases(lang: Language, tokens: string[]): string[] {
  const phrases = lang.countryWords;
  const out: string[] = [];
  // A compound ending in a body word counts as its two words ("Eesti Geoloogiateenistus": Estonian + geology service).
  const size = tokens.length + tokens.filter((t) => compoundHead(lang, t)).length;
  for (let i = 0; i < tokens.length; ) {
    const p = phrases.at(tokens, i);
    const single = p?.tokens.length === 1;
    // A country's abbreviation ("AGENCIJA RS ZA OKOLJE", "MZ ČR") may stand anywhere: it is no adjective of another body.
    const abbreviation = single && (p.tokens[0] as string).length <= 3;
    const ok = p && size - p.tokens.length >= 2 && (!single || abbreviation || (i === 0 && !phrases.at(tokens, 1)));
    if (p && ok) i += p.tokens.length;
    else out.push(tokens[i++] as string);
  }
  return out;
}

/**
 * A word's loose form for cognates across languages: spelling variants folded (ch/h, th/t, ph/f, c/k, w/v,
 * y/i, doubled letters) and the first five letters kept, so "technologies"/"tehnoloģiju",
 * "information"/"informacijske", "Masaryk"/"Masarykova", "Miskolc"/"Miskolci" meet.
 */
export function looseWord(word: string): string {
  if (/\d/.test(word)) return word;
  const w = word
    .replace(/ch/g, 'h')
    .replace(/th/g, 't')
    .replace(/ph/g, 'f')
    .replace(/sh/g, 's')
    .replace(/zh/g, 'z')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/x/g, 'ks')
    .replace(/q/g, 'k')
    .replace(/c/g, 'k')
    .replace(/(.)\1+/g, '$1');
  return w.slice(0, 5);
}

/** Region names of the dictionaries (NUTS code -> names) for a country, e.g. PL21 Małopolskie, Lesser Poland. */
export function dictionaryRegions(countryCode: string): Array<{ nutsCode: string; names: string[] }> {
  const table = (places.regions as Record<string, Record<string, string[]>>)[countryCode.toUpperCase()] ?? {};
  return Object.entries(table).map(([nutsCode, names]) => ({ nutsCode, names }));
}

/**
 * The name without tails that add nothing to its identity: a project-unit suffix ("/UIP"), the country
 * ("..., Republic of Bulgaria", "... of the Czech Republic"). Null when there is nothing to drop.
 */
export function withoutSuffixes(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const lang = language(countryCode);
  const segments = nameSegments(name);
  const kept = segments.filter((s, i) => i === 0 || !isSuffix(lang, words(s)));
  const tokens = words(kept.join(' '));
  const stripped = stripSuffixes(lang, tokens);
  if (stripped.length === words(name).length) return null;
  return stripped.join(' ');
}

/**
 * The name without a seat after its last comma ("BSC, D.O.O., KRANJ", "Domar d.o.o., Osijek"): a tail of one
 * or two words that names no body, legal form or government, after a name that states a legal form.
 * Null when there is no such seat.
 */
export function withoutSeat(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const lang = language(countryCode);
  // Bulgarian names give the seat after the legal form as "гр. Бургас" (town) or "с. ..." (village), comma or not.
  const bg =
    (countryCode ?? '').toUpperCase() === 'BG' ? /^(.*\S)\s*,?\s+(?:гр|град|с|село|gr|s)\.\s*\p{L}+(?:[\s-]\p{L}+)?$/u.exec(name) : null;
  if (bg) {
    const before = (bg[1] as string).replace(/\s*,$/, '');
    const rest = words(before);
    if (rest.length > 0 && lang.legalForms.endingAt(rest, rest.length)) return before;
  }
  const segments = nameSegments(name);
  if (segments.length < 2 || !name.includes(',')) return null;
  const seat = words(segments[segments.length - 1] as string);
  if (seat.length === 0 || seat.length > 2) return null;
  for (let i = 0; i < seat.length; i++) {
    if (lang.bodies.at(seat, i) || lang.legalForms.at(seat, i) || lang.government.at(seat, i) || lang.stopWords.has(seat[i] as string))
      return null;
    if (/\d/.test(seat[i] as string)) return null;
  }
  const rest = segments.slice(0, -1).join(' ');
  const tokens = words(rest);
  // Only after a company's legal form: after a public body the tail is as often a unit ("..., Carinska uprava").
  const identified = tokens.some((_, i) => lang.legalForms.at(tokens, i));
  return identified ? rest : null;
}

/** Concepts of the bodies a seat after the name leaves the same body: associations and foundations (NGOs). */
const SEATED_NGO = new Set(['association', 'foundation']);

/**
 * An association's or foundation's name without the town written after it, after a comma, a dash or in brackets
 * ("Udruga Sunce, Split", "Fundacja Arka (Wrocław)", "Сдружение Арете - Пловдив"): the name before it and the
 * town (folded), or null. The town is one or two plain words (no body, legal-form, government or stop word, no
 * digit), and what is left names an association or foundation with a word of its own. A caller probes with it:
 * the same name with two towns may be two branches.
 */
export function withoutNgoSeat(
  name: string | null | undefined,
  countryCode: string | null | undefined,
): { name: string; seat: string } | null {
  if (!name) return null;
  const lang = language(countryCode);
  const segments = nameSegments(name);
  if (segments.length < 2) return null;
  const seat = words(segments[segments.length - 1] as string);
  if (seat.length === 0 || seat.length > 2) return null;
  for (let i = 0; i < seat.length; i++)
    if (
      lang.bodies.at(seat, i) ||
      lang.legalForms.at(seat, i) ||
      lang.government.at(seat, i) ||
      lang.stopWords.has(seat[i] as string) ||
      /\d/.test(seat[i] as string) ||
      (seat[i] as string).length < 3
    )
      return null;
  const rest = segments.slice(0, -1).join(' ');
  const found = conceptsOf(rest, countryCode);
  if (!found.concepts.some((c) => SEATED_NGO.has(c)) || !found.concepts.every((c) => SEATED_NGO.has(c))) return null;
  if (!found.others.some((w) => w.length >= 3)) return null;
  return { name: rest, seat: seat.join(' ') };
}

/** The name (folded) without the legal forms its country's dictionary and English know; null when it has none. */
export function withoutLegalForms(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const lang = language(countryCode);
  const tokens = words(name);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const p = lang.legalForms.at(tokens, i);
    if (p) i += p.tokens.length;
    else out.push(tokens[i++] as string);
  }
  return out.length > 0 && out.length < tokens.length ? out.join(' ') : null;
}

/** Countries whose registered company names may state the activity after the legal form ("d.o.o. za ..."). */
const ACTIVITY_AFTER_FORM: Record<string, string> = { HR: 'za', SI: 'za', BA: 'za', RS: 'za' };

/**
 * A company's name without the activity its registered name states after the legal form (Croatian Zakon o
 * trgovačkim društvima lets the firm name its business: "KOŠĆAL, d.o.o. za proizvodnju drvene ambalaže,
 * trgovinu i usluge" is Košćal d.o.o.): the words before the form and the form. Null when there is none.
 */
/** True when a country's registered company names may state the activity after the legal form. */
export function statesActivity(countryCode: string | null | undefined): boolean {
  return !!ACTIVITY_AFTER_FORM[(countryCode ?? '').toUpperCase()];
}

export function withoutActivity(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const cc = (countryCode ?? '').toUpperCase();
  const marker = ACTIVITY_AFTER_FORM[cc];
  if (!marker) return null;
  const lang = language(cc);
  const tokens = words(name);
  for (let i = 1; i < tokens.length; i++) {
    const p = lang.legalForms.at(tokens, i);
    if (!p) continue;
    const end = i + p.tokens.length;
    if (tokens[end] === marker && end + 1 < tokens.length) return tokens.slice(0, end).join(' ');
    i = end - 1;
  }
  return null;
}

/** Whether two legal-form classes can be one organisation's: equal, or an English form ('any-ltd' Ltd.) and a national one of its family. */
export function compatibleLegalForms(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (x: string) => x.replace(/^sole-/, '');
  if (a.startsWith('any-')) return family(b) === a.slice(4);
  if (b.startsWith('any-')) return family(a) === b.slice(4);
  return false;
}

/**
 * The name without the words that only spell its own initials ("Association Regional partnerships for
 * sustainable development – Vidin (RPSD - Vidin)" without "RPSD"): a token of three to six letters that equals
 * the first letters of a run of the name's other words, stop words skipped. Null when there is none.
 */
export function withoutAcronyms(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const lang = language(countryCode);
  const tokens = words(name);
  const content = tokens.filter((t) => !lang.stopWords.has(t));
  const initials = content.map((t) => t[0]).join('');
  const acronym = (t: string, at: number) =>
    t.length >= 3 &&
    t.length <= 6 &&
    /^\p{L}+$/u.test(t) &&
    content.some((_, i) => i !== at && initials.startsWith(t, i) && !content.slice(i, i + t.length).includes(t));
  const out = tokens.filter((t) => !acronym(t, content.indexOf(t)));
  return out.length < tokens.length && out.length >= 2 ? out.join(' ') : null;
}

/** "and" in the files' languages (folded): what follows it is part of a name. */
const CONJUNCTIONS = new Set(['and', 'i', 'a', 'es', 'ir', 'un', 'si', 'oraz', 'ja', 'ili', 'or', 'und']);
/** The heads of a university's key, for the seat trimmed after a preposition (trimmedConceptKeys). */
const UNIVERSITY_HEADS = new Set(['#university', '#polytechnic', '#academy']);

/**
 * conceptKey of the name without its last word (or a preposition and a word), when those words are plain ones (no body, subject,
 * legal-form or government word, no digit) and what is left still has at least two words of its own (one for a
 * university after a preposition and its seat): a town
 * written after a body's name on one side only ("Udruga ... „Jaglac“ Orahovica", "Adam Mickiewicz University in
 * Poznań", "... DELTA DUNARII TULCEA"). `tail` is what was dropped (stemmed as in the key), so a caller can
 * refuse a key that two different tails reach ("X Pleven" and "X Plovdiv" are not one "X").
 */
export function trimmedConceptKeys(
  name: string | null | undefined,
  countryCode: string | null | undefined,
  loose = false,
): Array<{ key: string; tail: string }> {
  if (!name) return [];
  const cc = (countryCode ?? '').toUpperCase();
  const lang = language(cc);
  const full = conceptKey(name, cc, loose);
  if (!full) return [];
  const fullSet = new Set(full.split(' '));
  const tokens = words(name);
  const out: Array<{ key: string; tail: string }> = [];
  for (let k = 1; k <= 2 && k < tokens.length - 1; k++) {
    const tail = tokens.slice(tokens.length - k);
    if (tail.some((t) => /\d/.test(t)) || (tail[tail.length - 1] as string).length < 3) break;
    // Two words only as "in Poznań", "v Trnave": one plain word goes, never the name's own last word before it.
    if (k === 2 && !lang.stopWords.has(tail[0] as string)) break;
    // "Младежки инициативи за развитие и диалог": words after "and" are part of the name, not its seat.
    const and = (t: string) => CONJUNCTIONS.has(t) || (cc === 'SI' && t === 'in');
    if (and(tokens[tokens.length - k - 1] as string) || tail.some(and)) break;
    if (tail.some((_, i) => lang.bodies.at(tail, i) || lang.legalForms.at(tail, i) || lang.government.at(tail, i))) break;
    const key = conceptKey(tokens.slice(0, tokens.length - k).join(' '), cc, loose);
    if (!key) continue;
    const parts = key.split(' ');
    // One plain word left is enough for a university named with its seat after a preposition ("Jagiellonian
    // University in Krakow" / "Jagiellonian University", "... w Szczecinie"): its own name is unique in its country.
    const plain = parts.filter((p) => !p.startsWith('#'));
    // Not in the loose key: five letters of one word are too little ("Universitatea Petrol-Gaze din Ploiești" is no
    // "Universitatea din Petroșani"). No plain word at all is enough for a university named by its kind and
    // subject words alone ("Academy of Performing Arts in Prague"): two towns' universities of one name probe one
    // bucket and neither joins. Only after a preposition, which says the town is a seat: after a dash or a comma
    // it is as often the name ("Medical University - Pleven", one of four medical universities).
    const university = parts.some((p) => UNIVERSITY_HEADS.has(p));
    const subjects = parts.filter((p) => p.startsWith('#') && !UNIVERSITY_HEADS.has(p));
    const seated =
      !loose &&
      university &&
      k === 2 &&
      ((plain.length === 1 && (plain[0] as string).length >= 4) || (plain.length === 0 && subjects.length >= 1));
    if ((plain.length < 2 && !seated) || !parts.every((p) => fullSet.has(p))) continue;
    const dropped = [...fullSet].filter((p) => !parts.includes(p));
    if (dropped.length === 0 || dropped.some((p) => p.startsWith('#'))) continue;
    out.push({ key, tail: dropped.join(' ') });
  }
  return out;
}

/**
 * The body a name says acts for it ("СОФИЙСКИ УНИВЕРСИТЕТ ... чрез Факултет по химия и фармация": the
 * university, through its faculty): the words before "чрез" (through), or null.
 */
export function actingBody(name: string | null | undefined): string | null {
  if (!name) return null;
  const m = /^(.+?)\s+(?:чрез|chrez)\s+\S/iu.exec(name);
  return m ? (m[1] as string) : null;
}

/**
 * The ministry a directorate's name says it belongs to ("Главна дирекция „Европейски фондове ...“ в
 * Министерство на икономиката, в качеството си на ...": the economy ministry): the words from the ministry's
 * own word to the next comma or "in", when the name opens with a directorate word; else null. A ministry's
 * directorate is the ministry (directorates are not bodies of their own, as in conceptKey).
 */
export function ministryOfUnit(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const lang = language(countryCode);
  const [first] = nameSegments(name);
  if (!first) return null;
  const tokens = words(first);
  if (lang.bodies.at(tokens, 0)?.value !== 'directorate') return null;
  const at = tokens.findIndex((_, i) => i > 0 && lang.bodies.at(tokens, i)?.value.split('+').includes('ministry'));
  if (at < 0) return null;
  const rest = tokens.slice(at);
  const end = rest.findIndex((t, i) => i > 1 && UNIT_END.has(t));
  return (end < 0 ? rest : rest.slice(0, end)).join(' ');
}
/** Words after which a ministry's name has ended ("in", "in its capacity"), folded. */
const UNIT_END = new Set(['v', 'in', 'as', 'kato', 'w', 'ca', 'u']);

/**
 * Concepts that name a unit of a body, not a body of its own: a directorate or department, an office, a
 * section or cabinet, a centre after the body's name. A body written with one of its units is that body
 * ("AGENTIA NATIONALA DE ADMINISTRARE FISCALA/Cabinet Secretar General", "Diakonhjemmet hoegskole, ART senteret").
 */
const UNIT_CONCEPTS = new Set(['directorate', 'unit', 'office', 'centre']);
/** Kinds of body that are one kind for aliases: a "Vysoká škola báňská" is the "Technická univerzita Ostrava". */
const headFamily = (c: string) => (c === 'polytechnic' || c === 'college' ? 'university' : c);
/**
 * A segment that only abbreviates or codes ("UiT", "BUPA", "VŠB", "M4"). In a name written in capitals every
 * word looks like an abbreviation ("JAVNI ZAVOD ZA TURIZEM, ŠPORT"), so there only codes count.
 */
const isAbbreviation = (s: string, capitals: boolean) =>
  (!capitals && /^\p{Lu}[\p{L}.&-]{1,7}$/u.test(s) && (s.match(/\p{Lu}/gu) ?? []).length >= 2) || /^(?=.*\d)[\p{L}\d]{1,4}$/u.test(s);

function headsOf(text: string, cc: string): string[] {
  return conceptsOf(text, cc).concepts.filter((c) => HEADS.has(c) || UNIT_CONCEPTS.has(c));
}

/**
 * Within one segment, the body an English "of" names: "National Tourist Route Dept. of the Norwegian Public Roads
 * Administration" (a unit of a body: the body), "The State Police of the Ministry of Interior of the Republic of
 * Latvia" (a body of a ministry: the body, the ministry only says where it belongs). Null when neither.
 */
function bodyOfSegment(lang: Language, segment: string, cc: string): { text: string; under: boolean } | null {
  const tokens = words(segment);
  for (let i = 1; i < tokens.length - 1; i++) {
    if (tokens[i] !== 'of') continue;
    const left = tokens.slice(0, i);
    let r = i + 1;
    while (r < tokens.length && lang.stopWords.has(tokens[r] as string)) r++;
    const right = tokens.slice(r);
    if (right.length === 0) continue;
    const lh = headsOf(left.join(' '), cc);
    const rh = headsOf(right.join(' '), cc);
    // Not a centre: "Scientific Research Centre of the Slovenian Academy of Sciences" is a body of its own.
    if (lh.length > 0 && lh.every((c) => UNIT_CONCEPTS.has(c) && c !== 'centre') && rh.some((c) => !UNIT_CONCEPTS.has(c)))
      return { text: right.join(' '), under: false };
    const ministry = lang.bodies.at(right, 0)?.value.split('+').includes('ministry');
    if (ministry && lh.some((c) => !UNIT_CONCEPTS.has(c) && c !== 'ministry')) return { text: left.join(' '), under: false };
  }
  const under = underMinistry(tokens, cc);
  return under ? { text: under, under: true } : null;
}

/**
 * Words that put a body under a ministry ("Executive Forest Agency within the Ministry of ...", "Žuvininkystės
 * tarnyba prie ... ministerijos", "Главна дирекция ... към Министерство на ...", "... под ..."), folded.
 */
const UNDER = new Set(['under', 'within', 'prie', 'kam', 'pod', 'pri']);

/**
 * The body a segment names before a word that puts it under a ministry (UNDER): the words before it, when they
 * name a body (a directorate too: a directorate general "към" a ministry is a body of its own, as bodyNames reads
 * a unit named before its ministry) and the words after it name a ministry and no other body. Null otherwise.
 */
function underMinistry(tokens: string[], cc: string): string | null {
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!UNDER.has(tokens[i] as string)) continue;
    const left = tokens.slice(0, i);
    const right = tokens.slice(i + 1);
    const lh = headsOf(left.join(' '), cc);
    const rh = headsOf(right.join(' '), cc);
    if (!rh.includes('ministry') || rh.some((c) => c !== 'ministry' && !UNIT_CONCEPTS.has(c))) continue;
    if (lh.some((c) => c !== 'ministry' && c !== 'unit')) return left.join(' ');
  }
  return null;
}

/**
 * The names a name gives its body once its units, parents, abbreviations and aliases are told apart, cut at
 * commas, slashes, brackets and spaced dashes (nameSegments):
 * - a unit of the body ("..., Cabinet Secretar General", "Ambulant Family Section, ...") is dropped: a body
 *   written with one of its units is that body;
 * - a ministry after another body ("General Inspectorate for Emergency Situations - Ministry of Internal
 *   Affairs") only says whose it is, and is dropped;
 * - an abbreviation or code ("UiT - The Arctic University of Norway", "VŠB - ...", "... M4") is dropped;
 * - two segments naming the same kind of body are two names of it ("UiT The Arctic university of Norway,
 *   Tromso University"; "Vysoká škola báňská - Technická univerzita Ostrava"; "Oslo Jewish Museum/ Stiftelsen
 *   Jødisk Museum i Oslo"); a segment naming another kind ("University ..., Faculty of ...") gives null, as two
 *   bodies are named.
 * `tail` holds the other segments (a town, a description), so a caller can join only names that give the body
 * name whole. Null when the name has nothing of the above.
 */
export function bodyNames(
  name: string | null | undefined,
  countryCode: string | null | undefined,
): { names: string[]; tail: string; under?: true } | null {
  if (!name) return null;
  const cc = (countryCode ?? '').toUpperCase();
  const lang = language(cc);
  const segments = nameSegments(name);
  let under = false;
  const capitals = !/\p{Ll}/u.test(name);
  let changed = false;
  const parts: Array<{ text: string; heads: string[]; branch: boolean }> = [];
  const tail: string[] = [];
  for (const raw of segments) {
    const t = words(raw);
    if (isSuffix(lang, t)) {
      changed = true;
      continue;
    }
    if (isAbbreviation(raw.replace(/^["„“”']+|["„“”']+$/g, ''), capitals)) {
      changed = true;
      continue;
    }
    const inner = bodyOfSegment(lang, raw, cc);
    if (inner) changed = true;
    if (inner?.under) under = true;
    const text = inner?.text ?? raw;
    const concepts = conceptsOf(text, cc).concepts;
    const heads = concepts.filter((c) => HEADS.has(c) || UNIT_CONCEPTS.has(c));
    if (heads.length === 0) tail.push(t.join(' '));
    else parts.push({ text, heads, branch: concepts.includes('regional') || concepts.includes('branch') });
  }
  if (parts.length === 0) return null;
  // A regional branch or office after the body ("Hrvatski zavod za zapošljavanje, Područni ured Čakovec",
  // "Chamber of Commerce and Industry - Regional Chamber Ljubljana") is another body than the national one.
  if (parts.some((p, i) => i > 0 && p.branch)) return null;
  // Units are dropped; when every part is a unit the first one names the body ("Prime Minister's Office - ..."),
  // with the parts of its own kind as its other names ("HL-Centre - Centre for Studies of the Holocaust ...").
  const bodies = parts.filter((p) => p.heads.some((c) => !UNIT_CONCEPTS.has(c)));
  const lead = (parts[0] as { heads: string[] }).heads;
  let kept = bodies.length > 0 ? bodies : parts.filter((p) => p.heads.some((c) => lead.includes(c)));
  if (kept.length < parts.length) changed = true;
  // A name of units only ("Prime Minister's Office - Department for ..."): the units dropped stay as its tail, so
  // it joins only records whose whole name gives the body (two departments of one office are two names).
  if (bodies.length === 0) for (const p of parts) if (!kept.includes(p)) tail.push(words(p.text).join(' '));
  // A ministry after another body is its parent.
  const first = kept[0] as { text: string; heads: string[]; branch: boolean };
  // A unit named before a ministry is the unit's own name ("Directorate General Fire Safety and Civil Protection
  // - Ministry of Interior", a body of its own under the ministry), not the ministry acting through it.
  if (first.heads.includes('ministry') && parts[0] !== first) return null;
  if (!first.heads.includes('ministry')) {
    const own = kept.filter((p, i) => i === 0 || !p.heads.every((c) => c === 'ministry' || UNIT_CONCEPTS.has(c)));
    if (own.length < kept.length) changed = true;
    kept = own;
  }
  const family = new Set(first.heads.filter((c) => !UNIT_CONCEPTS.has(c) || bodies.length === 0).map(headFamily));
  if (!kept.every((p) => p.heads.some((c) => family.has(headFamily(c))))) return null;
  if (kept.length > 1) changed = true;
  // A university with a name of its own and one word after it, its town ("Masaryk University, Brno"): its seat.
  // Longer tails are as often a faculty named without its word ("..., Forestry and Wood Technology").
  // Not a university named by its kind alone ("Medical University - Pleven" is not the one of Sofia), nor other
  // bodies ("Chamber of Commerce and Industry – Dobrich" is a regional chamber).
  if (
    tail.length === 1 &&
    !(tail[0] as string).includes(' ') &&
    kept.every((p) => p.heads.every((c) => headFamily(c) === 'university')) &&
    conceptsOf(first.text, cc).others.length > 0
  )
    changed = true;
  if (!changed) return null;
  // `under`: a segment named the body before the ministry it is under (for the explanation).
  return { names: kept.map((p) => p.text), tail: tail.join(' / '), ...(under ? { under: true as const } : {}) };
}

/**
 * "Norwegian Mediation Service" as "National Mediation Service": a name of a country's record that opens with
 * the country's English adjective (the dictionaries' `adjectives`) names the national body, which English names
 * as often call "National ...". Null when the name does not open with it or has fewer than two words after it.
 */
export function asNational(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const cc = (countryCode ?? '').toUpperCase();
  const tokens = words(name);
  const own = DICTIONARIES.filter((d) => d.countries.includes(cc)).flatMap((d) => (d.adjectives ?? []).map((a) => fold(a)));
  if (tokens.length < 3 || !own.includes(tokens[0] as string)) return null;
  return ['national', ...tokens.slice(1)].join(' ');
}

/** The name's words without legal forms and stop words (folded, in order). */
function contentWords(name: string, countryCode: string | null | undefined): string[] {
  const lang = language(countryCode);
  const tokens = words(name);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const p = lang.legalForms.at(tokens, i);
    if (p) {
      i += p.tokens.length;
      continue;
    }
    const t = tokens[i++] as string;
    if (!lang.stopWords.has(t)) out.push(t);
  }
  return out;
}

/**
 * The letters of a name written as nothing but an acronym ("DNV GL AS": "dnvgl"): at most three upper-case
 * words of at most four letters, three to six letters in all, legal forms aside. Null for any other name.
 */
export function acronymOf(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name || /\p{Ll}/u.test(name)) return null;
  const t = contentWords(name, countryCode);
  if (t.length === 0 || t.length > 3 || t.some((w) => w.length > 4 || !/^[a-z]+$/.test(w))) return null;
  const letters = t.join('');
  return letters.length >= 3 && letters.length <= 6 ? letters : null;
}

/**
 * The initials of a name of three to six words ("Det Norske Veritas Germanische Lloyd": "dnvgl"), legal forms
 * and stop words aside; null for shorter or longer names and names with digits.
 */
export function initialsOf(name: string | null | undefined, countryCode: string | null | undefined): string | null {
  if (!name) return null;
  const t = contentWords(name, countryCode);
  if (t.length < 3 || t.length > 6 || t.some((w) => /\d/.test(w))) return null;
  return t.map((w) => w[0]).join('');
}

/**
 * The body a name says is represented by another ("Dolj County represented by DOLJ COUNTY COUNCIL": Dolj County):
 * the words before "represented by" (reprezentat prin), or null.
 */
export function representedBody(name: string | null | undefined): string | null {
  if (!name) return null;
  const m = /^(.+?)\s*,?\s+(?:represented by|reprezentat[aă]? (?:de|prin)|prin reprezentant)\s+\S/iu.exec(name);
  return m ? (m[1] as string) : null;
}

/** Initials written with dots closed up ("RERA S.D." as "RERA SD", "В и К" as "ВиК"), or null when the name has none. */
export function closedInitials(name: string | null | undefined): string | null {
  if (!name) return null;
  // Bulgarian abbreviations joined by "и" (and) are written spaced or not: "В и К" is "ВиК" (water and sewerage).
  const out = name
    .replace(/(?<!\p{L})((?:\p{L}\.\s?){2,})/gu, (m) => `${m.replace(/[.\s]/g, '')} `)
    .replace(/(?<!\p{L})(\p{Lu})\s+(и|i)\s+(\p{Lu})(?!\p{L})/gu, '$1$2$3')
    .replace(/\s+/g, ' ')
    .trim();
  return out !== name.trim() ? out : null;
}
