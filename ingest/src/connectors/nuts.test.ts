import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readInput } from '../formats.js';
import type { FileInput, ParseContext, Rejection } from '../types.js';
import { nutsConnector as connector } from './nuts.js';

const sources = sourcesDir();
const nutsDir = join(sources, 'nuts-2021-2024');
const kohesioDir = join(sources, 'kohesio-nuts-wikidata');
const csv = (dir: string, name: string) => readInput(join(dir, name));
const workbook = (): FileInput => readInput(join(nutsDir, 'NUTS2021-NUTS2024.xlsx'));

function parse(file: FileInput, sourceId = 'src:test') {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const ctx: ParseContext = { sourceId, reject: (r) => rejections.push(r) };
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const parsed = connector.parse(file, detected.format, ctx);
  const places = parsed.rows.organisations?.places ?? [];
  const identifiers = parsed.rows.organisations?.placeIdentifiers ?? [];
  return { ...parsed, places, identifiers, rejections, format: detected.format };
}

const uncited = <T extends { sourceIds: string[] }>(rows: T[]) => rows.map(({ sourceIds: _, ...r }) => r);
const keyed = (ids: Array<{ placeId: string; scheme: string; value: string }>) =>
  [...new Set(ids.map((i) => `${i.placeId} ${i.scheme}=${i.value}`))].sort();

describe('nuts connector', () => {
  const nuts2024 = parse(csv(nutsDir, 'nuts2024.csv'), 'src:n24');

  it('reads nuts2024.csv: 1,582 regions with parents, EL as GR, and a nuts identifier each', () => {
    expect(nuts2024.format).toBe('nuts2024.csv');
    expect(nuts2024.rejections).toEqual([]);
    expect(nuts2024.records).toBe(1582);
    expect(nuts2024.places).toHaveLength(1582);
    const byId = new Map(nuts2024.places.map((p) => [p.id, p]));
    expect(byId.get('place:nuts:PL81')).toEqual({
      id: 'place:nuts:PL81',
      name: 'Lubelskie',
      kind: 'NUTS2',
      countryCode: 'PL',
      nutsCode: 'PL81',
      parentId: 'place:nuts:PL8',
      altNames: [],
      sourceIds: ['src:n24#PL81'],
    });
    expect(byId.get('place:nuts:PL8')).toMatchObject({ kind: 'NUTS1', parentId: 'place:country:PL' });
    expect(byId.get('place:nuts:RO424')).toMatchObject({ name: 'Timiş', kind: 'NUTS3', parentId: 'place:nuts:RO42' });
    expect(byId.get('place:nuts:EL3')).toMatchObject({ countryCode: 'GR', parentId: 'place:country:GR' });
    expect(byId.get('place:nuts:EL30')).toMatchObject({ countryCode: 'GR', parentId: 'place:nuts:EL3' });
    expect(byId.get('place:nuts:BE1')?.altNames).toEqual(['Région de Bruxelles-Capitale', 'Brussels Hoofdstedelijk Gewest']);
    expect(['NUTS1', 'NUTS2', 'NUTS3'].map((k) => nuts2024.places.filter((p) => p.kind === k).length)).toEqual([119, 271, 1192]);
    expect(nuts2024.identifiers).toHaveLength(1582);
    expect(nuts2024.identifiers.every((i) => i.scheme === 'nuts' && i.placeId === `place:nuts:${i.value}`)).toBe(true);
  });

  it('gives the seeded NUTS regions the names the seeds have', () => {
    const seeds = parseYaml(readFileSync(join(repoRoot(), 'seeds', 'organisations.yaml'), 'utf8')) as {
      places: Array<{ id: string; name: string }>;
    };
    const byId = new Map(nuts2024.places.map((p) => [p.id, p]));
    const seeded = seeds.places.filter((p) => p.id.startsWith('place:nuts:'));
    expect(seeded.length).toBeGreaterThan(10);
    for (const s of seeded) expect(byId.get(s.id)?.name, s.id).toBe(s.name);
  });

  it('reads the correspondence: renamed codes, boundary shifts and splits, each with its own scheme', () => {
    const { identifiers, rejections, records, format } = parse(csv(nutsDir, 'nuts2021-nuts2024-correspondence.csv'));
    expect(format).toBe('nuts-correspondence.csv');
    expect(rejections).toEqual([]);
    expect(records).toBe(1647);
    const count = (scheme: string) => identifiers.filter((i) => i.scheme === scheme).length;
    expect([count('nuts-2021'), count('nuts-2021-boundary-shift'), count('nuts-2021-split')]).toEqual([16, 34, 4]);
    const all = keyed(identifiers);
    expect(all).toContain('place:nuts:NL361 nuts-2021=NL332');
    expect(all).toContain('place:nuts:PT1C1 nuts-2021=PT181');
    expect(all).toContain('place:nuts:DEG0S nuts-2021-boundary-shift=DEG04');
    expect(all).toContain('place:nuts:PT1A nuts-2021-split=PT17');
    expect(all).toContain('place:nuts:PT1B nuts-2021-split=PT17');
    // Merged into others: no single 2024 successor.
    expect(all.filter((k) => k.endsWith('=DEG0N') || k.endsWith('=LV007'))).toEqual([]);
    // Every identifier lands on a 2024 region.
    const codes = new Set(nuts2024.places.map((p) => p.id));
    expect(identifiers.filter((i) => !codes.has(i.placeId))).toEqual([]);
  });

  it('reads changes-nuts3.csv, including the pre-2020 Norwegian codes restored in 2024', () => {
    const { identifiers, rejections, records, format } = parse(csv(nutsDir, 'changes-nuts3.csv'), 'src:ch');
    expect(format).toBe('changes-nuts3.csv');
    expect(rejections).toEqual([]);
    expect(records).toBe(102);
    const all = keyed(identifiers);
    expect(all).toContain('place:nuts:NO083 nuts-2016=NO031');
    expect(all).toContain('place:nuts:NO073 nuts-2021-split=NO074');
    expect(all).toContain('place:nuts:PT1A0 nuts-2021-split=PT170');
    expect(all).toContain('place:nuts:PT1D1 nuts-2021=PT16B');
    expect(identifiers.find((i) => i.placeId === 'place:nuts:DEG0S')?.sourceIds).toEqual(['src:ch#DEG04', 'src:ch#DEG0S']);
  });

  it('reads the transliterations as Latin alternative names of the same places', () => {
    const { places, rejections, format } = parse(csv(nutsDir, 'transliteration-cyrillic-greek.csv'));
    expect(format).toBe('transliteration.csv');
    expect(rejections).toEqual([]);
    expect(places).toHaveLength(152);
    expect(places.find((p) => p.id === 'place:nuts:BG311')).toMatchObject({
      name: 'Видин',
      altNames: ['Vidin'],
      kind: 'NUTS3',
      countryCode: 'BG',
      parentId: 'place:nuts:BG31',
    });
    expect(places.find((p) => p.id === 'place:nuts:EL30')).toMatchObject({ countryCode: 'GR', altNames: ['Attiki'] });
    expect(places.find((p) => p.id === 'place:nuts:RS12')?.countryCode).toBe('RS');
    // Same scalars as nuts2024.csv for the EU regions, so loading it changes nothing but alternative names.
    const eu = new Map(nuts2024.places.map((p) => [p.id, p]));
    for (const p of places.filter((x) => eu.has(x.id))) {
      const { altNames: _a, sourceIds: _s, ...rest } = p;
      const { altNames: _b, sourceIds: _t, ...same } = eu.get(p.id) as typeof p;
      expect(rest).toEqual(same);
    }
  });

  it('reads the workbook: the NUTS 2024 sheet agrees with nuts2024.csv, plus 284 statistical regions', () => {
    const wb = parse(workbook(), 'src:x');
    expect(wb.format).toBe('NUTS2021-NUTS2024.xlsx');
    expect(wb.rejections).toEqual([]);
    const fromSheet = new Map(wb.places.map((p) => [p.id, p]));
    for (const p of nuts2024.places) {
      const { altNames: _a, sourceIds: _s, ...rest } = fromSheet.get(p.id) ?? ({} as typeof p);
      const { altNames: _b, sourceIds: _t, ...expected } = p;
      expect(rest, p.id).toEqual(expected);
    }
    const statistical = wb.places.filter((p) => !nuts2024.places.some((q) => q.id === p.id) && p.id.startsWith('place:nuts:'));
    expect(new Set(statistical.map((p) => p.id)).size).toBe(284);
    expect([...new Set(statistical.map((p) => p.countryCode))].sort()).toEqual([
      'AL',
      'CH',
      'IS',
      'LI',
      'ME',
      'MK',
      'NO',
      'RS',
      'TR',
      'XK',
    ]);
    expect(fromSheet.get('place:nuts:NO060')).toMatchObject({
      name: 'Trøndelag/Trööndelage',
      kind: 'NUTS3',
      parentId: 'place:nuts:NO06',
      countryCode: 'NO',
    });
    expect(fromSheet.get('place:nuts:NO0')).toMatchObject({ name: 'Norge', kind: 'NUTS1', parentId: 'place:country:NO' });
    expect(fromSheet.get('place:nuts:XK0')).toMatchObject({ countryCode: 'XK', parentId: null });
    expect(fromSheet.get('place:nuts:MK001')?.altNames).toEqual(['Vardarski']);
    // The correspondence sheets and changes give what the CSVs give, plus the statistical regions' splits.
    const fromCsv = keyed([
      ...parse(csv(nutsDir, 'nuts2021-nuts2024-correspondence.csv')).identifiers,
      ...parse(csv(nutsDir, 'changes-nuts3.csv')).identifiers,
      ...nuts2024.identifiers,
    ]);
    const fromWorkbook = keyed(wb.identifiers);
    expect(fromCsv.filter((k) => !fromWorkbook.includes(k))).toEqual([]);
    expect(fromWorkbook.filter((k) => !fromCsv.includes(k) && !k.includes(' nuts='))).toEqual([]);
    expect(fromWorkbook.filter((k) => k.includes(' nuts=')).length).toBe(1582 + 284);
  });

  it('reads both Kohesio crosswalk files into the same rows: Wikidata, EU Knowledge Graph and a point', () => {
    const clean = parse(csv(kohesioDir, 'nuts-wikidata-eukg.csv'), 'src:k1');
    const raw = parse(csv(kohesioDir, 'regions3.raw.csv'), 'src:k2');
    expect([clean.format, raw.format]).toEqual(['nuts-wikidata-eukg.csv', 'regions3.raw.csv']);
    expect([...clean.rejections, ...raw.rejections]).toEqual([]);
    expect(clean.places).toHaveLength(83);
    expect(clean.places.find((p) => p.id === 'place:nuts:PL81')).toEqual({
      id: 'place:nuts:PL81',
      name: 'Lubelskie',
      nameIsLocal: false,
      kind: 'NUTS2',
      countryCode: 'PL',
      nutsCode: 'PL81',
      parentId: 'place:nuts:PL8',
      altNames: [],
      wikidataId: 'Q54155',
      lat: 51.216666666,
      lng: 22.9,
      sourceIds: ['src:k1#PL81'],
    });
    expect(keyed(clean.identifiers.filter((i) => i.placeId === 'place:nuts:PL81'))).toEqual([
      'place:nuts:PL81 eu-kg=Q2158',
      'place:nuts:PL81 wikidata=Q54155',
    ]);
    expect(uncited(raw.places)).toEqual(uncited(clean.places));
    expect(uncited(raw.identifiers)).toEqual(uncited(clean.identifiers));
    expect(connector.datasetFor(clean.format).publisher).toMatch(/kohesio/);
    expect(connector.datasetFor('nuts2024.csv').attribution).toBe('© European Union, Eurostat');
  });

  it("refuses another source's files", () => {
    const terc = connector.detect(readInput(join(sources, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv')));
    expect(terc.format).toBeNull();
    const countries = connector.detect(readInput(join(sources, 'country-codes', 'country-codes-compact.csv')));
    expect(countries.format === null && countries.why).toMatch(/not a NUTS file/);
  });

  it('rejects invalid records with line, field and reason and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nuts-'));
    const path = join(dir, 'bad.csv');
    writeFileSync(
      path,
      [
        'country_code,nuts_code,nuts_label,nuts_level,country_order,row_no',
        'PL,PL81,Lubelskie,2,21,1358',
        'PL,PL811,Bialski,2,21,1359',
        'PL,PL812,,3,21,1360',
        'QQ,QQ1,Nowhere,1,99,1',
        'PL,PL814,Lubelski,3,21,1362',
      ].join('\n'),
    );
    const { places, rejections, records } = parse(readInput(path));
    expect(records).toBe(5);
    expect(places.map((p) => p.id)).toEqual(['place:nuts:PL81', 'place:nuts:PL814']);
    expect(rejections).toEqual([
      { line: 3, path: undefined, field: 'nuts_level', reason: 'level 2 does not fit code PL811', recordId: 'PL811' },
      { line: 4, path: undefined, field: 'nuts_label', reason: 'missing', recordId: 'PL812' },
      { line: 5, path: undefined, field: 'nuts_code', reason: 'QQ is not a known country code', recordId: 'QQ1' },
    ]);
  });

  it('names the column of each format: correspondence codes, transliterations and the Kohesio crosswalk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nuts-'));
    const file = (name: string, lines: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, lines.join('\n'));
      return readInput(path);
    };
    const changes = parse(
      file('changes.csv', [
        'country_code,code_2021,code_2024,label,change,explanation',
        'PT,PT17,PT1A,Grande Lisboa,Split,',
        'PT,pt17,,Área Metropolitana de Lisboa,Split,',
      ]),
    );
    expect(changes.rejections).toEqual([{ line: 3, field: 'code_2021', reason: '"pt17" is not a NUTS code', recordId: 'pt17' }]);
    const latin = parse(file('latin.csv', ['nuts_code,label,label_latin', 'BG311,Видин,', 'BG3111,Видин,Vidin', 'BG311,Видин,Vidin']));
    expect(latin.rejections).toEqual([
      { line: 2, field: 'label_latin', reason: 'missing', recordId: 'BG311' },
      { line: 3, field: 'nuts_code', reason: '"BG3111" is not a NUTS code', recordId: 'BG3111' },
    ]);
    expect(latin.places.map((p) => p.id)).toEqual(['place:nuts:BG311']);
    const crosswalk = parse(
      file('crosswalk.csv', [
        'country_code,nuts_level,nuts_code,nuts_label,wikidata_qid,point_wkt,eu_kg_uri,eu_kg_qid',
        'PL,2,PL81,Lubelskie,Lubelskie,Point(22.9 51.2),,Q2158',
        'PL,2,PL81,Lubelskie,Q54155,Point(22.9 91.2),,Q2158',
        'PL,2,PL81,Lubelskie,Q54155,Point(22.9 51.2),,',
        'PL,3,PL81,Lubelskie,Q54155,Point(22.9 51.2),,Q2158',
      ]),
    );
    expect(crosswalk.rejections).toEqual([
      { line: 2, field: 'wikidata_qid', reason: '"Lubelskie" is not a Wikidata item', recordId: 'PL81' },
      { line: 3, field: 'point_wkt', reason: '"Point(22.9 91.2)" is not a WKT point (longitude latitude)', recordId: 'PL81' },
      { line: 4, field: 'eu_kg_qid', reason: 'missing', recordId: 'PL81' },
      { line: 5, field: 'nuts_level', reason: 'level 3 does not fit code PL81', recordId: 'PL81' },
    ]);
  });
});
