import { ORGANISATION_KINDS_TABLE, PLACE_COLUMNS, PLACE_LEVELS_TABLE, placeValues, type Sql } from '@regiograph/lib';
import { refreshProjectRollup } from './rollup.js';

/**
 * Rebuilds projects.project_fact and projects.partnership_fact from the projects and partnerships, with
 * the place tree and organisation kinds the organisations subgraph gives (two jsonb parameters), then the
 * rollup of the whole graph's figures from them (rollup.ts), in the same transaction.
 */
export async function refreshProjectFacts(sql: Sql): Promise<number> {
  await sql('delete from projects.partnership_fact');
  await sql('delete from projects.project_fact');
  // A project's place: the deepest place common to the paths of all its places (the regions it works in
  // and its partners' places; with none of those, its only country). Elements shared by every path form a
  // prefix of each, so the last of them is that place. "Not exists", not "not in (select ...)": the planner
  // hashes a NOT IN subquery only while it fits in work_mem; past that (about 400,000 paths at 100,000
  // projects) it rescans the subquery for every project, and the refresh went quadratic.
  const projects = await sql<{ n: number }>(
    `with paths as (
       select p.id as project_id, lv.place_path from projects.project p
         cross join lateral unnest(p.place_ids) as u(place_id) join ${PLACE_LEVELS_TABLE} lv on lv.place_id = u.place_id
       union all
       select s.project_id, lv.place_path from projects.partnership s join ${PLACE_LEVELS_TABLE} lv on lv.place_id = coalesce(s.place_id, s.country_id)
     ),
     every_path as (
       select * from paths
       union all
       select p.id, lv.place_path from projects.project p join ${PLACE_LEVELS_TABLE} lv on lv.place_id = p.country_ids[1]
        where cardinality(p.country_ids) = 1 and not exists (select 1 from paths x where x.project_id = p.id)
     ),
     n as (select project_id, count(*) as n from every_path group by project_id),
     elements as (
       select e.project_id, t.i, t.e, count(*) as c from every_path e, unnest(e.place_path) with ordinality as t(e, i)
        group by e.project_id, t.i, t.e
     ),
     home as (
       select el.project_id, (array_agg(el.e order by el.i desc))[1] as place_id
         from elements el join n on n.project_id = el.project_id where el.c = n.n group by el.project_id
     ),
     inserted as (
       insert into projects.project_fact (project_id, programme_id, status, year, budget, eu_contribution, currency, ${PLACE_COLUMNS})
       select p.id, p.programme_id, p.status, extract(year from p.start_date)::int, p.total_budget, p.eu_funding, p.currency, ${placeValues('lv')}
         from projects.project p left join home h on h.project_id = p.id left join ${PLACE_LEVELS_TABLE} lv on lv.place_id = h.place_id
       returning 1
     )
     select count(*)::int as n from inserted`,
  );
  const partnerships = await sql<{ n: number }>(
    `with inserted as (
       insert into projects.partnership_fact (partnership_id, project_id, programme_id, year, role, organisation_id, organisation_kind, ${PLACE_COLUMNS})
       select s.id, s.project_id, p.programme_id, extract(year from p.start_date)::int, s.role, s.organisation_id, k.kind, ${placeValues('lv')}
         from projects.partnership s join projects.project p on p.id = s.project_id
         left join ${ORGANISATION_KINDS_TABLE} k on k.id = s.organisation_id
         left join ${PLACE_LEVELS_TABLE} lv on lv.place_id = coalesce(s.place_id, s.country_id)
       returning 1
     )
     select count(*)::int as n from inserted`,
  );
  await refreshProjectRollup(sql);
  return (projects[0]?.n ?? 0) + (partnerships[0]?.n ?? 0);
}
