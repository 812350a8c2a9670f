import { queryLog, seedsDir } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomes } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(outcomes);
});
afterAll(async () => sg?.stop());

const onOutcomeTable = () => queryLog.statements.filter((s) => s.includes('"outcome"'));
const onLinkTable = () => queryLog.statements.filter((s) => s.includes('"outcome_link"'));

interface OutcomeView {
  id: string;
  kind: string;
  name: string;
  title: string | null;
  status: string;
  date: string | null;
  datePrecision: string | null;
  objectives: Array<{ kind: string; text: string }>;
  steps: string[];
  actions: string[];
  ideas: string[];
}

describe('Outcome', () => {
  it('resolves Outcome references by id, null for unknown ids, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; kind: string } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Outcome { id kind } } }`,
      {
        r: [
          { __typename: 'Outcome', id: 'outcome:scale-up:rpo-wl-input' },
          { __typename: 'Outcome', id: 'outcome:nowhere' },
          { __typename: 'Outcome', id: 'outcome:public4msme:final-report' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: 'outcome:scale-up:rpo-wl-input', kind: 'POLICY_INPUT' },
      null,
      { id: 'outcome:public4msme:final-report', kind: 'REPORT' },
    ]);
    expect(onOutcomeTable()).toHaveLength(1);
  });

  it('gives the banner project its Polish title as written, its objectives by level and its status', async () => {
    const res = await sg.query<{ outcome: OutcomeView & { language: string; sources: Array<{ id: string }> } }>(
      `{ outcome(id: "outcome:public4msme:piaseczno-banner") {
          id kind name title language status date datePrecision objectives { kind text } steps actions ideas sources { id }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    const o = res.data?.outcome;
    expect(o?.title).toBe('Zamień tradycyjny baner, na baner pełen korzyści!');
    expect(o?.language).toBe('pl');
    expect(o?.kind).toBe('IMPLEMENTATION_PROJECT');
    expect(o?.status).toBe('DRAFTED');
    expect(o?.date?.startsWith('2023-')).toBe(true);
    expect(o?.objectives.map((x) => x.kind)).toEqual([
      'MAIN',
      'RESULT',
      'RESULT',
      'STRATEGIC',
      'STRATEGIC',
      'STRATEGIC',
      'STRATEGIC',
      'STRATEGIC',
    ]);
    expect(o?.sources).toEqual([{ id: 'src:piaseczno-public4msme-2023' }]);
  });

  it('dates the final report on the day of the closing seminar it is due at', async () => {
    const res = await sg.query<{
      outcome: { date: string; datePrecision: string; status: string; presentedAtEvents: Array<{ id: string }> };
    }>('{ outcome(id: "outcome:public4msme:final-report") { date datePrecision status presentedAtEvents { id } } }');
    expect(res.data?.outcome).toEqual({
      date: '2023-07-25',
      datePrecision: 'DAY',
      status: 'PLANNED',
      presentedAtEvents: [{ id: 'event:2023-07-25:public4msme-final-seminar' }],
    });
  });

  it('returns null for an unknown outcome id instead of an error', async () => {
    const res = await sg.query('{ outcome(id: "outcome:does-not-exist") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ outcome: null });
  });

  it('lists the ECoC-SME and Słoneczne Wzgórze good practices for outcomes(kind: GOOD_PRACTICE)', async () => {
    const res = await sg.query<{ outcomes: Array<{ id: string; aboutOrganisations: Array<{ id: string }> }> }>(
      '{ outcomes(kind: GOOD_PRACTICE) { id aboutOrganisations { id } } }',
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data?.outcomes.map((o) => o.id);
    expect(ids).toEqual(['outcome:ecoc-sme:good-practices', 'outcome:empirie:zaz-sloneczne-wzgorze-good-practice']);
    expect(res.data?.outcomes[1]?.aboutOrganisations).toEqual([{ id: 'org:PL:zaz-sloneczne-wzgorze' }]);
  });

  it('finds an outcome by a name typed without diacritics or capitals', async () => {
    const res = await sg.query<{ outcomes: Array<{ id: string }> }>('{ outcomes(name: "sloneczne wzgorze") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.outcomes).toEqual([{ id: 'outcome:empirie:zaz-sloneczne-wzgorze-good-practice' }]);
  });

  it('finds the policy input by the programme abbreviation RPO WL', async () => {
    const res = await sg.query<{ outcomes: Array<{ id: string }> }>('{ outcomes(name: "rpo wl", kind: POLICY_INPUT) { id } }');
    expect(res.data?.outcomes).toEqual([{ id: 'outcome:scale-up:rpo-wl-input' }]);
  });

  it('returns an empty list for an unknown name instead of an error', async () => {
    const res = await sg.query('{ outcomes(name: "Atlantis-upon-Nowhere") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ outcomes: [] });
  });

  it('pages through outcomes oldest first with limit and offset', async () => {
    const all = await sg.query<{ outcomes: Array<{ id: string; date: string | null }> }>('{ outcomes { id date } }');
    const page = await sg.query<{ outcomes: Array<{ id: string }> }>('{ outcomes(limit: 2, offset: 1) { id } }');
    const list = all.data?.outcomes ?? [];
    expect(list).toHaveLength(9);
    expect(list[0]?.id).toBe('outcome:ecoc-sme:lll-1-challenges');
    expect(page.data?.outcomes).toEqual(list.slice(1, 3).map(({ id }) => ({ id })));
  });

  it('ties the Timișoara solutions to the challenges they answer and to the session where they came up', async () => {
    const res = await sg.query<{
      outcome: {
        respondsToOutcomes: Array<{ id: string }>;
        producedAtEvents: Array<{ id: string }>;
        addressedToPlaces: Array<{ id: string }>;
      };
    }>(
      '{ outcome(id: "outcome:ecoc-sme:lll-1-solutions") { respondsToOutcomes { id } producedAtEvents { id } addressedToPlaces { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.outcome).toEqual({
      respondsToOutcomes: [{ id: 'outcome:ecoc-sme:lll-1-challenges' }],
      producedAtEvents: [{ id: 'event:2019-11-20:ecoc-sme-lll-1-session-2' }],
      addressedToPlaces: [{ id: 'place:lau:RO:155243' }],
    });
  });

  it('reads the relations of many outcomes with one SELECT on outcome_link', async () => {
    queryLog.reset();
    const res = await sg.query<{ outcomes: Array<{ producedByProjects: Array<{ id: string }> }> }>(
      '{ outcomes { producedByProjects { id } producedAtEvents { id } presentedAtEvents { id } addressedToPlaces { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.outcomes).toHaveLength(9);
    expect(onLinkTable()).toHaveLength(1);
  });

  it('loads the same seeds a second time without creating or changing a row', async () => {
    const again = await outcomes.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(again.unchanged).toBeGreaterThan(9);
  });
});
