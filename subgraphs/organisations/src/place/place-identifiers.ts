import { citedIdentifiers } from '../cited-identifiers.js';
import { PlaceKind } from '../enums.js';
import { type Place, PlaceIdentifier } from './place.entity.js';

/** The scheme a place's own LAU code belongs to: TERYT in Poland, SIRUTA in Romania, plain LAU elsewhere. */
export function lauScheme(countryCode: string): string {
  return countryCode === 'PL' ? 'teryt' : countryCode === 'RO' ? 'siruta' : 'lau';
}

/**
 * Its codes as stored in place_identifier plus those on its own columns (NUTS, LAU, ISO, Wikidata), which
 * cite the place's own sources; one entry per (scheme, value).
 */
export function placeIdentifiers(place: Place, stored: PlaceIdentifier[]): PlaceIdentifier[] {
  const ids = citedIdentifiers((scheme, value) => Object.assign(new PlaceIdentifier(), { scheme, value, placeId: place.id }));
  for (const i of stored) ids.add(i.scheme, i.value, i.sourceIds);
  ids.add('nuts', place.nutsCode, place.sourceIds);
  ids.add(lauScheme(place.countryCode), place.lauCode, place.sourceIds);
  if (place.kind === PlaceKind.COUNTRY) {
    ids.add('iso3166-1-alpha2', place.countryCode, place.sourceIds);
    ids.add('iso3166-1-alpha3', place.isoAlpha3, place.sourceIds);
  }
  ids.add('wikidata', place.wikidataId, place.sourceIds);
  return ids.list();
}
