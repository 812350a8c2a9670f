import { given, type SqlFilter, textArray } from '@regiograph/lib';

/** SQL filters shared by the name searches of places and organisations (aliases the row as `t`). */
export function kindAndCountry(kind?: string, countryCode?: string): { where?: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (kind) {
    where.push('t.kind = ?');
    params.push(kind);
  }
  if (countryCode) {
    where.push('t.country_code = ?');
    params.push(countryCode.toUpperCase());
  }
  return { where: where.join(' and ') || undefined, params };
}

/**
 * Rows whose place (`column`) is one of the places or lies inside one: a recursive walk down the places'
 * parent links in the same statement (places live in this subgraph, so nothing is copied for it).
 */
export function addWithinPlaces(f: SqlFilter, column: string, placeTable: string, ids: readonly string[] | null | undefined): void {
  if (!given(ids)) return;
  f.add(
    `${column} in (with recursive down(id) as (select id from ${placeTable} where id = any(${textArray(ids)})
       union select p.id from ${placeTable} p join down on p.parent_id = down.id) select id from down)`,
    ...ids,
  );
}
