import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { rawTable } from '../../../test/support/raw-table.js';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { countriesConnector as connector } from './countries.js';

/**
 * Country rows checked against the raw lines of both files, read here with a minimal quote-aware split.
 * Written by hand: the EU codes where they differ from ISO (SOURCE.md: GR -> EL, GB -> UK) and the countries
 * with NUTS or statistical regions (EU-27, EFTA, candidates; Eurostat), by their EU code.
 */

const DIR = join(sourcesDir(), 'country-codes');
const EU_CODE: Record<string, string> = { GR: 'EL', GB: 'UK' };
const WITH_REGIONS = new Set(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO CH ME MK AL RS TR'.split(' '),
);

function load(name: string) {
  const file = readInput(join(DIR, name));
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const parsed = connector.parse(file, detected.format, { sourceId: 'src:cc', reject: (r) => rejections.push(r) });
  expect(rejections).toEqual([]);
  return parsed.rows.organisations ?? {};
}

describe('country rows against the raw lines', () => {
  it('country-codes-compact.csv: every line gives its codes, name, EU code, NUTS code and identifiers', () => {
    const { places = [], placeIdentifiers = [] } = load('country-codes-compact.csv');
    const byId = new Map(places.map((p) => [p.id, p]));
    const raw = rawTable(join(DIR, 'country-codes-compact.csv'));
    expect(places).toHaveLength(raw.length);
    for (const r of raw) {
      const id = `place:country:${r.iso2}`;
      const p = byId.get(id);
      const eu = r.eu_protocol_code as string;
      // The compact file states the EU code; it is ISO but for the two SOURCE.md names.
      expect(eu, r.iso2).toBe(EU_CODE[r.iso2 as string] ?? r.iso2);
      // "UK" and "US" are abbreviations in the name column: the official name is the name.
      const name = /^[A-Z]{2,3}$/.test(r.name as string) ? r.official_name_en : r.name;
      expect(p, r.iso2).toMatchObject({
        name,
        nameEn: name,
        kind: 'COUNTRY',
        countryCode: r.iso2,
        isoAlpha3: r.iso3,
        nutsCode: WITH_REGIONS.has(eu) ? eu : null,
        wikidataId: r.wikidata_qid || null,
      });
      expect(
        placeIdentifiers.filter((i) => i.placeId === id).map((i) => `${i.scheme}=${i.value}`),
        r.iso2,
      ).toEqual([
        `iso3166-1-alpha2=${r.iso2}`,
        `iso3166-1-alpha3=${r.iso3}`,
        `iso3166-1-numeric=${(r.iso_numeric as string).padStart(3, '0')}`,
        `eu-country=${eu}`,
        ...(r.wikidata_qid ? [`wikidata=${r.wikidata_qid}`] : []),
        ...(r.geonames_id ? [`geonames=${r.geonames_id}`] : []),
      ]);
    }
    expect(
      places
        .filter((p) => p.nutsCode)
        .map((p) => p.nutsCode)
        .sort(),
    ).toEqual([...WITH_REGIONS].sort());
    // SOURCE.md's sample lines.
    expect(byId.get('place:country:GR')).toMatchObject({ nutsCode: 'EL', isoAlpha3: 'GRC', wikidataId: 'Q41' });
    expect(byId.get('place:country:RO')).toMatchObject({ name: 'Romania', nutsCode: 'RO', wikidataId: 'Q218' });
  });

  it('country-codes.csv: every line gives its codes, CLDR name, derived EU code and Wikidata item', () => {
    const { places = [], placeIdentifiers = [] } = load('country-codes.csv');
    const byId = new Map(places.map((p) => [p.id, p]));
    const raw = rawTable(join(DIR, 'country-codes.csv'));
    expect(places).toHaveLength(raw.length);
    for (const r of raw) {
      const iso2 = r['ISO3166-1-Alpha-2'] as string;
      const id = `place:country:${iso2}`;
      const cldr = r['CLDR display name'] as string;
      const name = /^[A-Z]{2,3}$/.test(cldr) ? r.official_name_en : cldr;
      const qid = /(Q\d+)$/.exec(r.wikidata_id as string)?.[1] ?? null;
      const eu = EU_CODE[iso2] ?? iso2;
      expect(byId.get(id), iso2).toMatchObject({
        name,
        countryCode: iso2,
        isoAlpha3: r['ISO3166-1-Alpha-3'],
        nutsCode: WITH_REGIONS.has(eu) ? eu : null,
        wikidataId: qid,
      });
      const ids = placeIdentifiers.filter((i) => i.placeId === id).map((i) => `${i.scheme}=${i.value}`);
      expect(ids, iso2).toContain(`iso3166-1-numeric=${(r['ISO3166-1-numeric'] as string).padStart(3, '0')}`);
      expect(ids, iso2).toContain(`eu-country=${eu}`);
      if (r['Geoname ID']) expect(ids, iso2).toContain(`geonames=${r['Geoname ID']}`);
    }
    expect(byId.get('place:country:GB')?.nutsCode).toBeNull();
    expect(placeIdentifiers.find((i) => i.placeId === 'place:country:GB' && i.scheme === 'eu-country')?.value).toBe('UK');
  });
});
