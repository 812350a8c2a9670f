import type { PlaceIdentifierRow, PlaceRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { z } from 'zod';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited } from '../formats.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

/**
 * Poland's TERYT TERC register (GUS): voivodeships, powiats, gminas and their parts.
 *
 * - Gminas (RODZ 1 urban, 2 rural, 3 urban-rural) are the Polish LAU: places `place:lau:PL:<7-digit code>`,
 *   kind MUNICIPALITY, the code as `lauCode`, identifiers (teryt, code) and (lau, PL:code).
 * - The towns and rural areas of urban-rural gminas (RODZ 4, 5), Warsaw's districts (8) and the delegations of
 *   Kraków, Łódź, Poznań and Wrocław (9) are LOCALITY places `place:teryt:PL:<7-digit code>` inside their gmina.
 * - Voivodeships and powiats have no place kind of their own. A voivodeship's territory is exactly one NUTS
 *   2024 region (a NUTS 2 region, or for Mazowieckie, split into PL91/PL92, the NUTS 1 region PL9), so its code
 *   becomes an identifier (teryt, WOJ) of that region, and the gmina's parent is that region (TERC has no
 *   gmina -> NUTS 3 mapping). Each gmina carries (teryt-woj, WOJ) and (teryt-pow, WOJ+POW), citing the
 *   voivodeship's and powiat's own records, whose names the source rows keep.
 */

/** TERYT voivodeship code -> the NUTS 2024 region with the same territory (checked against nuts2024.csv in the tests). */
export const VOIVODESHIP_NUTS: Record<string, string> = {
  '02': 'PL51',
  '04': 'PL61',
  '06': 'PL81',
  '08': 'PL43',
  '10': 'PL71',
  '12': 'PL21',
  '14': 'PL9',
  '16': 'PL52',
  '18': 'PL82',
  '20': 'PL84',
  '22': 'PL63',
  '24': 'PL22',
  '26': 'PL72',
  '28': 'PL62',
  '30': 'PL41',
  '32': 'PL42',
};

const GMINA_PREFIX: Record<string, string> = { '1': 'Miasto', '2': 'Gmina', '3': 'Gmina' };

/** The columns every TERC layout has. */
const COLUMNS = ['WOJ', 'POW', 'GMI', 'RODZ', 'NAZWA', 'NAZWA_DOD'];

interface Unit {
  line: number;
  woj: string;
  pow: string;
  gmi: string;
  rodz: string;
  name: string;
  kindText: string;
  code: string;
}

const lauId = (code: string) => `place:lau:PL:${code}`;

/** RODZ of a gmina or of a part of one: 1-3 gminas, 4-5 the town and rural area of an urban-rural gmina, 8-9 districts and delegations. */
const GMINA_TYPES = new Set(['1', '2', '3', '4', '5', '8', '9']);

/**
 * One TERC row, as the connector reads it: the unit's code in its four columns (WOJ alone for a
 * voivodeship, WOJ+POW for a powiat, all four for a gmina or a part of one), its name and type text, and
 * the derived 7-digit code (teryt_code) when the file carries it. Each reason completes "<column>: <reason>".
 */
const TERC_ROW = z
  .object({
    WOJ: cell
      .code(/^[0-9]{2}$/, 'a two-digit voivodeship code')
      .refine((v) => Object.hasOwn(VOIVODESHIP_NUTS, v), { error: (issue) => `${issue.input} is not a voivodeship code` }),
    POW: cell.optionalCode(/^[0-9]{2}$/, 'a two-digit powiat code'),
    GMI: cell.optionalCode(/^[0-9]{2}$/, 'a two-digit gmina code'),
    RODZ: cell.optionalCode(/^[0-9]$/, 'a one-digit unit type'),
    NAZWA: cell.required,
    NAZWA_DOD: cell.any,
    teryt_code: cell.any.optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message, input: r[field as keyof typeof r] });
    if (r.GMI && !r.POW) issue('GMI', `gmina ${r.GMI} without a powiat (POW)`);
    else if (!r.GMI && r.RODZ) issue('RODZ', `"${r.RODZ}" on a ${r.POW ? 'powiat' : 'voivodeship'} row, which has no unit type`);
    else if (r.GMI && !r.RODZ) issue('RODZ', 'missing');
    else if (r.GMI && !GMINA_TYPES.has(r.RODZ)) issue('RODZ', `${r.RODZ} is not a TERC unit type (1-5, 8, 9)`);
    const code = r.WOJ + r.POW + r.GMI + r.RODZ;
    if (r.teryt_code !== undefined && r.teryt_code !== code) issue('teryt_code', `"${r.teryt_code}" is not WOJ+POW+GMI+RODZ (${code})`);
  });

function parseTerc(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const delimiter = format === 'terc-gus.csv' ? ';' : ',';
  const { header, rows } = parseDelimited(file, delimiter);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new IngestError(file.path, '1', `header lacks ${missing.join(', ')}`);

  const units: Unit[] = [];
  for (const { line, record: r } of rows) {
    const code = (r.WOJ ?? '') + (r.POW ?? '') + (r.GMI ?? '') + (r.RODZ ?? '');
    const valid = validRecord(TERC_ROW, r, { line, recordId: code || undefined }, ctx);
    if (!valid) continue;
    units.push({
      line,
      woj: valid.WOJ,
      pow: valid.POW,
      gmi: valid.GMI,
      rodz: valid.RODZ,
      name: valid.NAZWA,
      kindText: valid.NAZWA_DOD,
      code,
    });
  }

  const voivodeships = new Map(units.filter((u) => !u.pow).map((u) => [u.woj, u]));
  const powiats = new Map(units.filter((u) => u.pow && !u.gmi).map((u) => [u.woj + u.pow, u]));
  const gminas = new Map(units.filter((u) => ['1', '2', '3'].includes(u.rodz)).map((u) => [u.code, u]));
  const cityOfPowiat = new Map(units.filter((u) => u.rodz === '1').map((u) => [u.woj + u.pow, u]));

  const places: PlaceRow[] = [];
  const placeIdentifiers: PlaceIdentifierRow[] = [];
  const identify = (placeId: string, scheme: string, value: string, records: string[]) =>
    placeIdentifiers.push({ placeId, scheme, value, sourceIds: records.map((r) => recordRef(ctx.sourceId, r)) });

  for (const u of units) {
    const cite = [recordRef(ctx.sourceId, u.code)];
    if (!u.pow) {
      identify(`place:nuts:${VOIVODESHIP_NUTS[u.woj]}`, 'teryt', u.woj, [u.code]);
      continue;
    }
    if (!u.gmi) continue; // powiats: carried by their gminas' teryt-pow identifiers
    if (GMINA_PREFIX[u.rodz]) {
      const id = lauId(u.code);
      places.push({
        id,
        name: u.name,
        kind: 'MUNICIPALITY',
        countryCode: 'PL',
        lauCode: u.code,
        parentId: `place:nuts:${VOIVODESHIP_NUTS[u.woj]}`,
        altNames: [`${GMINA_PREFIX[u.rodz]} ${u.name}`],
        sourceIds: cite,
      });
      identify(id, 'teryt', u.code, [u.code]);
      identify(id, 'lau', `PL:${u.code}`, [u.code]);
      identify(id, 'teryt-woj', u.woj, [u.code, ...(voivodeships.has(u.woj) ? [u.woj] : [])]);
      identify(id, 'teryt-pow', u.woj + u.pow, [u.code, ...(powiats.has(u.woj + u.pow) ? [u.woj + u.pow] : [])]);
      continue;
    }
    // Parts of a gmina: the town and rural area of an urban-rural gmina, a city's districts or delegations.
    const parent = u.rodz === '4' || u.rodz === '5' ? gminas.get(`${u.woj}${u.pow}${u.gmi}3`) : cityOfPowiat.get(u.woj + u.pow);
    if (!parent) {
      ctx.reject({
        line: u.line,
        field: 'RODZ',
        recordId: u.code,
        reason:
          u.rodz === '4' || u.rodz === '5'
            ? `no urban-rural gmina ${u.woj}${u.pow}${u.gmi}3 in the file for this part`
            : `no city gmina (RODZ 1) in powiat ${u.woj}${u.pow} for this district`,
      });
      continue;
    }
    const id = `place:teryt:PL:${u.code}`;
    places.push({
      id,
      name: u.rodz === '5' ? `${u.name} (${u.kindText || 'obszar wiejski'})` : u.name,
      kind: 'LOCALITY',
      countryCode: 'PL',
      parentId: lauId(parent.code),
      altNames: u.rodz === '4' ? [`Miasto ${u.name}`] : [],
      sourceIds: cite,
    });
    identify(id, 'teryt', u.code, [u.code]);
  }
  return { records: rows.length, rows: { organisations: { places, placeIdentifiers } } };
}

export const terytConnector: Connector = {
  name: 'teryt',
  description:
    'Polish gminas (LAU) and their parts from the TERYT TERC register (GUS), with voivodeship and powiat codes; voivodeships as identifiers of their NUTS 2024 regions',
  dataset: {
    title: 'Poland: TERYT TERC register (voivodeships, powiats, gminas), as of 2024-01-01',
    publisher: 'Główny Urząd Statystyczny (Statistics Poland), TERYT register; file from star-in-the-jar/hackyeah-fintax-taxuam',
    url: 'https://github.com/star-in-the-jar/hackyeah-fintax-taxuam/blob/32db9eece8dc858a07c4f5a5e4e625b6a0bd8fd1/frontend/src/mocks/lokacje.json',
    licence: 'not stated (the repository has no licence file); the content is the official GUS TERYT register, public register data',
    attribution: 'TERYT TERC register, Główny Urząd Statystyczny (GUS), state of 2024-01-01',
    retrievedOn: '2024-09-29',
  },
  detect(file) {
    if (headerHas(file, ',', COLUMNS)) return { format: 'terc.csv' };
    if (headerHas(file, ';', COLUMNS)) return { format: 'terc-gus.csv' };
    return { format: null, why: 'not a TERC file: the header lacks the TERC columns WOJ, POW, GMI, RODZ, NAZWA, NAZWA_DOD' };
  },
  parse: parseTerc,
};
