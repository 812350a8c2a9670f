import { PLACE_COLUMNS, PLACE_LEVELS_TABLE, placeValues, type Sql, stageStatisticsInput as stageInput } from '@regiograph/lib';

/** Stages the place tree (each place's ancestry) and the organisation kinds for every subgraph's fact tables. */
export function stageStatisticsInput(sql: Sql): Promise<void> {
  return stageInput(sql, { place: 'organisations.place', organisation: 'organisations.organisation' });
}

/** Rebuilds organisations.organisation_fact: every canonical organisation at its seat. */
export async function refreshOrganisationFacts(sql: Sql): Promise<number> {
  await sql('delete from organisations.organisation_fact');
  const rows = await sql<{ n: number }>(
    `with inserted as (
       insert into organisations.organisation_fact (organisation_id, organisation_kind, ${PLACE_COLUMNS})
       select o.id, o.kind, ${placeValues('lv')} from organisations.organisation o left join ${PLACE_LEVELS_TABLE} lv on lv.place_id = o.place_id
       returning 1
     )
     select count(*)::int as n from inserted`,
  );
  return rows[0]?.n ?? 0;
}
