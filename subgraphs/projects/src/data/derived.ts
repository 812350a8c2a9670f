import type { Sql } from '@regiograph/lib';

const SCHEMA = 'projects';

/** What refreshDerived copies from the other subgraphs (through their data modules). */
export interface DerivedInput {
  /** Each place with the IDs of itself and every place it lies in (organisations). */
  places: ReadonlyArray<{ id: string; path: string[] }>;
  /** Each organisation's kind (organisations). */
  organisationKinds: ReadonlyArray<{ id: string; kind: string }>;
  /** Each programme's funds (funding). */
  programmeFunds: ReadonlyArray<{ id: string; fundIds: string[] }>;
}

/**
 * Fills the columns the filters read from other subgraphs' data, which no join across schemas may fetch:
 * each partnership's `place_path` (its place and country with all their ancestors) and `organisation_kind`,
 * each project's `place_path` (its places, countries and partners' paths) and `programme_fund_ids`.
 * Two set-based statements (partnerships, then projects); only rows whose values change are written, and
 * `updated_at` stays: these are copies, not facts of a source. With `only` (the seeds' own rows), just those
 * rows, and the new values are added to the stored ones, since the seeds know few places' ancestors.
 * Returns the number of rows changed.
 */
export async function refreshDerived(sql: Sql, input: DerivedInput, only?: { projectIds: readonly string[] }): Promise<number> {
  // Each parameter appears once and in order, so the seeds' EntityManager executor (`?` placeholders) runs it too.
  const scope = only ? 'where p.id in (select jsonb_array_elements_text($4::jsonb))' : '';
  const scopeS = only ? 'where s.project_id in (select jsonb_array_elements_text($4::jsonb))' : '';
  const params: unknown[] = [
    JSON.stringify(input.places),
    JSON.stringify(input.organisationKinds),
    JSON.stringify(input.programmeFunds),
    ...(only ? [JSON.stringify(only.projectIds)] : []),
  ];
  const inputs = `a as (select * from jsonb_to_recordset($1::jsonb) as a(id text, path text[])),
    k as (select * from jsonb_to_recordset($2::jsonb) as k(id text, kind text)),
    f as (select * from jsonb_to_recordset($3::jsonb) as f(id text, "fundIds" text[]))`;
  // A place no ancestry names (a seed place the data never loaded) stands for itself.
  const keep = (column: string) => (only ? `t.${column} || ` : '');
  const set = (column: string) => `array(select distinct e from unnest(${keep(column)}c.${column}) e where e is not null order by e)`;
  const partnerships = await sql<{ n: number }>(
    `with ${inputs},
     c as (select s.id, coalesce(pa.path, array[s.place_id]) || coalesce(ca.path, array[s.country_id]) as place_path, k.kind
           from "${SCHEMA}"."partnership" s left join a pa on pa.id = s.place_id left join a ca on ca.id = s.country_id
           left join k on k.id = s.organisation_id ${scopeS}),
     u as (update "${SCHEMA}"."partnership" t set place_path = ${set('place_path')}, organisation_kind = ${only ? 'coalesce(c.kind, t.organisation_kind)' : 'c.kind'}
           from c where c.id = t.id
             and (t.place_path, t.organisation_kind) is distinct from (${set('place_path')}, ${only ? 'coalesce(c.kind, t.organisation_kind)' : 'c.kind'})
           returning 1)
     select count(*)::int as n from u`,
    params,
  );
  const projects = await sql<{ n: number }>(
    `with ${inputs},
     c as (select p.id,
             array(select e from unnest(p.place_ids || p.country_ids) x left join a on a.id = x cross join lateral unnest(coalesce(a.path, array[x])) e)
               || coalesce((select array_agg(e) from "${SCHEMA}"."partnership" s cross join unnest(s.place_path) e where s.project_id = p.id), '{}')
               as place_path,
             coalesce(f."fundIds", '{}') as programme_fund_ids
           from "${SCHEMA}"."project" p left join f on f.id = p.programme_id ${scope}),
     u as (update "${SCHEMA}"."project" t set place_path = ${set('place_path')}, programme_fund_ids = ${set('programme_fund_ids')}
           from c where c.id = t.id
             and (t.place_path, t.programme_fund_ids) is distinct from (${set('place_path')}, ${set('programme_fund_ids')})
           returning 1)
     select count(*)::int as n from u`,
    params,
  );
  return (partnerships[0]?.n ?? 0) + (projects[0]?.n ?? 0);
}
