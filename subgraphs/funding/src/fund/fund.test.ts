import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(funding);
});
afterAll(async () => sg?.stop());

type FundView = { id: string; name: string; nameLocal: string | null; kind: string; donors: Array<{ id: string }> };

describe('Fund', () => {
  it('resolves Fund references by id, null for an unknown id, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; name: string; acronym: string | null } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Fund { id name acronym } } }`,
      {
        r: [
          { __typename: 'Fund', id: 'fund:eea-grants' },
          { __typename: 'Fund', id: 'fund:nowhere' },
          { __typename: 'Fund', id: 'fund:erdf' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: 'fund:eea-grants', name: 'EEA Grants', acronym: 'EEA' },
      null,
      { id: 'fund:erdf', name: 'European Regional Development Fund', acronym: 'ERDF' },
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"fund"'))).toHaveLength(1);
  });

  it('lists the EEA Grants, the Norway Grants and the ERDF with their donor countries', async () => {
    const res = await sg.query<{ funds: FundView[] }>('{ funds { id name nameLocal kind donors { id } } }');
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data?.funds.map((f) => [f.id, f]));
    expect([...byId.keys()].sort()).toEqual(['fund:eea-grants', 'fund:erdf', 'fund:norway-grants']);
    expect(byId.get('fund:eea-grants')?.donors.map((d) => d.id)).toEqual(['place:country:IS', 'place:country:LI', 'place:country:NO']);
    expect(byId.get('fund:norway-grants')).toMatchObject({
      nameLocal: 'Fundusze norweskie',
      kind: 'GRANT_MECHANISM',
      donors: [{ id: 'place:country:NO' }],
    });
    expect(byId.get('fund:erdf')).toMatchObject({ kind: 'EU_STRUCTURAL_FUND', donors: [] });
  });

  it('finds a fund by its Polish name typed without diacritics or capitals', async () => {
    const res = await sg.query<{ fund: { id: string } | null }>('{ fund(name: "fundusze eog") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.fund).toEqual({ id: 'fund:eea-grants' });
  });

  it('finds a fund by acronym and returns null for an unknown name', async () => {
    const res = await sg.query<{ erdf: { id: string } | null; none: { id: string } | null }>(
      '{ erdf: fund(name: "ERDF") { id } none: fund(name: "Atlantis Development Fund") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ erdf: { id: 'fund:erdf' }, none: null });
  });

  it('lists the programmes each fund finances, for all funds in one SELECT on programme', async () => {
    queryLog.reset();
    const res = await sg.query<{ funds: Array<{ id: string; programmes: Array<{ id: string }> }> }>('{ funds { id programmes { id } } }');
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data?.funds.map((f) => [f.id, f.programmes.map((p) => p.id)]));
    expect(byId.get('fund:eea-grants')).toEqual(['programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny']);
    expect(byId.get('fund:norway-grants')).toEqual(['programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny']);
    expect(byId.get('fund:erdf')).toEqual(['programme:interreg-europe-2014-2020']);
    expect(queryLog.statements.filter((s) => s.includes('"programme"'))).toHaveLength(1);
  });

  it("spans the years of a fund's programmes, for all funds in one statement, and keeps its own period without any", async () => {
    const connection = sg.orm.em.getConnection();
    // An EEA Grants programme of the earlier edition, and a fund that finances nothing yet.
    await connection.execute(
      `insert into funding.programme (id, name, start_year, end_year, period, fund_ids, alt_names, search_keys, source_ids)
         values (?, ?, 2009, 2014, '2009-2014', array[?], '{}', '{}', '{}')`,
      ['programme:test:eea-2009-2014', 'Test programme 2009-2014', 'fund:eea-grants'],
    );
    await connection.execute(
      `insert into funding.programme (id, name, period, fund_ids, alt_names, search_keys, source_ids)
         values (?, ?, '2021-2027', array[?], '{}', '{}', '{}')`,
      ['programme:test:erdf-2021-2027', 'Test programme by period text only', 'fund:erdf'],
    );
    await connection.execute(
      `insert into funding.fund (id, name, kind, period, donor_ids, alt_names, search_keys, source_ids)
         values ('fund:test-idle', 'Idle fund', 'GRANT_MECHANISM', '2014-2021', '{}', '{}', '{}', '{}')`,
    );
    try {
      const stored = await connection.execute<Array<{ id: string; first: number; last: number }>>(
        `select f.id, min(coalesce(p.start_year, left(p.period, 4)::int)) as first, max(coalesce(p.end_year, right(p.period, 4)::int)) as last
           from funding.programme p, unnest(p.fund_ids) f(id) group by f.id`,
      );
      queryLog.reset();
      const res = await sg.query<{ funds: Array<{ id: string; period: string | null }> }>('{ funds { id period } }');
      expect(res.errors).toBeUndefined();
      const byId = new Map(res.data?.funds.map((f) => [f.id, f.period]));
      for (const row of stored) expect(byId.get(row.id), row.id).toBe(`${row.first}-${row.last}`);
      expect(byId.get('fund:eea-grants')).toBe('2009-2021');
      expect(byId.get('fund:erdf')).toBe('2014-2027');
      expect(byId.get('fund:test-idle')).toBe('2014-2021');
      expect(queryLog.statements.filter((q) => q.includes('unnest(p.fund_ids)'))).toHaveLength(1);
    } finally {
      await connection.execute(`delete from funding.programme where id like 'programme:test:%'`);
      await connection.execute(`delete from funding.fund where id = 'fund:test-idle'`);
    }
  });

  it('cites the articles that name the EEA Grants', async () => {
    const res = await sg.query<{ fund: { sources: Array<{ id: string }> } }>('{ fund(id: "fund:eea-grants") { sources { id } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.fund.sources.map((s) => s.id).sort()).toEqual(['src:zmp-empirie-2022', 'src:zmp-miasto-przedsiebiorcze-tarnow-2023']);
  });
});
