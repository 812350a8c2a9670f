import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import type { FileInput, ParseContext, Rejection } from '../types.js';
import { countriesConnector as connector } from './countries.js';

const sources = sourcesDir();
const full = readInput(join(sources, 'country-codes', 'country-codes.csv'));
const compact = readInput(join(sources, 'country-codes', 'country-codes-compact.csv'));

function parse(file: FileInput, sourceId = 'src:test') {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const ctx: ParseContext = { sourceId, reject: (r) => rejections.push(r) };
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  return { ...connector.parse(file, detected.format, ctx), rejections, format: detected.format };
}

/** Rows without their citations, to compare what two files say. */
const uncited = <T extends { sourceIds: string[] }>(rows: T[] | undefined) => (rows ?? []).map(({ sourceIds: _, ...r }) => r);

describe('countries connector', () => {
  it('reads the full file: 249 countries with codes, names and identifiers', () => {
    const { records, rows, rejections, format } = parse(full, 'src:cc');
    expect(format).toBe('country-codes.csv');
    expect(rejections).toEqual([]);
    expect(records).toBe(249);
    const places = rows.organisations?.places ?? [];
    expect(places).toHaveLength(249);
    expect(places.find((p) => p.id === 'place:country:PL')).toEqual({
      id: 'place:country:PL',
      name: 'Poland',
      nameIsLocal: false,
      nameEn: 'Poland',
      kind: 'COUNTRY',
      countryCode: 'PL',
      isoAlpha3: 'POL',
      nutsCode: 'PL',
      altNames: [],
      wikidataId: 'Q36',
      sourceIds: ['src:cc#PL'],
    });
    const greece = places.find((p) => p.id === 'place:country:GR');
    expect(greece).toMatchObject({ nutsCode: 'EL', isoAlpha3: 'GRC', wikidataId: 'Q41' });
    expect(places.find((p) => p.id === 'place:country:GB')).toMatchObject({
      name: 'United Kingdom of Great Britain and Northern Ireland',
      nutsCode: null,
      altNames: ['UK'],
    });
    expect(places.find((p) => p.id === 'place:country:US')?.name).toBe('United States of America');
    expect(places.find((p) => p.id === 'place:country:MD')).toMatchObject({ name: 'Moldova', altNames: ['Republic of Moldova'] });
    expect(places.find((p) => p.id === 'place:country:NA')).toMatchObject({ name: 'Namibia', wikidataId: null });
    expect(
      places
        .filter((p) => p.nutsCode)
        .map((p) => p.nutsCode)
        .sort(),
    ).toHaveLength(36);
    expect(places.find((p) => p.id === 'place:country:NO')?.nutsCode).toBe('NO');
    const ids = rows.organisations?.placeIdentifiers ?? [];
    const of = (placeId: string) => ids.filter((i) => i.placeId === placeId).map((i) => `${i.scheme}=${i.value}`);
    expect(of('place:country:GR')).toEqual([
      'iso3166-1-alpha2=GR',
      'iso3166-1-alpha3=GRC',
      'iso3166-1-numeric=300',
      'eu-country=EL',
      'wikidata=Q41',
      'geonames=390903',
    ]);
    expect(of('place:country:AF')).toContain('iso3166-1-numeric=004');
    expect(of('place:country:GB')).toContain('eu-country=UK');
  });

  it('reads the compact file into the same rows, citing its own records', () => {
    const a = parse(full, 'src:a');
    const b = parse(compact, 'src:b');
    expect(b.format).toBe('country-codes-compact.csv');
    expect(b.rejections).toEqual([]);
    expect(uncited(b.rows.organisations?.places)).toEqual(uncited(a.rows.organisations?.places));
    expect(uncited(b.rows.organisations?.placeIdentifiers)).toEqual(uncited(a.rows.organisations?.placeIdentifiers));
    expect(b.rows.organisations?.places?.[0]?.sourceIds).toEqual(['src:b#AF']);
  });

  it("refuses another source's file", () => {
    const terc = readInput(join(sources, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'));
    const result = connector.detect(terc);
    expect(result.format).toBeNull();
    expect(result.format === null && result.why).toMatch(/not a country-codes file/);
  });

  it('rejects an invalid record with line, field and reason, and keeps the valid ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countries-'));
    const path = join(dir, 'bad.csv');
    const lines = compact.text.split('\n');
    writeFileSync(
      path,
      [
        lines[0],
        lines[1],
        'P1,POL,616,Poland,Poland,Europe,Eastern Europe,Warsaw,pl,798544,Q36,PL',
        lines[2],
        'XX,XXX,999,,,,,,,,Q1,XX',
      ].join('\n'),
    );
    const { rows, rejections, records } = parse(readInput(path));
    expect(records).toBe(4);
    expect(rows.organisations?.places?.map((p) => p.id)).toEqual(['place:country:AF', 'place:country:AX']);
    expect(rejections).toEqual([
      { line: 3, field: 'iso2', reason: '"P1" is not an ISO 3166-1 alpha-2 code', recordId: 'P1' },
      { line: 5, field: 'name', reason: 'missing', recordId: 'XX' },
    ]);
  });
});
