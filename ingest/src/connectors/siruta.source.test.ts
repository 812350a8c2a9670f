import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { sirutaConnector as connector } from './siruta.js';

/**
 * SIRUTA rows checked against the raw lines of siruta.csv (split on ';' by hand, per SOURCE.md). The NUTS 3
 * region is the file's own NUTS column, except where that column is empty or wrong; for those counties it is
 * written here by hand from NUTS 2024. The UAT types (TIP) are written by hand too: 1 and 4 municipiu,
 * 2 oraș, 3 comună, 9 Bucharest (a municipiu).
 */

const FILE = join(sourcesDir(), 'ro-siruta-lau', 'siruta.csv');
/** Counties whose NUTS column is empty (Gorj .. Suceava) or names another county (Giurgiu: RO224, Galați's code). */
const COUNTY_BY_HAND: Record<string, string> = {
  '18': 'RO412',
  '20': 'RO423',
  '22': 'RO213',
  '25': 'RO413',
  '26': 'RO125',
  '29': 'RO316',
  '33': 'RO215',
  '52': 'RO314',
};
const TYPE_WORD: Record<string, string> = { '1': 'Municipiul', '4': 'Municipiul', '9': 'Municipiul', '2': 'Oraș', '3': 'Comuna' };

describe('siruta rows against the raw lines', () => {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const file = readInput(FILE);
  const parsed = connector.parse(file, 'siruta.csv', { sourceId: 'src:s', reject: (r) => rejections.push(r) });
  const places = new Map((parsed.rows.organisations?.places ?? []).map((p) => [p.id, p]));
  const identifiers = parsed.rows.organisations?.placeIdentifiers ?? [];
  const lines = readFileSync(FILE, 'utf8').replace(/\r/g, '').split('\n').slice(1).filter(Boolean);
  const rows = lines.map((l) => {
    const [siruta, denloc, , jud, sirsup, tip, niv, , , , , nuts] = l.split(';') as string[];
    return { siruta, denloc, jud, sirsup, tip, niv, nuts } as Record<string, string>;
  });
  const region = (r: Record<string, string>) => COUNTY_BY_HAND[r.jud as string] ?? r.nuts;
  const upper = (s: string | undefined) => s?.toLocaleUpperCase('ro');

  it('every UAT line is a municipality in its county region, named without and with its type word', () => {
    expect(rejections).toEqual([]);
    const uats = rows.filter((r) => r.niv === '2');
    expect(uats).toHaveLength(3181);
    const tips = new Set<string>();
    for (const r of uats) {
      const p = places.get(`place:lau:RO:${r.siruta}`);
      const what = `${r.siruta} ${r.denloc}`;
      tips.add(r.tip as string);
      const bare = (r.denloc as string).replace(/^(MUNICIPIUL|ORAȘ) +/, '').trim();
      expect(upper(p?.name), what).toBe(bare);
      expect(p?.altNames?.map(upper), what).toEqual([upper(`${TYPE_WORD[r.tip as string]} ${bare}`)]);
      expect(p?.kind, what).toBe('MUNICIPALITY');
      expect(p?.lauCode, what).toBe(r.siruta);
      expect(p?.parentId, what).toBe(`place:nuts:${region(r)}`);
      expect(identifiers.filter((i) => i.placeId === p?.id).map((i) => `${i.scheme}=${i.value}`)).toEqual([
        `siruta=${r.siruta}`,
        `lau=RO:${r.siruta}`,
      ]);
    }
    expect([...tips].sort()).toEqual(Object.keys(TYPE_WORD).sort());
    // SOURCE.md's sample: Timișoara, 155243, Timiș RO424.
    expect(places.get('place:lau:RO:155243')).toMatchObject({ name: 'Timișoara', parentId: 'place:nuts:RO424' });
  });

  it('every locality line is a locality of its UAT; every county line codes its NUTS 3 region', () => {
    for (const r of rows.filter((x) => x.niv === '3')) {
      const p = places.get(`place:siruta:RO:${r.siruta}`);
      expect(p?.kind, r.siruta).toBe('LOCALITY');
      expect(upper(p?.name), r.siruta).toBe(r.denloc);
      expect(p?.parentId, r.siruta).toBe(`place:lau:RO:${r.sirsup}`);
    }
    const counties = rows.filter((x) => x.niv === '1');
    expect(counties).toHaveLength(42);
    for (const r of counties) {
      expect(
        identifiers.filter((i) => i.scheme === 'siruta' && i.value === r.siruta).map((i) => i.placeId),
        r.denloc,
      ).toEqual([`place:nuts:${region(r)}`]);
    }
  });
});
