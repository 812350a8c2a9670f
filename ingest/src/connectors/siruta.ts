import type { PlaceIdentifierRow, PlaceRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited } from '../formats.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';

/**
 * Romania's SIRUTA classification (INS): counties, UATs (the Romanian LAU) and localities.
 *
 * - UATs (NIV 2): places `place:lau:RO:<siruta>`, kind MUNICIPALITY, in their county's NUTS 3 region, named
 *   in proper case without the type word ("MUNICIPIUL TIMIȘOARA" -> "Timișoara", alternative name
 *   "Municipiul Timișoara"); identifiers (siruta, code) and (lau, RO:code).
 * - Localities (NIV 3): places `place:siruta:RO:<siruta>`, kind LOCALITY, inside their UAT.
 * - Counties (NIV 1): identifier (siruta, code) on the county's NUTS 3 region.
 * The county's NUTS 3 region comes from the county code (JUD) through the table below, not from the file's
 * NUTS column: that column is empty for seven counties (and 38 UATs) and gives Giurgiu (52) the code of
 * Galați (RO224) where NUTS 2024 has RO314.
 */

/** SIRUTA county code (JUD) -> NUTS 2024 region of that county (checked against the NUTS labels in the tests). */
export const COUNTY_NUTS: Record<string, string> = {
  '1': 'RO121',
  '2': 'RO421',
  '3': 'RO311',
  '4': 'RO211',
  '5': 'RO111',
  '6': 'RO112',
  '7': 'RO212',
  '8': 'RO122',
  '9': 'RO221',
  '10': 'RO222',
  '11': 'RO422',
  '12': 'RO113',
  '13': 'RO223',
  '14': 'RO123',
  '15': 'RO313',
  '16': 'RO411',
  '17': 'RO224',
  '18': 'RO412',
  '19': 'RO124',
  '20': 'RO423',
  '21': 'RO315',
  '22': 'RO213',
  '23': 'RO322',
  '24': 'RO114',
  '25': 'RO413',
  '26': 'RO125',
  '27': 'RO214',
  '28': 'RO414',
  '29': 'RO316',
  '30': 'RO115',
  '31': 'RO116',
  '32': 'RO126',
  '33': 'RO215',
  '34': 'RO317',
  '35': 'RO424',
  '36': 'RO225',
  '37': 'RO216',
  '38': 'RO415',
  '39': 'RO226',
  '40': 'RO321',
  '51': 'RO312',
  '52': 'RO314',
};

/** Words Romanian place names keep in lower case inside a name ("Valea lui Mihai", "Ștefan cel Mare"). */
const PARTICLES = new Set(['de', 'din', 'la', 'lui', 'cu', 'pe', 'sub', 'și', 'cel']);

/** "BĂIȚA DE SUB CODRU" -> "Băița de sub Codru", "DROBETA-TURNU SEVERIN" -> "Drobeta-Turnu Severin", "I.C.BRĂTIANU" -> "I.C.Brătianu". */
export function properCase(text: string): string {
  let out = '';
  let wordStart = true;
  for (const ch of text.trim().toLocaleLowerCase('ro')) {
    const letter = /\p{L}/u.test(ch);
    out += letter && wordStart ? ch.toLocaleUpperCase('ro') : ch;
    wordStart = !letter;
  }
  return out
    .split(' ')
    .map((w, i) => (i > 0 && PARTICLES.has(w.toLocaleLowerCase('ro')) ? w.toLocaleLowerCase('ro') : w))
    .join(' ');
}

/** Type words SIRUTA puts before a UAT's name (TIP 1/4 municipiu, 2/5 oraș, 9 Bucharest); communes have none. */
const UAT_PREFIX = /^(MUNICIPIUL|ORAȘ|ORAŞ)\s+/;

/** A UAT's name and alternative names from its SIRUTA denomination and type. */
export function uatNames(denomination: string, tip: string): { name: string; altNames: string[] } {
  const m = UAT_PREFIX.exec(denomination.trim());
  const name = properCase(m ? denomination.trim().slice(m[0].length) : denomination);
  // The type word and the name joined by one space: eight denominations have two ("MUNICIPIUL  MARGHITA").
  const full = m ? `${properCase(m[1] as string)} ${name}` : tip === '3' ? `Comuna ${name}` : null;
  return { name, altNames: full ? [full] : [] };
}

interface Unit {
  line: number;
  code: string;
  name: string;
  level: '1' | '2' | '3';
  county: string;
  parent: string;
  tip: string;
}

const uatId = (code: string) => `place:lau:RO:${code}`;

function parseSiruta(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const full = format === 'siruta.csv';
  const { header, rows } = parseDelimited(file, full ? ';' : ',');
  const columns = full
    ? ['SIRUTA', 'DENLOC', 'JUD', 'SIRSUP', 'TIP', 'NIV']
    : ['siruta', 'name', 'tip', 'county_code_jud', 'parent_siruta'];
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) throw new IngestError(file.path, '1', `header lacks ${missing.join(', ')}`);

  const units: Unit[] = [];
  for (const { line, record: r } of rows) {
    const u: Unit = full
      ? {
          line,
          code: r.SIRUTA ?? '',
          name: r.DENLOC ?? '',
          level: (r.NIV ?? '') as Unit['level'],
          county: r.JUD ?? '',
          parent: r.SIRSUP ?? '',
          tip: r.TIP ?? '',
        }
      : {
          line,
          code: r.siruta ?? '',
          name: r.name ?? '',
          level: '2',
          county: r.county_code_jud ?? '',
          parent: r.parent_siruta ?? '',
          tip: r.tip ?? '',
        };
    const bad = (field: string, reason: string) => ctx.reject({ line, field, reason, recordId: u.code || undefined });
    const f = (original: string, derived: string) => (full ? original : derived);
    if (!/^[1-9][0-9]*$/.test(u.code)) bad(f('SIRUTA', 'siruta'), u.code ? `"${u.code}" is not a SIRUTA code` : 'missing');
    else if (!['1', '2', '3'].includes(u.level)) bad('NIV', `"${u.level}" is not a SIRUTA level (1 county, 2 UAT, 3 locality)`);
    else if (!u.name.trim()) bad(f('DENLOC', 'name'), 'missing');
    else if (!COUNTY_NUTS[u.county]) bad(f('JUD', 'county_code_jud'), u.county ? `${u.county} is not a county code` : 'missing');
    else if (u.level !== '1' && !/^[1-9][0-9]*$/.test(u.parent))
      bad(f('SIRSUP', 'parent_siruta'), u.parent ? `"${u.parent}" is not a SIRUTA code` : 'missing');
    else units.push(u);
  }

  const uats = new Set(units.filter((u) => u.level === '2').map((u) => u.code));
  const places: PlaceRow[] = [];
  const placeIdentifiers: PlaceIdentifierRow[] = [];
  for (const u of units) {
    const cite = [recordRef(ctx.sourceId, u.code)];
    const identify = (placeId: string, scheme: string, value: string) => placeIdentifiers.push({ placeId, scheme, value, sourceIds: cite });
    if (u.level === '1') {
      identify(`place:nuts:${COUNTY_NUTS[u.county]}`, 'siruta', u.code);
    } else if (u.level === '2') {
      const id = uatId(u.code);
      places.push({
        id,
        ...uatNames(u.name, u.tip),
        kind: 'MUNICIPALITY',
        countryCode: 'RO',
        lauCode: u.code,
        parentId: `place:nuts:${COUNTY_NUTS[u.county]}`,
        sourceIds: cite,
      });
      identify(id, 'siruta', u.code);
      identify(id, 'lau', `RO:${u.code}`);
    } else {
      if (!uats.has(u.parent)) {
        ctx.reject({ line: u.line, field: 'SIRSUP', reason: `no UAT ${u.parent} in the file for this locality`, recordId: u.code });
        continue;
      }
      const id = `place:siruta:RO:${u.code}`;
      places.push({
        id,
        name: properCase(u.name),
        kind: 'LOCALITY',
        countryCode: 'RO',
        parentId: uatId(u.parent),
        altNames: [],
        sourceIds: cite,
      });
      identify(id, 'siruta', u.code);
    }
  }
  return { records: rows.length, rows: { organisations: { places, placeIdentifiers } } };
}

export const sirutaConnector: Connector = {
  name: 'siruta',
  description:
    'Romanian UATs (LAU) with their NUTS 3 county, localities and county codes from the SIRUTA classification (INS): siruta.csv or the derived ro-lau-uat.csv',
  dataset: {
    title: 'Romania: SIRUTA codes (Romanian LAU codes) with NUTS 3',
    publisher: 'Institutul Național de Statistică (INS), SIRUTA classification; file from strainu/SIRUTA',
    url: 'https://github.com/strainu/SIRUTA/blob/f694e3d75e91df8ceaefbf607c05feff0acf5a79/siruta.csv',
    licence:
      'BSD-3-Clause for the strainu/SIRUTA library; the data is the official SIRUTA classification of INS (check INS terms before redistributing)',
    attribution: 'SIRUTA, Institutul Național de Statistică (INS), via strainu/SIRUTA',
    retrievedOn: '2025-12-24',
  },
  detect(file) {
    if (headerHas(file, ';', ['SIRUTA', 'DENLOC', 'JUD', 'SIRSUP', 'TIP', 'NIV'])) return { format: 'siruta.csv' };
    if (headerHas(file, ',', ['siruta', 'name', 'tip', 'county_code_jud', 'parent_siruta'])) return { format: 'ro-lau-uat.csv' };
    return {
      format: null,
      why: 'not a SIRUTA file: expected the ;-separated SIRUTA columns (SIRUTA, DENLOC, JUD, SIRSUP, TIP, NIV) or the UAT list (siruta, name, tip, county_code_jud, parent_siruta)',
    };
  },
  parse: parseSiruta,
};
