/**
 * Search keys: what a user types ("Tarnow", "TIMISOARA", "zwiazek miast") must find what the
 * sources spell with diacritics ("Tarnów", "Timişoara", "Związek Miast Polskich").
 * Done in JS rather than with Postgres `unaccent` so the embedded PGlite behaves the same.
 */
const EXTRA: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ı: 'i',
  þ: 'th',
  ð: 'd',
};

/**
 * searchKey's results by input: a load folds the same names again and again (a record's name for its search
 * keys, then for its derived organisation's; place names in every file that cites the place). Pure, so a
 * cache changes nothing but the time; cleared when full so a long-running hub does not grow it for ever.
 */
const searchKeys = new Map<string, string>();
const SEARCH_KEY_CACHE = 100_000;
/**
 * Only names are worth keeping: the hub folds request arguments too, so a text longer than any name is folded
 * and not kept, and a public client cannot fill the cache with large strings (at most ~100k x 160 characters).
 */
const MAX_CACHED_LENGTH = 160;

export function searchKey(text: string | null | undefined): string {
  if (!text) return '';
  let key = searchKeys.get(text);
  if (key === undefined) {
    key = foldForSearch(text);
    if (text.length > MAX_CACHED_LENGTH) return key;
    if (searchKeys.size >= SEARCH_KEY_CACHE) searchKeys.clear();
    searchKeys.set(text, key);
  }
  return key;
}

function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØđĐßæÆœŒıþð]/g, (c) => EXTRA[c] ?? c)
    .toLowerCase()
    .replace(/[„“”"'’‘`«»]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A URL- and log-friendly slug for stable IDs built from natural keys. */
export function slug(text: string): string {
  return searchKey(text).replace(/ /g, '-');
}

/**
 * Cyrillic (Bulgarian streamlined system, with the Russian, Ukrainian and Serbian letters Bulgarian lacks)
 * and Greek (ELOT 743, simplified) to Latin, keeping case: 'Община Петрич' -> 'Obshtina Petrich'.
 * Identity resolution compares names across scripts; Kohesio gives some names only in Cyrillic.
 */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
  // Russian, Ukrainian, Belarusian, Serbian, Macedonian
  ё: 'yo',
  ы: 'y',
  э: 'e',
  є: 'ye',
  і: 'i',
  ї: 'yi',
  ґ: 'g',
  ў: 'u',
  ђ: 'dj',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  џ: 'dz',
  ѓ: 'gj',
  ќ: 'kj',
  ѕ: 'dz',
};
const GREEK_PAIRS: Record<string, string> = { ου: 'ou', αυ: 'av', ευ: 'ev', ηυ: 'iv', γγ: 'ng', γκ: 'gk', μπ: 'mp', ντ: 'nt' };
const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};
const isGreek = (c: string) => /[\u0370-\u03ff\u1f00-\u1fff]/.test(c);
const isUpper = (c: string | undefined) => !!c && c !== c.toLowerCase();
const isLetter = (c: string | undefined) => !!c && /\p{L}/u.test(c);

/** Gives `latin` the case of `source` (one letter or a Greek pair): ALL CAPS inside an upper-case word. */
function withCase(latin: string, source: string, prev: string | undefined, next: string | undefined): string {
  if (!isUpper(source[0])) return latin;
  const wordIsUpper = isUpper(next) || (!isLetter(next) && isUpper(prev));
  return wordIsUpper ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
}

export function transliterate(text: string | null | undefined): string {
  if (!text) return '';
  if (!/[\u0370-\u03ff\u0400-\u04ff\u1f00-\u1fff]/.test(text)) return text;
  const chars = Array.from(text.normalize('NFC'));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const lower = c.toLowerCase();
    const prev = chars[i - 1];
    if (isGreek(c)) {
      const base = (s: string) =>
        s
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase();
      const pair = chars[i + 1] !== undefined ? base(c) + base(chars[i + 1] as string) : '';
      let pairLatin = GREEK_PAIRS[pair];
      // αυ, ευ, ηυ are af, ef, if before a voiceless consonant or at the end (Λευκάδα -> Lefkada).
      if (
        pairLatin?.endsWith('v') &&
        (chars[i + 2] === undefined || /^[θκξπστφχψ]?$/.test(base(chars[i + 2] as string).replace(/[^α-ω]/g, '')))
      ) {
        pairLatin = `${pairLatin.slice(0, -1)}f`;
      }
      if (pairLatin) {
        out += withCase(pairLatin, c + (chars[i + 1] as string), prev, chars[i + 2] ?? chars[i + 1]);
        i++;
        continue;
      }
      const latin = GREEK[base(c)];
      out += latin === undefined ? c : withCase(latin, c, prev, chars[i + 1]);
      continue;
    }
    const latin = CYRILLIC[lower];
    if (latin === undefined) {
      out += c;
      continue;
    }
    // Streamlined system: a word-final -ия is -ia (София -> Sofia).
    if (lower === 'и' && chars[i + 1]?.toLowerCase() === 'я' && !isLetter(chars[i + 2])) {
      out += withCase('i', c, prev, chars[i + 1]) + withCase('a', chars[i + 1] as string, c, chars[i + 2]);
      i++;
      continue;
    }
    out += withCase(latin, c, prev, chars[i + 1]);
  }
  return out;
}

/**
 * Legal-form words and phrases, as token sequences of searchKey's output, longest first. Dropped
 * from names for identity ("APPLICA SP. Z O.O." = "APPLICA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ").
 */
const LEGAL_FORMS = [
  // Polish
  'spolka z ograniczona odpowiedzialnoscia',
  'spolka komandytowo akcyjna',
  'spolka z o o',
  'sp z o o',
  'sp z oo',
  'spolka akcyjna',
  'spolka jawna',
  'spolka komandytowa',
  'spolka cywilna',
  'sp j',
  'sp k',
  's k a',
  'spolka z oo',
  // Czech, Slovak
  'spol s r o',
  's r o',
  'sro',
  'a s',
  'v o s',
  'k s',
  // Croatian, Slovenian
  'j d o o',
  'd o o',
  'doo',
  'd d',
  // Hungarian
  'korlatolt felelossegu tarsasag',
  'zartkoruen mukodo reszvenytarsasag',
  'nyilvanosan mukodo reszvenytarsasag',
  'beteti tarsasag',
  'kft',
  'zrt',
  'nyrt',
  'bt',
  'kkt',
  // Romanian
  'societate comerciala',
  's r l',
  'srl',
  's c',
  'sc',
  'pfa',
  // Bulgarian (after transliteration)
  'eood',
  'ood',
  'ead',
  'ad',
  'et',
  'sd',
  'kd',
  // Baltic, Nordic
  'uab',
  'ab',
  'sia',
  'ou',
  'mtu',
  'asa',
  'oy',
  'oyj',
  'hf',
  'ehf',
  // Western European and general
  's a',
  'sa',
  'as',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'plc',
  'inc',
  'llc',
  'bv',
  'nv',
  'co',
  // words that carry no identity (dropped after the municipal forms, which read "city of", "municipality of")
  'the',
  'of',
  'and',
  'in',
].map((form) => form.split(' '));
/** Legal forms by their first word, longest first, so each token is checked against a handful of forms. */
const LEGAL_FORMS_BY_FIRST = new Map<string, string[][]>();
for (const form of [...LEGAL_FORMS].sort((a, b) => b.length - a.length)) {
  const first = form[0] as string;
  LEGAL_FORMS_BY_FIRST.set(first, [...(LEGAL_FORMS_BY_FIRST.get(first) ?? []), form]);
}

/** Removes legal-form sequences anywhere in a token list (keeps the tokens if nothing else would remain). */
export function dropLegalForms(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const form = LEGAL_FORMS_BY_FIRST.get(tokens[i] as string)?.find((f) => f.every((t, j) => tokens[i + j] === t));
    if (form) i += form.length;
    else out.push(tokens[i++] as string);
  }
  return out.length > 0 ? out : tokens;
}

/**
 * Municipal words that name the same kind of body in one country, mapped to one spelling. Poland keeps
 * 'gmina' (rural or urban-rural) and 'miasto' (town with its own gmina) apart: Gmina Chełm is not Miasto Chełm.
 */
const MUNICIPAL_FORMS: Record<string, Array<[string, string]>> = {
  PL: [
    ['gmina miejsko wiejska', 'gmina'],
    ['gmina wiejska', 'gmina'],
    ['miasto i gmina', 'gmina'],
    ['gmina i miasto', 'gmina'],
    ['gmina miejska', 'miasto'],
    ['gmina miasto', 'miasto'],
    ['miasto na prawach powiatu', 'miasto'],
    ['city of', 'miasto'],
    ['town of', 'miasto'],
  ],
  BG: [
    ['municipality of', 'obshtina'],
    ['municipality', 'obshtina'],
  ],
  RO: [
    ['unitatea administrativ teritoriala', ''],
    ['uat', ''],
    ['orasul', 'municipiul'],
    ['oras', 'municipiul'],
    ['municipality of', 'municipiul'],
    ['municipality', 'municipiul'],
    ['town', 'municipiul'],
    ['city of', 'municipiul'],
    ['city', 'municipiul'],
    ['commune', 'comuna'],
  ],
  HR: [
    ['city of', 'grad'],
    ['town of', 'grad'],
    ['municipality of', 'opcina'],
    ['municipality', 'opcina'],
  ],
  SI: [
    ['municipality of', 'obcina'],
    ['municipality', 'obcina'],
  ],
  CZ: [
    ['city of', 'mesto'],
    ['town of', 'mesto'],
    ['municipality of', 'obec'],
    ['municipality', 'obec'],
  ],
  SK: [
    ['city of', 'mesto'],
    ['town of', 'mesto'],
    ['municipality of', 'obec'],
    ['municipality', 'obec'],
  ],
};
const municipalForms = new Map(
  Object.entries(MUNICIPAL_FORMS).map(([cc, forms]) => [
    cc,
    forms.map(([from, to]) => ({ from: from.split(' '), to: to ? to.split(' ') : [] })).sort((a, b) => b.from.length - a.from.length),
  ]),
);

function canonicalMunicipalWords(tokens: string[], countryCode: string): string[] {
  const forms = municipalForms.get(countryCode.toUpperCase());
  if (!forms) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const form = forms.find((f) => f.from.every((t, j) => tokens[i + j] === t));
    if (form) {
      out.push(...form.to);
      i += form.from.length;
    } else out.push(tokens[i++] as string);
  }
  return out;
}

/**
 * The identity key of an organisation name: transliterated, folded (searchKey), without legal forms
 * and punctuation, words sorted (word order varies between sources). With a country, municipal words
 * are spelled one way for that country ('Nikopol Municipality' = 'ОБЩИНА НИКОПОЛ' in BG).
 * Distinguishing municipal words stay: 'Gmina Chełm' and 'Miasto Chełm' get different keys.
 */
/** nameKey's results by country and name: identity resolution asks for each record's names on every run. */
const nameKeys = new Map<string, string>();

/**
 * Empties the caches of searchKey and nameKey. The ingest command calls it when it ends: the names it
 * cached are often slices of a whole source file's text, which the cache would otherwise keep in memory.
 */
/** How many folded texts the caches hold (for the test that a long text is not kept). */
export function foldCacheSizes(): { searchKeys: number; nameKeys: number } {
  return { searchKeys: searchKeys.size, nameKeys: nameKeys.size };
}

export function clearFoldCaches(): void {
  searchKeys.clear();
  nameKeys.clear();
}

export function nameKey(name: string | null | undefined, countryCode?: string | null): string {
  if (!name) return '';
  const cacheKey = `${countryCode ?? ''}\u0000${name}`;
  let key = nameKeys.get(cacheKey);
  if (key === undefined) {
    key = foldNameKey(name, countryCode);
    if (name.length > MAX_CACHED_LENGTH) return key;
    if (nameKeys.size >= SEARCH_KEY_CACHE) nameKeys.clear();
    nameKeys.set(cacheKey, key);
  }
  return key;
}

function foldNameKey(name: string, countryCode?: string | null): string {
  const folded = searchKey(transliterate(name));
  if (!folded) return '';
  let tokens = folded.split(' ');
  // Municipal forms first: they contain "of" ("City of Zvolen"), which dropLegalForms removes.
  if (countryCode) tokens = canonicalMunicipalWords(tokens, countryCode);
  tokens = dropLegalForms(tokens);
  return [...tokens].sort().join(' ');
}
