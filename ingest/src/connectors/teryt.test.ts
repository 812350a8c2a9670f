import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, searchKey, sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseDelimited, readInput } from '../formats.js';
import type { FileInput, ParseContext, Rejection } from '../types.js';
import { VOIVODESHIP_NUTS, terytConnector as connector } from './teryt.js';

const sources = sourcesDir();
const terc = readInput(join(sources, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'));

function parse(file: FileInput, sourceId = 'src:test') {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const ctx: ParseContext = { sourceId, reject: (r) => rejections.push(r) };
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const parsed = connector.parse(file, detected.format, ctx);
  return {
    ...parsed,
    rejections,
    format: detected.format,
    places: parsed.rows.organisations?.places ?? [],
    identifiers: parsed.rows.organisations?.placeIdentifiers ?? [],
  };
}

describe('teryt connector', () => {
  const all = parse(terc, 'src:terc');
  const byId = new Map(all.places.map((p) => [p.id, p]));
  const idsOf = (placeId: string) => all.identifiers.filter((i) => i.placeId === placeId).map((i) => `${i.scheme}=${i.value}`);

  it('reads every TERC record: 2,477 gminas and 748 parts, no rejection', () => {
    expect(all.format).toBe('terc.csv');
    expect(all.rejections).toEqual([]);
    expect(all.records).toBe(4332);
    const kinds = (kind: string) => all.places.filter((p) => p.kind === kind).length;
    expect(kinds('MUNICIPALITY')).toBe(302 + 1464 + 711);
    expect(kinds('LOCALITY')).toBe(711 + 711 + 18 + 19);
    expect(all.places.every((p) => p.id && p.name && p.kind && p.countryCode === 'PL')).toBe(true);
  });

  it('gives gminas the seed IDs, their codes and the NUTS region of their voivodeship', () => {
    expect(byId.get('place:lau:PL:1418043')).toEqual({
      id: 'place:lau:PL:1418043',
      name: 'Piaseczno',
      kind: 'MUNICIPALITY',
      countryCode: 'PL',
      lauCode: '1418043',
      parentId: 'place:nuts:PL9',
      altNames: ['Gmina Piaseczno'],
      sourceIds: ['src:terc#1418043'],
    });
    expect(idsOf('place:lau:PL:1418043')).toEqual(['teryt=1418043', 'lau=PL:1418043', 'teryt-woj=14', 'teryt-pow=1418']);
    expect(all.identifiers.find((i) => i.placeId === 'place:lau:PL:1418043' && i.scheme === 'teryt-pow')?.sourceIds).toEqual([
      'src:terc#1418043',
      'src:terc#1418',
    ]);
    expect(byId.get('place:lau:PL:1263011')).toMatchObject({ name: 'Tarnów', altNames: ['Miasto Tarnów'], parentId: 'place:nuts:PL21' });
    expect(byId.get('place:lau:PL:0201022')).toMatchObject({
      name: 'Bolesławiec',
      altNames: ['Gmina Bolesławiec'],
      parentId: 'place:nuts:PL51',
    });
  });

  it('makes towns, rural areas, districts and delegations localities of their gmina', () => {
    expect(byId.get('place:teryt:PL:1418044')).toMatchObject({
      name: 'Piaseczno',
      kind: 'LOCALITY',
      parentId: 'place:lau:PL:1418043',
      altNames: ['Miasto Piaseczno'],
    });
    expect(byId.get('place:teryt:PL:1418045')).toMatchObject({ name: 'Piaseczno (obszar wiejski)', parentId: 'place:lau:PL:1418043' });
    expect(byId.get('place:teryt:PL:1465058')).toMatchObject({ name: 'Mokotów', parentId: 'place:lau:PL:1465011' });
    expect(byId.get('place:teryt:PL:1261029')).toMatchObject({ name: 'Kraków-Krowodrza', parentId: 'place:lau:PL:1261011' });
    expect(idsOf('place:teryt:PL:1465058')).toEqual(['teryt=1465058']);
    expect(all.places.filter((p) => p.kind === 'LOCALITY' && !byId.has(p.parentId as string))).toEqual([]);
  });

  it('codes each voivodeship on the NUTS 2024 region with the same territory', () => {
    const vo = all.identifiers.filter((i) => i.scheme === 'teryt' && i.value.length === 2);
    expect(vo).toHaveLength(16);
    expect(vo.find((i) => i.value === '06')).toEqual({
      placeId: 'place:nuts:PL81',
      scheme: 'teryt',
      value: '06',
      sourceIds: ['src:terc#06'],
    });
    // The table agrees with the NUTS 2024 labels: the voivodeship's name (Mazowieckie: its macroregion, PL9).
    const labels = new Map(
      parseDelimited(readInput(join(sources, 'nuts-2021-2024', 'nuts2024.csv'))).rows.map((r) => [r.record.nuts_code, r.record.nuts_label]),
    );
    const names = parseDelimited(terc).rows.filter((r) => r.record.unit_level === 'voivodeship');
    expect(names).toHaveLength(16);
    for (const { record } of names) {
      const nuts = VOIVODESHIP_NUTS[record.WOJ as string] as string;
      const label = searchKey(labels.get(nuts));
      expect(label, record.NAZWA).toBe(nuts === 'PL9' ? `makroregion wojewodztwo ${searchKey(record.NAZWA)}` : searchKey(record.NAZWA));
    }
  });

  it('gives the seeded municipalities the names the seeds have', () => {
    const seeds = parseYaml(readFileSync(join(repoRoot(), 'seeds', 'organisations.yaml'), 'utf8')) as {
      places: Array<{ id: string; name: string }>;
    };
    const seeded = seeds.places.filter((p) => p.id.startsWith('place:lau:PL:'));
    expect(seeded).toHaveLength(8);
    for (const s of seeded) expect(byId.get(s.id)?.name, s.id).toBe(s.name);
  });

  it("refuses another source's file", () => {
    const siruta = connector.detect(readInput(join(sources, 'ro-siruta-lau', 'siruta.csv')));
    expect(siruta.format === null && siruta.why).toMatch(/not a TERC file/);
    expect(connector.detect(readInput(join(sources, 'country-codes', 'country-codes.csv'))).format).toBeNull();
  });

  it('reads the GUS original layout (semicolons, no teryt_code column) the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terc-'));
    const path = join(dir, 'TERC.csv');
    writeFileSync(
      path,
      'WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n14;;;;MAZOWIECKIE;województwo;2024-01-01\n14;18;;;piaseczyński;powiat;2024-01-01\n14;18;04;3;Piaseczno;gmina miejsko-wiejska;2024-01-01\n',
    );
    const { places, rejections, format } = parse(readInput(path), 'src:terc');
    expect(format).toBe('terc-gus.csv');
    expect(rejections).toEqual([]);
    expect(places).toEqual([byId.get('place:lau:PL:1418043')]);
  });

  it('rejects invalid records with line, field and reason and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terc-'));
    const path = join(dir, 'bad.csv');
    const [head, ...lines] = terc.text.split('\n');
    writeFileSync(
      path,
      [
        head,
        '14,18,04,3,Piaseczno,gmina miejsko-wiejska,2024-01-01,1418043,gmina_or_part',
        '14,18,05,2,,gmina wiejska,2024-01-01,1418052,gmina_or_part',
        '99,01,01,1,Nigdzie,gmina miejska,2024-01-01,9901011,gmina_or_part',
        '14,18,06,2,Prażmów,gmina wiejska,2024-01-01,1418063,gmina_or_part',
        '14,18,07,4,Tarczyn,miasto,2024-01-01,1418074,gmina_or_part',
      ].join('\n'),
    );
    expect(lines.length).toBeGreaterThan(4000);
    const { places, rejections, records } = parse(readInput(path));
    expect(records).toBe(5);
    expect(places.map((p) => p.id)).toEqual(['place:lau:PL:1418043']);
    expect(rejections).toEqual([
      { line: 3, field: 'NAZWA', reason: 'missing', recordId: '1418052' },
      { line: 4, field: 'WOJ', reason: '99 is not a voivodeship code', recordId: '9901011' },
      { line: 5, field: 'teryt_code', reason: '"1418063" is not WOJ+POW+GMI+RODZ (1418062)', recordId: '1418062' },
      { line: 6, field: 'RODZ', reason: 'no urban-rural gmina 1418073 in the file for this part', recordId: '1418074' },
    ]);
  });

  it('names the column of a malformed unit code and says what TERC expects there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terc-'));
    const path = join(dir, 'codes.csv');
    const [head] = terc.text.split('\n');
    writeFileSync(
      path,
      [
        head,
        '1,,,,MAZOWIECKIE,województwo,2024-01-01,1,wojewodztwo',
        '14,1,,,piaseczyński,powiat,2024-01-01,141,powiat',
        '14,,04,3,Piaseczno,gmina miejsko-wiejska,2024-01-01,14043,gmina_or_part',
        '14,18,,2,piaseczyński,powiat,2024-01-01,14182,powiat',
        '14,18,04,,Piaseczno,gmina miejsko-wiejska,2024-01-01,141804,gmina_or_part',
        '14,18,04,7,Piaseczno,gmina miejsko-wiejska,2024-01-01,1418047,gmina_or_part',
      ].join('\n'),
    );
    const { places, rejections } = parse(readInput(path));
    expect(places).toEqual([]);
    expect(rejections).toEqual([
      { line: 2, field: 'WOJ', reason: '"1" is not a two-digit voivodeship code', recordId: '1' },
      { line: 3, field: 'POW', reason: '"1" is not a two-digit powiat code', recordId: '141' },
      { line: 4, field: 'GMI', reason: 'gmina 04 without a powiat (POW)', recordId: '14043' },
      { line: 5, field: 'RODZ', reason: '"2" on a powiat row, which has no unit type', recordId: '14182' },
      { line: 6, field: 'RODZ', reason: 'missing', recordId: '141804' },
      { line: 7, field: 'RODZ', reason: '7 is not a TERC unit type (1-5, 8, 9)', recordId: '1418047' },
    ]);
  });
});
