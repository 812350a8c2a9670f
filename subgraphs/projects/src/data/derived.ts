import { insertRecordset, type Sql } from '@regiograph/lib';

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

/** The places, organisations and programmes this schema refers to: what refreshDerived needs copied. */
export async function derivedNeeds(sql: Sql): Promise<{ placeIds: string[]; organisationIds: string[]; programmeIds: string[] }> {
  const [row] = await sql<{ places: string[]; organisations: string[]; programmes: string[] }>(
    `select
       array(select x from "${SCHEMA}"."project" cross join unnest(place_ids || country_ids) x
             union select place_id from "${SCHEMA}"."partnership" where place_id is not null
             union select country_id from "${SCHEMA}"."partnership" where country_id is not null) as places,
       array(select distinct organisation_id from "${SCHEMA}"."partnership" where organisation_id is not null) as organisations,
       array(select distinct programme_id from "${SCHEMA}"."project" where programme_id is not null) as programmes`,
  );
  return { placeIds: row?.places ?? [], organisationIds: row?.organisations ?? [], programmeIds: row?.programmes ?? [] };
}

/**
 * Fills the columns the filters read from other subgraphs' data, which no join across schemas may fetch:
 * each partnership's `place_path` (its place and country with all their ancestors) and `organisation_kind`,
 * each project's `place_path` (its places, countries and partners' paths) and `programme_fund_ids`.
 * Two set-based updates (partnerships, then projects); only rows whose values change are written, and
 * `updated_at` stays: these are copies, not facts of a source. With `only` (the seeds' own rows), just those
 * rows, and the new values are added to the stored ones, since the seeds know few places' ancestors.
 * Returns the number of rows changed.
 */
export async function refreshDerived(sql: Sql, input: DerivedInput, only?: { projectIds: readonly string[] }): Promise<number> {
  // The inputs go to temporary tables with keys and statistics: joined as jsonb_to_recordset (which the
  // planner guesses at 100 rows) the full open data took 50 s of nested loops; so staged, well under a second.
  const stage = async (name: string, columns: string, json: readonly object[]) => {
    await sql(`drop table if exists ${name}`);
    await sql(`create temporary table ${name} (${columns})`);
    await insertRecordset(sql, name, columns.replace(' primary key', ''), json);
    await sql(`analyze ${name}`);
  };
  await stage('derived_place', 'id text primary key, path text[]', input.places);
  await stage('derived_kind', 'id text primary key, kind text', input.organisationKinds);
  await stage('derived_fund', 'id text primary key, "fundIds" text[]', input.programmeFunds);
  await stage(
    'derived_scope',
    'id text primary key',
    (only?.projectIds ?? []).map((id) => ({ id })),
  );
  const scope = only ? 'where p.id in (select id from derived_scope)' : '';
  const scopeS = only ? 'where s.project_id in (select id from derived_scope)' : '';
  // A place no ancestry names (a seed place the data never loaded) stands for itself.
  const keep = (column: string) => (only ? `t.${column} || ` : '');
  const set = (column: string) => `array(select distinct e from unnest(${keep(column)}c.${column}) e where e is not null order by e)`;
  const kind = only ? 'coalesce(c.kind, t.organisation_kind)' : 'c.kind';
  const partnerships = await sql<{ n: number }>(
    `with c as (select s.id, coalesce(pa.path, array[s.place_id]) || coalesce(ca.path, array[s.country_id]) as place_path, k.kind
           from "${SCHEMA}"."partnership" s left join derived_place pa on pa.id = s.place_id left join derived_place ca on ca.id = s.country_id
           left join derived_kind k on k.id = s.organisation_id ${scopeS}),
     u as (update "${SCHEMA}"."partnership" t set place_path = ${set('place_path')}, organisation_kind = ${kind}
           from c where c.id = t.id and (t.place_path, t.organisation_kind) is distinct from (${set('place_path')}, ${kind})
           returning 1)
     select count(*)::int as n from u`,
  );
  const projects = await sql<{ n: number }>(
    `with own as (select p.id, e from "${SCHEMA}"."project" p cross join unnest(p.place_ids || p.country_ids) x
             left join derived_place a on a.id = x cross join lateral unnest(coalesce(a.path, array[x])) e ${scope}),
     partner as (select s.project_id as id, e from "${SCHEMA}"."partnership" s cross join unnest(s.place_path) e ${scopeS}),
     paths as (select id, array_agg(e) as place_path from (select * from own union all select * from partner) x group by id),
     c as (select p.id, coalesce(paths.place_path, '{}') as place_path, coalesce(f."fundIds", '{}') as programme_fund_ids
           from "${SCHEMA}"."project" p left join paths on paths.id = p.id left join derived_fund f on f.id = p.programme_id ${scope}),
     u as (update "${SCHEMA}"."project" t set place_path = ${set('place_path')}, programme_fund_ids = ${set('programme_fund_ids')}
           from c where c.id = t.id
             and (t.place_path, t.programme_fund_ids) is distinct from (${set('place_path')}, ${set('programme_fund_ids')})
           returning 1)
     select count(*)::int as n from u`,
  );
  for (const name of ['derived_place', 'derived_kind', 'derived_fund', 'derived_scope']) await sql(`drop table ${name}`);
  return (partnerships[0]?.n ?? 0) + (projects[0]?.n ?? 0);
}

/** Each partner organisation's programme (through its project) and role: what the organisations subgraph copies. */
export async function participation(sql: Sql): Promise<Array<{ organisationId: string; programmeId: string | null; role: string | null }>> {
  return sql(
    `select distinct s.organisation_id as "organisationId", p.programme_id as "programmeId", s.role
     from "${SCHEMA}"."partnership" s join "${SCHEMA}"."project" p on p.id = s.project_id where s.organisation_id is not null`,
  );
}
