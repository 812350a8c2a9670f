import type { PlaceIdentifierRow, PlaceRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { z } from 'zod';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited } from '../formats.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

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

/** A letter with no letter before it starts a word ("DROBETA-TURNU", "I.C.BRĂTIANU"). */
const WORD_START = /(?<!\p{L})\p{L}/gu;
/** A particle as a whole word after the first one. */
const PARTICLE = new RegExp(`(?<= )(?:${[...PARTICLES].join('|')})(?= |$)`, 'giu');
const upper = (text: string) => text.toLocaleUpperCase('ro');
const lower = (text: string) => text.toLocaleLowerCase('ro');

/** "BĂIȚA DE SUB CODRU" -> "Băița de sub Codru", "DROBETA-TURNU SEVERIN" -> "Drobeta-Turnu Severin", "I.C.BRĂTIANU" -> "I.C.Brătianu". */
export function properCase(text: string): string {
  return lower(text.trim()).replace(WORD_START, upper).replace(PARTICLE, lower);
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
const SIRUTA_CODE = /^[1-9][0-9]*$/;

/**
 * One SIRUTA unit as the connector reads it from either layout (keys named as in Unit); the reasons
 * complete "<column>: <reason>", the column being the file's own (SIRUTA or siruta, DENLOC or name...).
 */
const UNIT = z
  .object({
    code: cell.code(SIRUTA_CODE, 'a SIRUTA code'),
    level: z.enum(['1', '2', '3'], {
      error: (issue) => `${JSON.stringify(issue.input)} is not a SIRUTA level (1 county, 2 UAT, 3 locality)`,
    }),
    name: cell.required,
    county: cell.required.refine((v) => Object.hasOwn(COUNTY_NUTS, v), {
      error: (issue) => `${issue.input} is not a county code`,
      abort: true,
    }),
    parent: cell.optionalCode(SIRUTA_CODE, 'a SIRUTA code'),
    tip: cell.code(/^[0-9]{1,2}$/, 'a SIRUTA unit type (TIP)'),
  })
  .superRefine((u, ctx) => {
    // A county (NIV 1) has the country above it; a UAT or locality names the unit it belongs to.
    if (u.level !== '1' && !u.parent) ctx.addIssue({ code: 'custom', path: ['parent'], message: 'missing', input: u.parent });
  });

/** The columns of each layout, by the keys of UNIT (the derived UAT list has no level column: all its rows are UATs). */
interface Layout {
  delimiter: string;
  columns: { code: string; level: string | null; name: string; county: string; parent: string; tip: string };
}
const LAYOUTS: Record<string, Layout> = {
  'siruta.csv': {
    delimiter: ';',
    columns: { code: 'SIRUTA', level: 'NIV', name: 'DENLOC', county: 'JUD', parent: 'SIRSUP', tip: 'TIP' },
  },
  'ro-lau-uat.csv': {
    delimiter: ',',
    columns: { code: 'siruta', level: null, name: 'name', county: 'county_code_jud', parent: 'parent_siruta', tip: 'tip' },
  },
};

function parseSiruta(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const layout = LAYOUTS[format];
  if (!layout) throw new IngestError(file.path, null, `unknown format ${format}`);
  const { header, rows } = parseDelimited(file, layout.delimiter);
  const c = layout.columns;
  const missing = Object.values(c).filter((name): name is string => name !== null && !header.includes(name));
  if (missing.length) throw new IngestError(file.path, '1', `header lacks ${missing.join(', ')}`);
  const column = (key: string) => c[key as keyof typeof c] ?? key;

  const units: Unit[] = [];
  for (const { line, record: r } of rows) {
    const raw = {
      code: r[c.code] ?? '',
      level: c.level === null ? '2' : (r[c.level] ?? ''),
      name: r[c.name] ?? '',
      county: r[c.county] ?? '',
      parent: r[c.parent] ?? '',
      tip: r[c.tip] ?? '',
    };
    const valid = validRecord(UNIT, raw, { line, recordId: raw.code || undefined }, ctx, column);
    if (valid) units.push({ line, ...valid });
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
        ctx.reject({ line: u.line, field: c.parent, reason: `no UAT ${u.parent} in the file for this locality`, recordId: u.code });
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
    for (const [format, { delimiter, columns }] of Object.entries(LAYOUTS)) {
      if (
        headerHas(
          file,
          delimiter,
          Object.values(columns).filter((c) => c !== null),
        )
      )
        return { format };
    }
    return {
      format: null,
      why: 'not a SIRUTA file: expected the ;-separated SIRUTA columns (SIRUTA, DENLOC, JUD, SIRSUP, TIP, NIV) or the UAT list (siruta, name, tip, county_code_jud, parent_siruta)',
    };
  },
  parse: parseSiruta,
};
