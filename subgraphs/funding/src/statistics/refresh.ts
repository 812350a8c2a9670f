import { PLACE_COLUMNS, PLACE_LEVELS_TABLE, placeValues, type Sql } from '@regiograph/lib';

/** Rebuilds funding.funding_fact: every allocation at its place, every grant at its programme's country. */
export async function refreshFundingFacts(sql: Sql): Promise<number> {
  await sql('delete from funding.funding_fact');
  const rows = await sql<{ n: number }>(
    `with inserted as (
       insert into funding.funding_fact (fact_id, kind, programme_id, fund_id, breakdown, period, year, amount, currency, ${PLACE_COLUMNS})
       select a.id, 'ALLOCATION', a.programme_id, a.fund_id, a.breakdown, p.period, p.start_year, a.amount, a.currency, ${placeValues('lv')}
         from funding.allocation a join funding.programme p on p.id = a.programme_id left join ${PLACE_LEVELS_TABLE} lv on lv.place_id = a.place_id
       union all
       select g.id, 'GRANT', g.programme_id, case when cardinality(p.fund_ids) = 1 then p.fund_ids[1] end, null, p.period, p.start_year,
              g.amount, g.currency, ${placeValues('lv')}
         from funding.grant g join funding.programme p on p.id = g.programme_id left join ${PLACE_LEVELS_TABLE} lv on lv.place_id = p.country_id
       returning 1
     )
     select count(*)::int as n from inserted`,
  );
  return rows[0]?.n ?? 0;
}
