import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { terytConnector as connector } from './teryt.js';

/**
 * TERC rows checked against the raw lines (WOJ,POW,GMI,RODZ,NAZWA come first and hold no comma, per
 * SOURCE.md), with tables written here: each voivodeship's NUTS 2024 region, by its name (Mazowieckie: the
 * macroregion PL9, split into PL91/PL92), and the RODZ unit types of TERC (1 urban gmina, 2 rural gmina,
 * 3 urban-rural gmina, 4 its town, 5 its rural area, 8 a district of Warsaw, 9 a delegation of a city).
 */

const FILE = join(sourcesDir(), 'pl-teryt-terc-2024', 'terc-2024-01-01.csv');
const VOIVODESHIP: Record<string, string> = {
  DOLNOŚLĄSKIE: 'PL51',
  'KUJAWSKO-POMORSKIE': 'PL61',
  LUBELSKIE: 'PL81',
  LUBUSKIE: 'PL43',
  ŁÓDZKIE: 'PL71',
  MAŁOPOLSKIE: 'PL21',
  MAZOWIECKIE: 'PL9',
  OPOLSKIE: 'PL52',
  PODKARPACKIE: 'PL82',
  PODLASKIE: 'PL84',
  POMORSKIE: 'PL63',
  ŚLĄSKIE: 'PL22',
  ŚWIĘTOKRZYSKIE: 'PL72',
  'WARMIŃSKO-MAZURSKIE': 'PL62',
  WIELKOPOLSKIE: 'PL41',
  ZACHODNIOPOMORSKIE: 'PL42',
};
/** RODZ of a gmina -> the word its official name starts with. */
const GMINA_WORD: Record<string, string> = { '1': 'Miasto', '2': 'Gmina', '3': 'Gmina' };

describe('teryt rows against the raw lines', () => {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const parsed = connector.parse(readInput(FILE), 'terc.csv', { sourceId: 'src:t', reject: (r) => rejections.push(r) });
  const places = new Map((parsed.rows.organisations?.places ?? []).map((p) => [p.id, p]));
  const identifiers = parsed.rows.organisations?.placeIdentifiers ?? [];
  const rows = readFileSync(FILE, 'utf8')
    .replace(/\r/g, '')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [woj, pow, gmi, rodz, name] = l.split(',') as string[];
      return { woj, pow, gmi, rodz, name, code: `${woj}${pow}${gmi}${rodz}` } as Record<string, string>;
    });
  const nutsOf = new Map(rows.filter((r) => !r.pow).map((r) => [r.woj, VOIVODESHIP[r.name as string]]));

  it('every voivodeship line codes its NUTS 2024 region', () => {
    expect(rejections).toEqual([]);
    expect(nutsOf.size).toBe(16);
    for (const r of rows.filter((x) => !x.pow)) {
      expect(
        identifiers.filter((i) => i.scheme === 'teryt' && i.value === r.woj).map((i) => i.placeId),
        r.name,
      ).toEqual([`place:nuts:${VOIVODESHIP[r.name as string]}`]);
    }
  });

  it('every gmina line is a municipality in its voivodeship region, with its type word and codes', () => {
    const gminas = rows.filter((r) => GMINA_WORD[r.rodz as string]);
    expect(gminas).toHaveLength(302 + 1464 + 711);
    for (const r of gminas) {
      const id = `place:lau:PL:${r.code}`;
      expect(places.get(id), r.code).toEqual({
        id,
        name: r.name,
        kind: 'MUNICIPALITY',
        countryCode: 'PL',
        lauCode: r.code,
        parentId: `place:nuts:${nutsOf.get(r.woj)}`,
        altNames: [`${GMINA_WORD[r.rodz as string]} ${r.name}`],
        sourceIds: [`src:t#${r.code}`],
      });
      expect(identifiers.filter((i) => i.placeId === id).map((i) => `${i.scheme}=${i.value}`)).toEqual([
        `teryt=${r.code}`,
        `lau=PL:${r.code}`,
        `teryt-woj=${r.woj}`,
        `teryt-pow=${r.woj}${r.pow}`,
      ]);
    }
  });

  it('every town, rural area, district and delegation line is a locality of its gmina', () => {
    const parts = rows.filter((r) => ['4', '5', '8', '9'].includes(r.rodz as string));
    expect(parts).toHaveLength(711 + 711 + 18 + 19);
    const cityOf = new Map(rows.filter((r) => r.rodz === '1').map((r) => [`${r.woj}${r.pow}`, r.code]));
    for (const r of parts) {
      const p = places.get(`place:teryt:PL:${r.code}`);
      // A town and rural area belong to the urban-rural gmina (RODZ 3) of the same code; districts and delegations to their city.
      const parent = r.rodz === '4' || r.rodz === '5' ? `${r.woj}${r.pow}${r.gmi}3` : cityOf.get(`${r.woj}${r.pow}`);
      expect(p, r.code).toMatchObject({
        kind: 'LOCALITY',
        countryCode: 'PL',
        parentId: `place:lau:PL:${parent}`,
        name: r.rodz === '5' ? `${r.name} (obszar wiejski)` : r.name,
        altNames: r.rodz === '4' ? [`Miasto ${r.name}`] : [],
      });
    }
    // Hand-checked: Mokotów (1465058) is a district of Warsaw (1465011).
    expect(places.get('place:teryt:PL:1465058')?.parentId).toBe('place:lau:PL:1465011');
  });
});
