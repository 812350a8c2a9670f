import type { EntityManager } from '@mikro-orm/postgresql';
import { readColumns, rowMapper, tableOf } from '@regiograph/lib';
import { Place, PlaceIdentifier } from './place.entity.js';

/** Schemes whose codes are written in capitals (a user typing "pl81" or "q36" means the same code). */
const UPPER = new Set(['nuts', 'nuts-2021', 'iso3166-1-alpha2', 'iso3166-1-alpha3', 'eu-country', 'wikidata']);

/**
 * One place by a code, in ONE statement: place_identifier rows of that scheme and the place's own columns
 * (nuts_code, lau_code with teryt for Poland and siruta for Romania, ISO codes of countries, wikidata_id).
 * For `nuts` a NUTS 2021 code is tried too, after the NUTS 2024 ones, so a region coded in either version
 * resolves to the same place.
 */
export async function findPlaceByIdentifier(em: EntityManager, schemeIn: string, valueIn: string): Promise<Place | null> {
  const scheme = schemeIn.trim().toLowerCase();
  const value = UPPER.has(scheme) ? valueIn.trim().toUpperCase() : valueIn.trim();
  if (!scheme || !value) return null;
  const place = tableOf(em, Place);
  const ids = tableOf(em, PlaceIdentifier);
  const rows = await em.execute(
    `with q as (select ?::text as scheme, ?::text as value),
     hit as (
       select i.place_id as id, 0 as rank from ${ids} i, q where i.scheme = q.scheme and i.value = q.value
       union all
       select p.id, 0 from ${place} p, q where q.scheme = 'nuts' and p.nuts_code = q.value
       union all
       select p.id, 0 from ${place} p, q
         where p.lau_code = q.value
           and (q.scheme = 'lau' or (q.scheme = 'teryt' and p.country_code = 'PL') or (q.scheme = 'siruta' and p.country_code = 'RO'))
       union all
       select p.id, 0 from ${place} p, q where q.scheme = 'iso3166-1-alpha2' and p.kind = 'COUNTRY' and p.country_code = q.value
       union all
       select p.id, 0 from ${place} p, q where q.scheme = 'iso3166-1-alpha3' and p.kind = 'COUNTRY' and p.iso_alpha3 = q.value
       union all
       select p.id, 0 from ${place} p, q where q.scheme = 'wikidata' and p.wikidata_id = q.value
       union all
       select i.place_id, 1 from ${ids} i, q where q.scheme = 'nuts' and i.scheme = 'nuts-2021' and i.value = q.value
     )
     select ${readColumns(em, Place)} from hit join ${place} t on t.id = hit.id order by hit.rank, t.id limit 1`,
    [scheme, value],
  );
  const [row] = rows as Array<Record<string, unknown>>;
  return row ? rowMapper(em, Place)(row) : null;
}
