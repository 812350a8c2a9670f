import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(funding);
});
afterAll(async () => sg?.stop());

const EMPIRIE_NETWORKS = [
  'network:empirie:miasto-cyfrowe',
  'network:empirie:zasoby-miast',
  'network:empirie:miasto-obywateli',
  'network:empirie:miasto-dostepne-i-sprawiedliwe',
  'network:empirie:miasto-przedsiebiorcze',
  'network:empirie:miasto-neutralne-klimatycznie-zielone',
  'network:empirie:zasoby-kadrowe-ludzkie-w-miastach',
  'network:empirie:leadership',
];

const grantsStatements = () => queryLog.statements.filter((s) => s.includes('"grant"'));

describe('Grant', () => {
  it('resolves Grant references by id, null for an unknown id, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; network: { id: string } | null; project: { id: string } | null } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Grant { id network { id } project { id } } } }`,
      {
        r: [
          { __typename: 'Grant', id: 'grant:pl-rozwoj-lokalny:empirie:miasto-przedsiebiorcze' },
          { __typename: 'Grant', id: 'grant:nowhere' },
          { __typename: 'Grant', id: 'grant:interreg-europe-2014-2020:interreg-europe:scale-up' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        id: 'grant:pl-rozwoj-lokalny:empirie:miasto-przedsiebiorcze',
        network: { id: 'network:empirie:miasto-przedsiebiorcze' },
        project: null,
      },
      null,
      {
        id: 'grant:interreg-europe-2014-2020:interreg-europe:scale-up',
        network: null,
        project: { id: 'project:interreg-europe:scale-up' },
      },
    ]);
    expect(grantsStatements()).toHaveLength(1);
  });

  it('funds each of the eight EMPIRIE networks from Local Development, for all of them in one SELECT on grant', async () => {
    queryLog.reset();
    const res = await sg.query<{
      _entities: Array<{ id: string; funding: Array<{ amount: number | null; programme: { nameLocal: string } }> }>;
    }>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Network { id funding { amount programme { nameLocal } } } } }`, {
      r: EMPIRIE_NETWORKS.map((id) => ({ __typename: 'Network', id })),
    });
    expect(res.errors).toBeUndefined();
    for (const network of res.data?._entities ?? []) {
      expect(network.funding).toEqual([{ amount: null, programme: { nameLocal: 'Rozwój lokalny' } }]);
    }
    expect(res.data?._entities).toHaveLength(8);
    expect(grantsStatements()).toHaveLength(1);
    expect(queryLog.statements.filter((s) => s.includes('"programme"'))).toHaveLength(1);
  });

  it('shows MIASTO PRZEDSIĘBIORCZE funded by Rozwój lokalny, from the EEA and Norway Grants of Iceland, Liechtenstein and Norway, run by the ministry', async () => {
    const res = await sg.query<{
      _entities: Array<{
        funding: Array<{
          id: string;
          programme: { nameLocal: string; operator: { id: string }; funds: Array<{ nameLocal: string; donors: Array<{ id: string }> }> };
        }>;
      }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Network {
          funding { id programme { nameLocal operator { id } funds { nameLocal donors { id } } } } } } }`,
      { r: [{ __typename: 'Network', id: 'network:empirie:miasto-przedsiebiorcze' }] },
    );
    expect(res.errors).toBeUndefined();
    const [grant] = res.data?._entities[0]?.funding ?? [];
    expect(grant?.id).toBe('grant:pl-rozwoj-lokalny:empirie:miasto-przedsiebiorcze');
    expect(grant?.programme.nameLocal).toBe('Rozwój lokalny');
    expect(grant?.programme.operator).toEqual({ id: 'org:PL:ministerstwo-funduszy-i-polityki-regionalnej' });
    expect(grant?.programme.funds.map((f) => f.nameLocal)).toEqual(['Fundusze EOG', 'Fundusze norweskie']);
    const donors = new Set(grant?.programme.funds.flatMap((f) => f.donors.map((d) => d.id)));
    expect([...donors].sort()).toEqual(['place:country:IS', 'place:country:LI', 'place:country:NO']);
  });

  it('funds the EMPIRIE family itself from Local Development', async () => {
    const res = await sg.query<{ _entities: Array<{ funding: Array<{ id: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Network { funding { id } } } }`,
      { r: [{ __typename: 'Network', id: 'network:empirie' }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.funding).toEqual([{ id: 'grant:pl-rozwoj-lokalny:empirie' }]);
  });

  it('gives SCALE UP Interreg Europe 2014-2020 funding from the ERDF, and Public4mSME+ none', async () => {
    queryLog.reset();
    const res = await sg.query<{
      _entities: Array<{ id: string; funding: Array<{ programme: { name: string; funds: Array<{ acronym: string }> } }> }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { id funding { programme { name funds { acronym } } } } } }`,
      {
        r: [
          { __typename: 'Project', id: 'project:interreg-europe:scale-up' },
          { __typename: 'Project', id: 'project:interreg-europe:PGI06047' },
          { __typename: 'Project', id: 'project:public4msme-plus' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const interreg = [{ programme: { name: 'Interreg Europe 2014-2020', funds: [{ acronym: 'ERDF' }] } }];
    expect(res.data?._entities.map((p) => p.funding)).toEqual([interreg, interreg, []]);
    expect(grantsStatements()).toHaveLength(1);
  });

  it('says the ECoC-SME grant rests on its Interreg Europe project code', async () => {
    const res = await sg.query<{ grant: { description: string; sources: Array<{ id: string }> } | null }>(
      '{ grant(id: "grant:interreg-europe-2014-2020:interreg-europe:PGI06047") { description sources { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.grant?.description).toContain('PGI06047');
    expect(res.data?.grant?.sources).toEqual([{ id: 'src:timisoara-ecoc-sme-lll-2019' }]);
  });

  it('returns null for an unknown grant id', async () => {
    const res = await sg.query('{ grant(id: "grant:nowhere") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ grant: null });
  });

  it('lists grants received by N organisations in one SELECT on grant, [] when they received none', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ grants: Array<{ id: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { grants { id } } } }`,
      {
        r: [
          { __typename: 'Organisation', id: 'org:municipality:PL:1263011' },
          { __typename: 'Organisation', id: 'org:region:PL:PL81' },
          { __typename: 'Organisation', id: 'org:PL:zwiazek-miast-polskich' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ grants: [] }, { grants: [] }, { grants: [] }]);
    expect(grantsStatements()).toHaveLength(1);
  });
});
