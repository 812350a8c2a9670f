/**
 * Governments of places: every LAU place has its municipal government `org:municipality:<CC>:<LAU code>`,
 * every region of a country with regional self-government its regional government
 * `org:region:<CC>:<NUTS code>`. A record whose name parses as the government of a place (governmentOf in
 * @regiograph/lib) is matched to these by country, level, type and place name, with the record's region
 * deciding between places of one name.
 */
import { dictionaryRegions, type GovernmentName, governmentOf, placeKey, placeName } from '@regiograph/lib';
import type { PlaceInput, RecordInput } from './types.js';

export interface Government {
  id: string;
  placeId: string;
  countryCode: string;
  level: 'local' | 'region';
  /** PL: the TERYT type digit (1 urban, 2 rural, 3 urban-rural); RO: municipiu, oras, commune; else ''. */
  type: string;
  /** The government's name: the place's name with its type word ("Miasto Kraków", "Județul Timiș"). */
  name: string;
  placeName: string;
  /** NUTS code of the region the place lies in ('' unknown). */
  region: string;
  /** The place's citations: the register that lists the municipality or region is the source of its government. */
  sourceIds: string[];
}

/** Countries whose NUTS 3 regions (PL: voivodeships, NUTS 2) are self-governing: a regional government each. */
const REGIONAL_SELF_GOVERNMENT: Record<string, 'NUTS2' | 'NUTS3'> = {
  PL: 'NUTS2',
  RO: 'NUTS3',
  CZ: 'NUTS3',
  SK: 'NUTS3',
  HR: 'NUTS3',
  HU: 'NUTS3',
};
/** Capitals that are a NUTS 3 region and a municipality at once: their government is the municipality's. */
const CAPITAL_REGIONS = new Set(['RO321', 'CZ010', 'HR050', 'HU110']);

/** Which LAU types a parsed name may mean, in tiers: "Gmina X" is a rural or urban-rural gmina, else an urban one. */
function typeTiers(countryCode: string, type: string): string[][] {
  if (countryCode === 'PL') {
    switch (type) {
      case 'urban':
        return [['1']];
      case 'rural':
        return [['2']];
      case 'urbanrural':
        return [['3']];
      case 'gmina':
      case 'commune':
        return [['2', '3'], ['1']];
      case 'town':
      case 'city':
        return [['1'], ['3']];
      default:
        return [['1', '2', '3']];
    }
  }
  if (countryCode === 'RO') {
    switch (type) {
      case 'urban':
        return [['municipiu', 'oras']];
      case 'commune':
      case 'rural':
        return [['commune']];
      case 'town':
      case 'city':
        return [['municipiu', 'oras'], ['commune']];
      default:
        return [['municipiu', 'oras', 'commune']];
    }
  }
  return [['']];
}

const TYPE_WORDS: Array<[RegExp, string]> = [
  [/^municipiul\s/i, 'municipiu'],
  [/^ora[șşs]\s/i, 'oras'],
  [/^comuna\s/i, 'commune'],
];

function lauType(p: PlaceInput): string {
  const cc = (p.countryCode ?? '').toUpperCase();
  if (cc === 'PL' && p.lauCode && /^\d{7}$/.test(p.lauCode)) return p.lauCode.slice(6);
  if (cc === 'RO') {
    for (const alt of p.altNames) for (const [re, t] of TYPE_WORDS) if (re.test(alt)) return t;
    return 'commune';
  }
  return '';
}

const REGION_NAME: Record<string, (name: string) => string> = {
  PL: (n) => `Województwo ${n.toLocaleLowerCase('pl')}`,
  RO: (n) => `Județul ${n.replace(/ş/g, 'ș').replace(/ţ/g, 'ț')}`,
  HU: (n) => `${n} Vármegye`,
};

const compatible = (a: string, b: string) => !a || !b || a.startsWith(b) || b.startsWith(a);

export type GovernmentMatch =
  | { government: Government; explanation: string }
  | { ambiguous: Government[]; explanation: string }
  | { none: true };

export class GovernmentIndex {
  readonly governments: Government[] = [];
  private readonly byKey = new Map<string, Government[]>();
  private readonly places = new Map<string, PlaceInput>();
  /** Countries with at least one LAU place (a name that matches none of them is no government we know). */
  private readonly lauCountries = new Set<string>();

  constructor(places: PlaceInput[]) {
    for (const p of places) this.places.set(p.id, p);
    const sorted = [...places].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const p of sorted) {
      const cc = (p.countryCode ?? '').toUpperCase();
      if (!cc) continue;
      if (p.kind === 'MUNICIPALITY' && p.lauCode) {
        const alt = p.altNames.find((a) => governmentOf(a, cc)?.level === 'local');
        const gov: Government = {
          id: `org:municipality:${cc}:${p.lauCode}`,
          placeId: p.id,
          countryCode: cc,
          level: 'local',
          type: lauType(p),
          name: alt ?? p.name,
          placeName: p.name,
          region: this.regionOfPlace(p.parentId ?? null),
          sourceIds: p.sourceIds ?? [],
        };
        this.add(gov, [p.name, p.nameEn, ...p.altNames]);
        this.lauCountries.add(cc);
      }
    }
    const dict = new Map<string, string[]>();
    for (const cc of Object.keys(REGIONAL_SELF_GOVERNMENT)) for (const r of dictionaryRegions(cc)) dict.set(r.nutsCode, r.names);
    for (const p of sorted) {
      const cc = (p.countryCode ?? '').toUpperCase();
      const level = REGIONAL_SELF_GOVERNMENT[cc];
      if (!level || !p.nutsCode || CAPITAL_REGIONS.has(p.nutsCode)) continue;
      const isRegion = cc === 'PL' ? dict.has(p.nutsCode) : p.kind === level;
      if (!isRegion) continue;
      const named = REGION_NAME[cc];
      const gov: Government = {
        id: `org:region:${cc}:${p.nutsCode}`,
        placeId: p.id,
        countryCode: cc,
        level: 'region',
        type: '',
        name: named ? named(cc === 'PL' ? (dict.get(p.nutsCode)?.[0] ?? p.name) : p.name) : p.name,
        placeName: p.name,
        region: p.nutsCode,
        sourceIds: p.sourceIds ?? [],
      };
      this.add(gov, [p.name, p.nameEn, ...p.altNames, ...(dict.get(p.nutsCode) ?? [])]);
    }
  }

  private add(gov: Government, names: Array<string | null | undefined>): void {
    this.governments.push(gov);
    // Exact names (folded) and stems: "Buzău" must not meet "Buziaș", whose stem is the same.
    const keys = new Set<string>();
    for (const n of names) {
      if (!n) continue;
      const parsed = governmentOf(n, gov.countryCode);
      const [exact, stem] =
        parsed && parsed.level === gov.level
          ? [parsed.place, parsed.placeKey]
          : [placeName(n, gov.countryCode), placeKey(n, gov.countryCode)];
      if (exact) keys.add(`=${exact}`);
      if (stem) keys.add(`~${stem}`);
    }
    for (const k of keys) {
      const bk = `${gov.countryCode}\u0000${gov.level}\u0000${k}`;
      const list = this.byKey.get(bk);
      if (list) list.push(gov);
      else this.byKey.set(bk, [gov]);
    }
  }

  /** The NUTS code of a place or of the first place above it that has one. */
  private regionOfPlace(placeId: string | null): string {
    let at = placeId ? this.places.get(placeId) : undefined;
    for (let depth = 0; at && depth < 6; depth++) {
      if (at.nutsCode) return at.nutsCode;
      at = at.parentId ? this.places.get(at.parentId) : undefined;
    }
    return '';
  }

  /** The region a record states: its place's NUTS code, or a NUTS code in its place text, if the input knows it. */
  regionOf(record: RecordInput): string {
    const fromPlace = this.regionOfPlace(record.placeId ?? null);
    if (fromPlace) return fromPlace;
    const text = record.placeText?.trim() ?? '';
    return /^[A-Z]{2}[0-9A-Z]{0,3}$/.test(text) && this.places.has(`place:nuts:${text}`) ? text : '';
  }

  hasLau(countryCode: string): boolean {
    return this.lauCountries.has(countryCode);
  }

  /** The government a parsed name names, given the record's country and region. */
  match(record: RecordInput, label: string, gov: GovernmentName): GovernmentMatch {
    if (gov.level !== 'local' && gov.level !== 'region') return { none: true };
    const cc = (record.countryCode ?? '').toUpperCase();
    const exact = this.byKey.get(`${cc}\u0000${gov.level}\u0000=${gov.place}`);
    const stem = this.byKey.get(`${cc}\u0000${gov.level}\u0000~${gov.placeKey}`);
    const result = exact ? this.pick(record, label, gov, exact, '') : { none: true as const };
    if (!('none' in result) || !stem) return result;
    return this.pick(record, label, gov, stem, ' (by the stem of the name)');
  }

  private pick(record: RecordInput, label: string, gov: GovernmentName, all: Government[], how: string): GovernmentMatch {
    const cc = (record.countryCode ?? '').toUpperCase();
    const region = this.regionOf(record);
    const what = gov.level === 'local' ? 'municipal' : 'regional';
    const parsed = `'${label}' parsed as ${gov.forms.map((f) => `'${f}'`).join(' + ')} + place '${gov.place}'${how}`;
    for (const tier of gov.level === 'local' ? typeTiers(cc, gov.type) : [['']]) {
      const cands = all.filter((g) => tier.includes(g.type) || tier.includes(''));
      if (cands.length === 0) continue;
      const pick = cands.length === 1 ? cands : cands.filter((g) => region && compatible(g.region, region));
      const one = pick[0];
      if (pick.length === 1 && one) {
        const by = cands.length > 1 ? `; region ${region} chose it among ${cands.length} places of that name` : '';
        return { government: one, explanation: `${what} government of ${one.placeId} (${one.placeName}): ${parsed}${by}` };
      }
      return {
        ambiguous: cands,
        explanation: `${parsed}: ${cands.length} places of that name (${cands.map((g) => g.placeId).join(', ')}) and ${region ? `region ${region} does not decide` : 'no region'}`,
      };
    }
    return { none: true };
  }
}
