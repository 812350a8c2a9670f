import { insertRecordset, type Sql } from '@regiograph/lib';

const SCHEMA = 'organisations';

/**
 * Copies what OrganisationFilter.programme and .role read from the other subgraphs: each organisation's
 * programmes (`takesPartIn`) and project roles (`partnerRoles`) from the (organisation, programme, role)
 * rows given (projects' partnerships and funding's participants). Staged in a temporary table, then one
 * update of the organisations whose lists change (without moving `updated_at`: copies, not facts). With
 * `only`, just those organisations, the new values added to the stored ones (the seeds know a few).
 */
export async function refreshParticipation(
  sql: Sql,
  rows: ReadonlyArray<{ organisationId: string; programmeId: string | null; role: string | null }>,
  only?: { organisationIds: readonly string[] },
): Promise<number> {
  await sql('drop table if exists derived_participation');
  await sql('create temporary table derived_participation (organisation_id text, programme_id text, role text)');
  await insertRecordset(
    sql,
    'derived_participation',
    'organisation_id text, programme_id text, role text',
    rows.map((r) => ({ organisation_id: r.organisationId, programme_id: r.programmeId, role: r.role })),
  );
  await sql('analyze derived_participation');
  const keep = (column: string) => (only ? `o.${column} || ` : '');
  const sorted = (column: string, value: string) =>
    `array(select distinct e from unnest(${keep(column)}coalesce(c.${value}, '{}')) e where e is not null order by e)`;
  const [changed] = await sql<{ n: number }>(
    `with c as (select organisation_id as id, array_agg(programme_id) as programmes, array_agg(role) as roles
                from derived_participation group by organisation_id),
     u as (update "${SCHEMA}"."organisation" o set takes_part_in = ${sorted('takes_part_in', 'programmes')},
             partner_roles = ${sorted('partner_roles', 'roles')}
           from "${SCHEMA}"."organisation" x left join c on c.id = x.id
           where x.id = o.id ${only ? 'and o.id in (select jsonb_array_elements_text($1::jsonb))' : ''}
             and (o.takes_part_in, o.partner_roles) is distinct from (${sorted('takes_part_in', 'programmes')}, ${sorted('partner_roles', 'roles')})
           returning 1)
     select count(*)::int as n from u`,
    only ? [JSON.stringify(only.organisationIds)] : [],
  );
  await sql('drop table derived_participation');
  return changed?.n ?? 0;
}
