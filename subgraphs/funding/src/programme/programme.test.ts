import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(funding);
});
afterAll(async () => sg?.stop());

const ROZWOJ = 'programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny';
const INTERREG = 'programme:interreg-europe-2014-2020';
const RPO_WL = 'programme:pl-rpo-wl-2020-2027';

describe('Programme', () => {
  it('resolves Programme references by id, null for an unknown id, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; nameLocal: string | null } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { id nameLocal } } }`,
      {
        r: [
          { __typename: 'Programme', id: ROZWOJ },
          { __typename: 'Programme', id: 'programme:nowhere' },
          { __typename: 'Programme', id: RPO_WL },
          { __typename: 'Programme', id: INTERREG },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: ROZWOJ, nameLocal: 'Rozwój lokalny' },
      null,
      { id: RPO_WL, nameLocal: 'Regionalny Program Operacyjny Województwa Lubelskiego' },
      { id: INTERREG, nameLocal: null },
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"programme"'))).toHaveLength(1);
  });

  it('finds Rozwój lokalny by a name typed without diacritics, with its funds, country and operator', async () => {
    const res = await sg.query<{
      programme: {
        id: string;
        name: string;
        code: string | null;
        period: string;
        startYear: number;
        endYear: number;
        country: { id: string };
        funds: Array<{ id: string }>;
        operator: { id: string };
        operatorRole: string;
      } | null;
    }>(
      `{ programme(name: "rozwoj lokalny") {
          id name code period startYear endYear country { id } funds { id } operator { id } operatorRole } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.programme).toEqual({
      id: ROZWOJ,
      name: 'Local Development',
      code: null,
      period: '2014-2021',
      startYear: 2014,
      endYear: 2021,
      country: { id: 'place:country:PL' },
      funds: [{ id: 'fund:eea-grants' }, { id: 'fund:norway-grants' }],
      operator: { id: 'org:PL:ministerstwo-funduszy-i-polityki-regionalnej' },
      operatorRole: 'PROGRAMME_OPERATOR',
    });
  });

  it('keeps the RPO WL period as the article writes it and finds it by its abbreviation', async () => {
    const res = await sg.query<{
      programme: { id: string; period: string; startYear: number; endYear: number; operator: { id: string }; operatorRole: string } | null;
    }>('{ programme(name: "rpo wl") { id period startYear endYear operator { id } operatorRole } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.programme).toEqual({
      id: RPO_WL,
      period: '2020-2027',
      startYear: 2020,
      endYear: 2027,
      operator: { id: 'org:region:PL:PL81' },
      operatorRole: 'MANAGING_AUTHORITY',
    });
  });

  it('lists every programme without a name, and none for an unknown name', async () => {
    const res = await sg.query<{ all: Array<{ id: string }>; none: Array<{ id: string }>; one: { id: string } | null }>(
      '{ all: programmes { id } none: programmes(name: "Atlantis Cohesion Fund") { id } one: programme(name: "Atlantis") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.all.map((p) => p.id).sort()).toEqual([ROZWOJ, INTERREG, RPO_WL].sort());
    expect(res.data?.none).toEqual([]);
    expect(res.data?.one).toBeNull();
  });

  it('gives Interreg Europe 2014-2020 the ERDF as fund and its two project grants', async () => {
    const res = await sg.query<{
      programmes: Array<{ id: string; country: null; funds: Array<{ acronym: string }>; grants: Array<{ project: { id: string } }> }>;
    }>('{ programmes(name: "INTERREG europe") { id country { id } funds { acronym } grants { project { id } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.programmes).toEqual([
      {
        id: INTERREG,
        country: null,
        funds: [{ acronym: 'ERDF' }],
        grants: [{ project: { id: 'project:interreg-europe:PGI06047' } }, { project: { id: 'project:interreg-europe:scale-up' } }],
      },
    ]);
  });

  it('loads the funds of all programmes in one SELECT on fund and their grants in one SELECT on grant', async () => {
    queryLog.reset();
    const res = await sg.query<{ programmes: Array<{ funds: Array<{ id: string }>; grants: Array<{ id: string }> }> }>(
      '{ programmes { funds { id } grants { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.programmes.flatMap((p) => p.grants)).toHaveLength(11);
    expect(queryLog.statements.filter((s) => s.includes('"fund"'))).toHaveLength(1);
    expect(queryLog.statements.filter((s) => s.includes('"grant"'))).toHaveLength(1);
  });

  it('lists the programmes each organisation operates, for N organisations in one SELECT on programme', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; programmesOperated: Array<{ id: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { id programmesOperated { id } } } }`,
      {
        r: [
          { __typename: 'Organisation', id: 'org:PL:ministerstwo-funduszy-i-polityki-regionalnej' },
          { __typename: 'Organisation', id: 'org:region:PL:PL81' },
          { __typename: 'Organisation', id: 'org:FR:region-hauts-de-france' },
          { __typename: 'Organisation', id: 'org:municipality:PL:1263011' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((o) => o.programmesOperated.map((p) => p.id))).toEqual([[ROZWOJ], [RPO_WL], [INTERREG], []]);
    expect(queryLog.statements.filter((s) => s.includes('"programme"'))).toHaveLength(1);
  });
});
