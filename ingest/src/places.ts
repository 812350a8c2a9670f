import { searchKey, transliterate } from '@regiograph/lib';
import lauJson from '../reference/lau.json';

/**
 * Places an organisation record at its municipality (a LAU place the graph has: a Polish gmina, a Romanian UAT)
 * or its county when its name or town names one, through the committed table reference/lau.json (regenerate
 * with scripts/build-lau-reference.cjs from the TERYT and SIRUTA files), so a file places its records the same
 * way whatever was loaded before it. A name is looked up only inside the region the record already has
 * (its NUTS region, or its country when that is all the source gives), and only a single candidate counts:
 * two gminas of one name in one voivodeship leave the record at its region, with a note.
 *
 * Coordinates are not used: the graph's LAU places carry no coordinates and no LAU boundaries or points are
 * committed, so a point cannot be put inside a municipality without guessing.
 */

interface Lau {
  placeId: string;
  name: string;
  /** City-like (PL gmina miejska, RO municipiu or oraș), rural-like (PL gmina wiejska, RO comună) or mixed (PL urban-rural). */
  type: 'city' | 'rural' | 'mixed';
  /** The NUTS code of the region it lies in (PL: the voivodeship's NUTS 2 or PL9; RO: the county's NUTS 3). */
  nuts: string;
  /** A town part of an urban-rural gmina: found by the town's name, placed at its gmina. */
  townOf?: boolean;
}

const table = lauJson as { PL: string[][]; RO: string[][]; 'RO-counties': string[][]; NUTS3: string[][] };
const fold = (text: string) => searchKey(transliterate(text));
/**
 * Keys of a name: Romanian names are written with î or â inside words depending on the spelling reform
 * (Tîrlișua, Târlișua) and often without diacritics (TARGOVISTE, TIRGU), so both readings are keys.
 */
const keysOf = (country: string, text: string): string[] =>
  country === 'RO' ? [...new Set([fold(text.replace(/[âÂîÎ]/g, 'a')), fold(text.replace(/[âÂîÎ]/g, 'i'))])] : [fold(text)];
const foldIn = (country: string, text: string) => keysOf(country, text)[0] as string;

interface Tables {
  /** `<country>\t<folded name>` -> the municipalities (and towns of urban-rural gminas) of that name. */
  byName: Map<string, Lau[]>;
  /** Folded Romanian county name -> its NUTS 3 code. */
  counties: Map<string, string>;
  /** `<NUTS country>\t<folded name>` -> the NUTS 3 regions of that name. */
  nuts3ByName: Map<string, string[]>;
}

const PL_TYPE: Record<string, Lau['type']> = { '1': 'city', '2': 'rural', '3': 'mixed', '4': 'mixed' };
const RO_TYPE: Record<string, Lau['type']> = { '1': 'city', '2': 'city', '4': 'city', '5': 'city', '9': 'city', '3': 'rural' };

let built: Tables | null = null;

/**
 * The lookup tables, built on first use: folding some 5,700 names costs tens of milliseconds, which every
 * ingest command would otherwise pay at start-up, also the ones that place nothing (nuts, teryt, siruta).
 */
function tables(): Tables {
  if (built) return built;
  const byName = new Map<string, Lau[]>();
  const add = (country: string, name: string, lau: Lau) => {
    for (const k of keysOf(country, name)) {
      const key = `${country}\t${k}`;
      const list = byName.get(key);
      if (list) list.push(lau);
      else byName.set(key, [lau]);
    }
  };
  for (const [code, name, rodz, nuts] of table.PL as Array<[string, string, string, string]>) {
    add('PL', name, { placeId: `place:lau:PL:${code}`, name, type: PL_TYPE[rodz] ?? 'mixed', nuts, townOf: rodz === '4' });
  }
  for (const [code, name, tip, nuts] of table.RO as Array<[string, string, string, string]>) {
    add('RO', name, { placeId: `place:lau:RO:${code}`, name, type: RO_TYPE[tip] ?? 'rural', nuts });
  }
  const counties = new Map<string, string>(
    (table['RO-counties'] as Array<[string, string]>).map(([name, nuts]) => [foldIn('RO', name), nuts]),
  );
  const nuts3ByName = new Map<string, string[]>();
  for (const [code, label] of table.NUTS3 as Array<[string, string]>) {
    for (const part of label.split('/')) {
      const key = `${code.slice(0, 2)}\t${fold(part)}`;
      const list = nuts3ByName.get(key);
      if (list) list.push(code);
      else nuts3ByName.set(key, [code]);
    }
  }
  built = { byName, counties, nuts3ByName };
  return built;
}

/** Countries whose LAU places the graph has (from the TERYT and SIRUTA registers). */
export const LAU_COUNTRIES = new Set(['PL', 'RO']);

export type PlaceResolution = { placeId: string; rule: string } | { placeId: null; reason: string } | null; // the name or town says nothing about a municipality

/** The NUTS code a place ID stands for ('PL41' for place:nuts:PL41, 'PL' for place:country:PL), or null. */
function regionCode(placeId: string | null | undefined): string | null {
  if (!placeId) return null;
  const nuts = /^place:nuts:([A-Z0-9]+)$/.exec(placeId);
  if (nuts) return nuts[1] as string;
  const country = /^place:country:([A-Z]{2})$/.exec(placeId);
  return country ? (country[1] as string) : null;
}

/** True when two NUTS codes nest (PL41 and PL411, PL9 and PL91, RO42 and RO424). */
const nested = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** Municipal words before the name, as folded token sequences, with the LAU types they allow, most specific first. */
const MUNICIPAL_PREFIXES: Array<{ country: string; words: string; types: Array<Lau['type']> }> = [
  { country: 'PL', words: 'gmina miejsko wiejska', types: ['mixed'] },
  { country: 'PL', words: 'miasto i gmina', types: ['mixed'] },
  { country: 'PL', words: 'gmina i miasto', types: ['mixed'] },
  { country: 'PL', words: 'gmina wiejska', types: ['rural'] },
  { country: 'PL', words: 'gmina miejska', types: ['city'] },
  { country: 'PL', words: 'gmina miasto', types: ['city'] },
  { country: 'PL', words: 'gmina miasta', types: ['city'] },
  { country: 'PL', words: 'miasto gmina', types: ['city'] },
  { country: 'PL', words: 'miasto stoleczne', types: ['city'] },
  { country: 'PL', words: 'urzad miasta', types: ['city', 'mixed'] },
  { country: 'PL', words: 'urzad gminy', types: ['rural', 'mixed'] },
  { country: 'PL', words: 'miasto', types: ['city', 'mixed'] },
  { country: 'PL', words: 'gmina', types: ['rural', 'mixed', 'city'] },
  { country: 'RO', words: 'unitatea administrativ teritoriala', types: ['city', 'rural'] },
  { country: 'RO', words: 'uat', types: ['city', 'rural'] },
  { country: 'RO', words: 'administrative territorial unit', types: ['city', 'rural'] },
  { country: 'RO', words: 'territorial administrative unit', types: ['city', 'rural'] },
  { country: 'RO', words: 'territorial administrativ unit', types: ['city', 'rural'] },
  { country: 'RO', words: 'primaria', types: ['city', 'rural'] },
  { country: 'RO', words: 'municipiul', types: ['city'] },
  { country: 'RO', words: 'municipiului', types: ['city'] },
  { country: 'RO', words: 'orasului', types: ['city'] },
  { country: 'RO', words: 'comunei', types: ['rural'] },
  { country: 'RO', words: 'orasul', types: ['city'] },
  { country: 'RO', words: 'oras', types: ['city'] },
  { country: 'RO', words: 'comuna', types: ['rural'] },
  { country: '*', words: 'city of', types: ['city', 'mixed'] },
  { country: '*', words: 'town of', types: ['city', 'mixed'] },
  { country: '*', words: 'municipality of', types: ['city', 'mixed', 'rural'] },
  { country: '*', words: 'commune of', types: ['rural', 'mixed', 'city'] },
  { country: '*', words: 'city hall of', types: ['city', 'mixed'] },
];
const MUNICIPAL_SUFFIXES: Array<{ words: string; types: Array<Lau['type']> }> = [
  { words: 'city municipality', types: ['city', 'mixed'] },
  { words: 'municipality', types: ['city', 'mixed', 'rural'] },
  { words: 'commune', types: ['rural', 'mixed', 'city'] },
  { words: 'city', types: ['city', 'mixed'] },
  { words: 'town', types: ['city', 'mixed'] },
];
/** Words after the name that say it is a town ("GMINA MIEJSKA KRAKÓW - MIASTO NA PRAWACH POWIATU", "GMINA ŻARY O STATUSIE MIEJSKIM"). */
const TOWN_TRAILERS = ['miasto na prawach powiatu', 'na prawach powiatu', 'o statusie miejskim'];
/** Words that wrap a municipal name ("UAT Comuna X", "Primăria Orașului X"): the municipal words follow them. */
const WRAPPERS = new Set([
  'uat',
  'unitatea administrativ teritoriala',
  'administrative territorial unit',
  'territorial administrative unit',
  'territorial administrativ unit',
  'primaria',
]);
/** At most this many words of a name after its municipal words: a longer rest names something else ("Centre of Culture ... of Siedlce City"). */
const MAX_NAME_WORDS = 4;

/** The municipality a name is the government of ("GMINA X", "Municipiul X", "City of X"), as the name and the LAU types it allows. */
function municipalName(name: string, country: string): { rest: string; types: Array<Lau['type']>; form: string } | null {
  const found = municipalWords(name, country);
  if (!found || found.rest.split(' ').length > MAX_NAME_WORDS) return null;
  return found;
}

function municipalWords(name: string, country: string): { rest: string; types: Array<Lau['type']>; form: string } | null {
  // "MIASTO KALISZ / POWIATOWY URZĄD PRACY W KALISZU": a unit of the town, which is where it is.
  // A spaced dash separates a unit in Polish names ("... - POWIATOWY URZĄD PRACY"); in Romanian ones it is part of the name ("TIRGU - MURES").
  const first = name.split(country === 'PL' ? /\s*[/,;]\s*|\s+[-–]\s+(?!miasto)/i : /\s*[/,;]\s*/)[0] ?? name;
  // "GMINA NOWA SÓL - MIASTO" is the town; "Gmina Dobre Miasto" is a gmina called Dobre Miasto.
  let town = /\s[-–]\s*miasto\s*$/i.test(first);
  let folded = foldIn(country, town ? first.replace(/\s[-–]\s*miasto\s*$/i, '') : first).replace(/^the /, '');
  // "Tg." is how Romanian names shorten Târgu ("MUNICIPIUL TG - JIU").
  if (country === 'RO') folded = folded.replace(/\btg\b/g, 'targu');
  for (const t of TOWN_TRAILERS) {
    if (folded.endsWith(` ${t}`) && folded.length > t.length + 1) {
      folded = folded.slice(0, -t.length - 1).trim();
      town = true;
    }
  }
  const result = prefixed(folded, country) ?? suffixed(folded);
  return result && town ? { ...result, types: ['city', 'mixed'] } : result;
}

function suffixed(folded: string): { rest: string; types: Array<Lau['type']>; form: string } | null {
  for (const s of MUNICIPAL_SUFFIXES) {
    if (folded.endsWith(` ${s.words}`)) {
      const rest = folded.slice(0, -s.words.length - 1).trim();
      return rest ? { rest, types: s.types, form: `... ${s.words}` } : null;
    }
  }
  return null;
}

function prefixed(folded: string, country: string): { rest: string; types: Array<Lau['type']>; form: string } | null {
  for (const p of MUNICIPAL_PREFIXES) {
    if (p.country !== country && p.country !== '*') continue;
    if (folded.startsWith(`${p.words} `)) {
      let rest = folded.slice(p.words.length + 1);
      // "UAT Comuna X", "Unitatea administrativ teritorială Municipiul X": the type word follows.
      if (WRAPPERS.has(p.words)) {
        const inner = prefixed(rest, country);
        if (inner) return { ...inner, form: `${p.words} ${inner.form}` };
      }
      // "City Hall of Slatina Municipality": the municipal word after the name too.
      rest = (suffixed(rest)?.rest ?? rest).trim();
      return rest ? { rest, types: p.types, form: p.words } : null;
    }
  }
  return null;
}

/**
 * "GMINA MIASTA TARNOWA" names the town in the genitive: the nominatives its ending allows (Tarnowa -> Tarnów,
 * Sopotu -> Sopot, Jaworzna -> Jaworzno, Brodnicy -> Brodnica, Gdyni -> Gdynia), tried only after that form.
 */
function genitiveCandidates(country: string, m: { rest: string; form: string }): Lau[] {
  if (country !== 'PL' || m.form !== 'gmina miasta') return [];
  const endings: Array<[RegExp, string]> = [
    [/owa$/, 'ow'],
    [/ia$/, ''],
    [/a$/, ''],
    [/a$/, 'o'],
    [/u$/, ''],
    [/y$/, 'a'],
    [/i$/, 'ia'],
  ];
  const found = new Map<string, Lau>();
  for (const [re, to] of endings) {
    if (!re.test(m.rest)) continue;
    for (const l of tables().byName.get(`${country}\t${m.rest.replace(re, to)}`) ?? []) found.set(l.placeId, l);
  }
  return [...found.values()];
}

function pick(candidates: Lau[], types: Array<Lau['type']>, region: string): { one: Lau } | { many: Lau[] } | null {
  const inRegion = candidates.filter((c) => nested(c.nuts, region) || region.length === 2);
  // Types in order of preference: the first type with any candidate decides.
  for (const type of types) {
    const ofType = inRegion.filter((c) => c.type === type && !c.townOf);
    const towns = inRegion.filter((c) => c.type === type && c.townOf);
    const list = ofType.length ? ofType : towns;
    if (list.length === 1) return { one: list[0] as Lau };
    if (list.length > 1) return { many: list };
  }
  return null;
}

/**
 * The LAU place (or county) the name of an organisation record names as its government, within the record's
 * region (`regionPlaceId`: its NUTS place, or its country). Null when the name names no municipality.
 */
export function placeOfMunicipalName(
  name: string,
  countryCode: string | null | undefined,
  regionPlaceId: string | null | undefined,
): PlaceResolution {
  const country = (countryCode ?? '').toUpperCase();
  if (!LAU_COUNTRIES.has(country)) return null;
  const region = regionCode(regionPlaceId) ?? country;
  // Kohesio files a beneficiary under the region of its projects, not always its own ("MUNICIPIUL ARAD" under
  // Bucharest-Ilfov): a name with no match in the record's region may match the one place of that name in the country.
  const outside = region === country ? '' : ` (none in the record's region ${region}; the only one in ${country})`;
  if (country === 'RO') {
    const folded = foldIn('RO', name.split('/')[0] ?? name).replace(/^(?:uat|unitatea administrativ teritoriala) /, '');
    const county = /^(?:judetul|consiliul judetean) (.+)$/.exec(folded) ?? /^(.+) county(?: council)?$/.exec(folded);
    const nuts = county ? tables().counties.get((county[1] as string).trim()) : undefined;
    if (county && nuts)
      return { placeId: `place:nuts:${nuts}`, rule: `county named in the name ('${county[1]}')${nested(nuts, region) ? '' : outside}` };
  }
  const m = municipalName(name, country);
  if (!m) return null;
  const candidates = tables().byName.get(`${country}\t${m.rest}`) ?? genitiveCandidates(country, m);
  let found = pick(candidates, m.types, region);
  let where = '';
  if (!found && region !== country) {
    found = pick(candidates, m.types, country);
    if (found && 'many' in found)
      return {
        placeId: null,
        reason: `no ${country} municipality named '${m.rest}' in ${region}, ${found.many.length} elsewhere in ${country}`,
      };
    where = outside;
  }
  if (!found) return { placeId: null, reason: `no ${country} municipality named '${m.rest}' in ${region}` };
  if ('many' in found)
    return {
      placeId: null,
      reason: `${found.many.length} ${country} municipalities named '${m.rest}' in ${region}: ${found.many.map((c) => c.placeId).join(', ')}`,
    };
  return {
    placeId: found.one.placeId,
    rule: `name '${m.form} ${m.rest}' = municipality ${found.one.name} (${found.one.placeId})${where || ` in ${region}`}`,
  };
}

/**
 * The place a partner's town gives (keep.eu `town`): the one PL or RO municipality of that name in the
 * country (towns before communes), else the one NUTS 3 region of that name (Bulgarian, Romanian and Turkish
 * regions carry their seat's name). Null when there is no town.
 */
export function placeOfTown(town: string | null | undefined, countryCode: string | null | undefined): PlaceResolution {
  if (!town?.trim()) return null;
  const country = (countryCode ?? '').toUpperCase();
  const key = foldIn(country, town);
  if (LAU_COUNTRIES.has(country)) {
    const found = pick(tables().byName.get(`${country}\t${key}`) ?? [], ['city', 'mixed', 'rural'], country);
    if (found && 'one' in found)
      return { placeId: found.one.placeId, rule: `town '${town}' = municipality ${found.one.name} (${found.one.placeId})` };
    if (found) return { placeId: null, reason: `town '${town}': ${found.many.length} municipalities of that name in ${country}` };
  }
  const regions = tables().nuts3ByName.get(`${country === 'GR' ? 'EL' : country}\t${key}`) ?? [];
  if (regions.length === 1)
    return { placeId: `place:nuts:${regions[0]}`, rule: `town '${town}' = NUTS 3 region ${regions[0]} of the same name` };
  return { placeId: null, reason: `town '${town}' (${country || 'no country'}) matches no municipality or NUTS 3 region of the graph` };
}

interface PlaceableRecord {
  id: string;
  dataset: string;
  name: string;
  nameLatin?: string | null;
  nameEn?: string | null;
  countryCode?: string | null;
  placeId?: string | null;
  placeText?: string | null;
  attributes?: Record<string, unknown>;
}

/**
 * Moves each record to the most precise place its source gives: the municipality or county its name is the
 * government of (any dataset), else for keep.eu the partner's town. The rule goes into `attributes.placedBy`,
 * the region the source gave into `attributes.regionPlaceId`.
 * Returns a note for each record whose name or town names a place that cannot be resolved (it keeps its region).
 */
export function placeRecords(records: PlaceableRecord[]): string[] {
  const notes: string[] = [];
  for (const r of records) {
    let unresolved: string | null = null;
    let placed = false;
    for (const name of [r.name, r.nameLatin, r.nameEn]) {
      if (!name) continue;
      const found = placeOfMunicipalName(name, r.countryCode, r.placeId);
      if (!found) continue;
      if (found.placeId) {
        r.attributes = { ...(r.attributes ?? {}), placedBy: found.rule, regionPlaceId: r.placeId ?? null };
        r.placeId = found.placeId;
        placed = true;
        break;
      }
      if ('reason' in found) unresolved ??= found.reason;
    }
    if (!placed && r.dataset === 'keep-eu') {
      const found = placeOfTown(r.placeText, r.countryCode);
      if (found?.placeId) {
        r.attributes = { ...(r.attributes ?? {}), placedBy: found.rule, regionPlaceId: r.placeId ?? null };
        r.placeId = found.placeId;
        placed = true;
      } else if (found && 'reason' in found) unresolved ??= found.reason;
    }
    if (!placed && unresolved) notes.push(`${r.id} "${r.name}": ${unresolved}; kept at ${r.placeId ?? 'no place'}`);
  }
  return notes;
}
