import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, searchKey, sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseDelimited, readInput } from '../formats.js';
import type { FileInput, ParseContext, Rejection } from '../types.js';
import { COUNTY_NUTS, properCase, sirutaConnector as connector, uatNames } from './siruta.js';

const sources = sourcesDir();
const siruta = readInput(join(sources, 'ro-siruta-lau', 'siruta.csv'));
const uatList = readInput(join(sources, 'ro-siruta-lau', 'ro-lau-uat.csv'));

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
const uncited = <T extends { sourceIds: string[] }>(rows: T[]) => rows.map(({ sourceIds: _, ...r }) => r);

describe('siruta connector', () => {
  const all = parse(siruta, 'src:siruta');
  const byId = new Map(all.places.map((p) => [p.id, p]));

  it('reads every SIRUTA record: 3,181 UATs and 13,755 localities, no rejection', () => {
    expect(all.format).toBe('siruta.csv');
    expect(all.rejections).toEqual([]);
    expect(all.records).toBe(16978);
    expect(all.places.filter((p) => p.kind === 'MUNICIPALITY')).toHaveLength(3181);
    expect(all.places.filter((p) => p.kind === 'LOCALITY')).toHaveLength(13755);
    expect(all.places.every((p) => p.id && p.name && p.countryCode === 'RO' && p.parentId)).toBe(true);
  });

  it('gives Timișoara its seed ID, proper-case name, county region and codes', () => {
    expect(byId.get('place:lau:RO:155243')).toEqual({
      id: 'place:lau:RO:155243',
      name: 'Timișoara',
      altNames: ['Municipiul Timișoara'],
      kind: 'MUNICIPALITY',
      countryCode: 'RO',
      lauCode: '155243',
      parentId: 'place:nuts:RO424',
      sourceIds: ['src:siruta#155243'],
    });
    expect(all.identifiers.filter((i) => i.placeId === 'place:lau:RO:155243').map((i) => `${i.scheme}=${i.value}`)).toEqual([
      'siruta=155243',
      'lau=RO:155243',
    ]);
    const locality = all.places.find((p) => p.parentId === 'place:lau:RO:155243');
    expect(locality).toMatchObject({ name: 'Timișoara', kind: 'LOCALITY' });
    expect(all.identifiers.find((i) => i.scheme === 'siruta' && i.value === '350')?.placeId).toBe('place:nuts:RO424');
  });

  it('names in Romanian proper case, keeping the type word as an alternative name', () => {
    expect(properCase('BĂIȚA DE SUB CODRU')).toBe('Băița de sub Codru');
    expect(properCase('DROBETA-TURNU SEVERIN')).toBe('Drobeta-Turnu Severin');
    expect(properCase('ȘTEFAN CEL MARE')).toBe('Ștefan cel Mare');
    expect(properCase('I.C.BRĂTIANU')).toBe('I.C.Brătianu');
    expect(properCase('BUCUREȘTI SECTORUL 1')).toBe('București Sectorul 1');
    expect(uatNames('ORAȘ VALEA LUI MIHAI', '5')).toEqual({ name: 'Valea lui Mihai', altNames: ['Oraș Valea lui Mihai'] });
    expect(uatNames('CÂMPULUNG LA TISA', '3')).toEqual({ name: 'Câmpulung la Tisa', altNames: ['Comuna Câmpulung la Tisa'] });
    expect(byId.get('place:lau:RO:179132')).toMatchObject({
      name: 'București',
      altNames: ['Municipiul București'],
      parentId: 'place:nuts:RO321',
    });
  });

  it('places every UAT in its county region, also where the NUTS column is empty or wrong', () => {
    // Gorj (18) has no NUTS code in the file; Giurgiu (52) is given Galați's RO224.
    const gorj = parseDelimited(siruta, ';').rows.find((r) => r.record.NIV === '2' && r.record.JUD === '18' && !r.record.NUTS);
    expect(byId.get(`place:lau:RO:${gorj?.record.SIRUTA}`)?.parentId).toBe('place:nuts:RO412');
    const giurgiu = parseDelimited(siruta, ';').rows.find((r) => r.record.DENLOC === 'MUNICIPIUL GIURGIU');
    expect(giurgiu?.record.NUTS).toBe('RO224');
    expect(byId.get(`place:lau:RO:${giurgiu?.record.SIRUTA}`)?.parentId).toBe('place:nuts:RO314');
    // The table agrees with NUTS 2024: each county's name is the label of its region.
    const labels = new Map(
      parseDelimited(readInput(join(sources, 'nuts-2021-2024', 'nuts2024.csv'))).rows.map((r) => [r.record.nuts_code, r.record.nuts_label]),
    );
    const counties = parseDelimited(siruta, ';').rows.filter((r) => r.record.NIV === '1');
    expect(counties).toHaveLength(42);
    for (const { record } of counties) {
      const name = (record.DENLOC as string).replace(/^(JUDEȚUL|MUNICIPIUL) /, '');
      expect(searchKey(labels.get(COUNTY_NUTS[record.JUD as string] as string)), name).toBe(searchKey(name));
    }
  });

  it('reads ro-lau-uat.csv into the same UAT rows, citing its own records', () => {
    const derived = parse(uatList, 'src:uat');
    expect(derived.format).toBe('ro-lau-uat.csv');
    expect(derived.rejections).toEqual([]);
    expect(derived.places).toHaveLength(3181);
    expect(uncited(derived.places)).toEqual(uncited(all.places.filter((p) => p.kind === 'MUNICIPALITY')));
    expect(uncited(derived.identifiers)).toEqual(uncited(all.identifiers.filter((i) => i.placeId.startsWith('place:lau:'))));
    expect(derived.places.find((p) => p.id === 'place:lau:RO:155243')?.sourceIds).toEqual(['src:uat#155243']);
  });

  it('gives the seeded municipality the name the seed has', () => {
    const seeds = parseYaml(readFileSync(join(repoRoot(), 'seeds', 'organisations.yaml'), 'utf8')) as {
      places: Array<{ id: string; name: string }>;
    };
    const seeded = seeds.places.filter((p) => p.id.startsWith('place:lau:RO:'));
    expect(seeded.map((p) => p.id)).toEqual(['place:lau:RO:155243']);
    for (const s of seeded) expect(byId.get(s.id)?.name).toBe(s.name);
  });

  it("refuses another source's file", () => {
    const terc = connector.detect(readInput(join(sources, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv')));
    expect(terc.format === null && terc.why).toMatch(/not a SIRUTA file/);
  });

  it('rejects invalid records with line, field and reason and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'siruta-'));
    const path = join(dir, 'bad.csv');
    writeFileSync(
      path,
      [
        'SIRUTA;DENLOC;CODP;JUD;SIRSUP;TIP;NIV;MED;REGIUNE;FSJ;FSL;NUTS',
        '350;JUDEȚUL TIMIȘ;0;35;1;40;1;0;5;37;3700000000000;RO424',
        '155243;MUNICIPIUL TIMIȘOARA;0;35;350;1;2;1;5;37;3712728000000;RO424',
        '155252;TIMIȘOARA;300011;35;155243;9;3;1;5;37;3712728000001;RO424',
        'X1;NOWHERE;0;35;350;3;2;1;5;37;0;RO424',
        '155261;;0;35;350;3;2;1;5;37;0;RO424',
        '155270;SAT;0;99;350;3;2;1;5;37;0;RO424',
        '155289;SAT;0;35;999999;23;3;1;5;37;0;RO424',
      ].join('\n'),
    );
    const { places, rejections, records } = parse(readInput(path));
    expect(records).toBe(7);
    expect(places.map((p) => p.id)).toEqual(['place:lau:RO:155243', 'place:siruta:RO:155252']);
    expect(rejections).toEqual([
      { line: 5, field: 'SIRUTA', reason: '"X1" is not a SIRUTA code', recordId: 'X1' },
      { line: 6, field: 'DENLOC', reason: 'missing', recordId: '155261' },
      { line: 7, field: 'JUD', reason: '99 is not a county code', recordId: '155270' },
      { line: 8, field: 'SIRSUP', reason: 'no UAT 999999 in the file for this locality', recordId: '155289' },
    ]);
  });

  it('checks the level, the unit type and the parent of every unit, in either layout, by its own column names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'siruta-'));
    const full = join(dir, 'levels.csv');
    writeFileSync(
      full,
      [
        'SIRUTA;DENLOC;CODP;JUD;SIRSUP;TIP;NIV;MED;REGIUNE;FSJ;FSL;NUTS',
        '155243;MUNICIPIUL TIMIȘOARA;0;35;350;1;4;1;5;37;0;RO424',
        '155243;MUNICIPIUL TIMIȘOARA;0;35;;1;2;1;5;37;0;RO424',
        '155243;MUNICIPIUL TIMIȘOARA;0;35;350;x;2;1;5;37;0;RO424',
      ].join('\n'),
    );
    expect(parse(readInput(full)).rejections).toEqual([
      { line: 2, field: 'NIV', reason: '"4" is not a SIRUTA level (1 county, 2 UAT, 3 locality)', recordId: '155243' },
      { line: 3, field: 'SIRSUP', reason: 'missing', recordId: '155243' },
      { line: 4, field: 'TIP', reason: '"x" is not a SIRUTA unit type (TIP)', recordId: '155243' },
    ]);
    const derived = join(dir, 'ro-lau-uat.csv');
    writeFileSync(
      derived,
      [
        'siruta,name,tip,county_code_jud,parent_siruta,nuts3_code',
        '155243,,1,35,350,RO424',
        '155243,MUNICIPIUL TIMIȘOARA,1,35,0,RO424',
      ].join('\n'),
    );
    expect(parse(readInput(derived)).rejections).toEqual([
      { line: 2, field: 'name', reason: 'missing', recordId: '155243' },
      { line: 3, field: 'parent_siruta', reason: '"0" is not a SIRUTA code', recordId: '155243' },
    ]);
  });
});
