import type { PlaceIdentifierRow, PlaceRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { z } from 'zod';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited } from '../formats.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

/**
 * ISO 3166-1 countries from datasets/country-codes: the original 56-column file and the compact file
 * derived from it. Both yield the same place rows (loading the second only adds its citations). The name
 * is the English short name, marked `nameIsLocal: false` so it never overwrites a local name the seeds
 * gave ("Polska"); it is also `nameEn`.
 */

/** Countries with NUTS regions (EU-27) or Eurostat statistical regions (EFTA and candidates): their EU code. */
const NUTS_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'NO',
  'IS',
  'LI',
  'CH',
  'ME',
  'MK',
  'AL',
  'RS',
  'TR',
]);

/** Where the EU's inter-institutional country codes differ from ISO 3166-1 alpha-2. */
const EU_CODES: Record<string, string> = { GR: 'EL', GB: 'UK' };

interface Layout {
  format: string;
  iso2: string;
  iso3: string;
  numeric: string;
  name: string;
  officialName: string;
  geonames: string;
  wikidata: string;
  /** Only the compact file states the EU code; for the full file it is derived (GR -> EL, GB -> UK). */
  eu: string | null;
}

const FULL: Layout = {
  format: 'country-codes.csv',
  iso2: 'ISO3166-1-Alpha-2',
  iso3: 'ISO3166-1-Alpha-3',
  numeric: 'ISO3166-1-numeric',
  name: 'CLDR display name',
  officialName: 'official_name_en',
  geonames: 'Geoname ID',
  wikidata: 'wikidata_id',
  eu: null,
};
const COMPACT: Layout = {
  format: 'country-codes-compact.csv',
  iso2: 'iso2',
  iso3: 'iso3',
  numeric: 'iso_numeric',
  name: 'name',
  officialName: 'official_name_en',
  geonames: 'geonames_id',
  wikidata: 'wikidata_qid',
  eu: 'eu_protocol_code',
};
const LAYOUTS = [FULL, COMPACT];

function columns(layout: Layout): string[] {
  return [
    layout.iso2,
    layout.iso3,
    layout.numeric,
    layout.name,
    layout.officialName,
    layout.geonames,
    layout.wikidata,
    ...(layout.eu ? [layout.eu] : []),
  ];
}

/** "https://www.wikidata.org/wiki/Q889" or "Q889" -> "Q889". */
function qid(value: string): string | null | undefined {
  if (value === '') return null;
  const m = /^(?:https?:\/\/www\.wikidata\.org\/(?:wiki|entity)\/)?(Q[1-9][0-9]*)$/.exec(value);
  return m ? m[1] : undefined;
}

function parseCountries(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const layout = LAYOUTS.find((l) => l.format === format);
  if (!layout) throw new IngestError(file.path, null, `unknown format ${format}`);
  const { header, rows } = parseDelimited(file, ',');
  const missing = columns(layout).filter((c) => !header.includes(c));
  if (missing.length) throw new IngestError(file.path, '1', `header lacks ${missing.join(', ')}`);

  const places: PlaceRow[] = [];
  const placeIdentifiers: PlaceIdentifierRow[] = [];
  const seen = new Set<string>();
  // The form of each cell; what depends on several cells (the name, repeats) is checked after.
  const schema = z.object({
    [layout.iso2]: cell.code(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'),
    [layout.iso3]: cell.code(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code'),
    [layout.numeric]: cell.code(/^[0-9]{1,3}$/, 'an ISO 3166-1 numeric code'),
    [layout.wikidata]: z
      .string()
      .refine((v) => qid(v) !== undefined, { error: (issue) => `${JSON.stringify(issue.input)} is not a Wikidata item` }),
    [layout.geonames]: cell.optionalCode(/^[0-9]+$/, 'a GeoNames ID'),
    ...(layout.eu ? { [layout.eu]: cell.optionalCode(/^[A-Z]{2}$/, 'an EU country code') } : {}),
  });
  for (const { line, record } of rows) {
    const iso2 = record[layout.iso2] ?? '';
    const recordId = iso2 || undefined;
    const bad = (field: string, reason: string) => ctx.reject({ line, field, reason, recordId });
    if (!validRecord(schema, record, { line, recordId }, ctx)) continue;
    if (seen.has(iso2)) {
      bad(layout.iso2, `${iso2} appears twice in the file`);
      continue;
    }
    const iso3 = record[layout.iso3] ?? '';
    const numericText = record[layout.numeric] ?? '';
    const displayName = record[layout.name] ?? '';
    const officialName = record[layout.officialName] ?? '';
    // The CLDR display name is an abbreviation for two countries ("UK", "US"): the official name is then the name.
    const name = /^[A-Z]{2,3}$/.test(displayName) && officialName ? officialName : displayName;
    if (!name) {
      bad(layout.name, 'missing');
      continue;
    }
    const wikidataId = qid(record[layout.wikidata] ?? '') ?? null;
    const geonames = record[layout.geonames] ?? '';
    const eu = (layout.eu ? record[layout.eu] : '') || EU_CODES[iso2] || iso2;
    seen.add(iso2);

    const id = `place:country:${iso2}`;
    const cite = [recordRef(ctx.sourceId, iso2)];
    places.push({
      id,
      name,
      nameIsLocal: false,
      nameEn: name,
      kind: 'COUNTRY',
      countryCode: iso2,
      isoAlpha3: iso3,
      nutsCode: NUTS_COUNTRIES.has(eu) ? eu : null,
      altNames: [...new Set([displayName, officialName])].filter((n) => n && n !== name),
      wikidataId,
      sourceIds: cite,
    });
    const ids: Array<[string, string | null]> = [
      ['iso3166-1-alpha2', iso2],
      ['iso3166-1-alpha3', iso3],
      ['iso3166-1-numeric', numericText.padStart(3, '0')],
      ['eu-country', eu],
      ['wikidata', wikidataId],
      ['geonames', geonames || null],
    ];
    for (const [scheme, value] of ids) {
      if (value) placeIdentifiers.push({ placeId: id, scheme, value, sourceIds: cite });
    }
  }
  return { records: rows.length, rows: { organisations: { places, placeIdentifiers } } };
}

export const countriesConnector: Connector = {
  name: 'countries',
  description:
    'ISO 3166-1 countries (alpha-2, alpha-3, numeric, EU codes EL/UK, Wikidata and GeoNames IDs) from datasets/country-codes: country-codes.csv or country-codes-compact.csv',
  dataset: {
    title: 'Country codes (ISO 3166-1 and more, with Wikidata QIDs)',
    publisher: 'Open Knowledge Foundation, datasets/country-codes (datahub.io core dataset)',
    url: 'https://github.com/datasets/country-codes',
    licence: "ODC-PDDL-1.0 (Open Data Commons Public Domain Dedication and License); ISO's own terms for the codes are unclear",
    attribution: 'Country codes: datasets/country-codes (Open Knowledge Foundation), ODC-PDDL',
    retrievedOn: '2026-05-15',
  },
  detect(file) {
    for (const layout of LAYOUTS) {
      if (headerHas(file, ',', columns(layout))) return { format: layout.format };
    }
    return {
      format: null,
      why: `not a country-codes file: the header has neither the full file's columns (${FULL.iso2}, ${FULL.iso3}, wikidata_id...) nor the compact file's (iso2, iso3, wikidata_qid, eu_protocol_code...)`,
    };
  },
  parse: parseCountries,
};
