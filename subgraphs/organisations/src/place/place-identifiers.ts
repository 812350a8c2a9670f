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
  const out = new Map<string, PlaceIdentifier>();
  const add = (scheme: string, value: string | null | undefined, sourceIds: string[]) => {
    if (!value) return;
    const key = `${scheme}|${value}`;
    let entry = out.get(key);
    if (!entry) {
      entry = Object.assign(new PlaceIdentifier(), { scheme, value, placeId: place.id, sourceIds: [] as string[] });
      out.set(key, entry);
    }
    for (const id of sourceIds) if (!entry.sourceIds.includes(id)) entry.sourceIds.push(id);
  };
  for (const i of stored) add(i.scheme, i.value, i.sourceIds);
  add('nuts', place.nutsCode, place.sourceIds);
  add(lauScheme(place.countryCode), place.lauCode, place.sourceIds);
  if (place.kind === PlaceKind.COUNTRY) {
    add('iso3166-1-alpha2', place.countryCode, place.sourceIds);
    add('iso3166-1-alpha3', place.isoAlpha3, place.sourceIds);
  }
  add('wikidata', place.wikidataId, place.sourceIds);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...out.values()].sort((a, b) => (a.scheme === b.scheme ? cmp(a.value, b.value) : cmp(a.scheme, b.scheme)));
}
