import { queryLog } from '@regiograph/lib';
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
  status: string;
  objectives: Array<{ kind: string; text: string }>;
  steps: string[];
  actions: string[];
  ideas: string[];
  addressedToOrganisations: Array<{ id: string }>;
  addressedToPlaces: Array<{ id: string }>;
  addressedToProgrammes: Array<{ id: string }>;
}

/** What a gateway sends to fetch `outcomes` of records another subgraph owns. */
async function outcomesOf(typename: string, ids: string[], fields = 'id') {
  const res = await sg.query<{ _entities: Array<{ id: string; outcomes: OutcomeView[] } | null> }>(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id outcomes { ${fields} } } } }`,
    { r: ids.map((id) => ({ __typename: typename, id })) },
  );
  expect(res.errors).toBeUndefined();
  return (res.data?._entities ?? []).map((e) => e?.outcomes ?? []);
}

describe("outcomes of other subgraphs' entities", () => {
  it('gives Gmina Piaseczno its two implementation projects, once each, with objectives and four steps', async () => {
    const [list] = await outcomesOf(
      'Organisation',
      ['org:municipality:PL:1418043'],
      'id kind status objectives { kind text } steps actions ideas',
    );
    expect(list?.map((o) => o.id).sort()).toEqual([
      'outcome:public4msme:piaseczno-banner',
      'outcome:public4msme:piaseczno-business-networks',
    ]);
    for (const o of list ?? []) {
      expect(o.kind).toBe('IMPLEMENTATION_PROJECT');
      expect(o.status).toBe('DRAFTED');
      expect(o.objectives[0]?.kind).toBe('MAIN');
    }
    const networks = list?.find((o) => o.id === 'outcome:public4msme:piaseczno-business-networks');
    expect(networks?.steps).toHaveLength(4);
    expect(networks?.actions).toHaveLength(4);
    expect(networks?.ideas).toHaveLength(3);
  });

  it('gives the place Piaseczno the same two implementation projects', async () => {
    const [list] = await outcomesOf('Place', ['place:lau:PL:1418043']);
    expect(list?.map((o) => o.id).sort()).toEqual([
      'outcome:public4msme:piaseczno-banner',
      'outcome:public4msme:piaseczno-business-networks',
    ]);
  });

  it('gives the SCALE UP stakeholder meeting the policy input addressed to Lubelskie and RPO WL 2020-2027', async () => {
    const [list] = await outcomesOf(
      'Event',
      ['event:2019-11-28:scale-up-rsg-1'],
      'id kind addressedToOrganisations { id } addressedToPlaces { id } addressedToProgrammes { id }',
    );
    expect(list).toEqual([
      {
        id: 'outcome:scale-up:rpo-wl-input',
        kind: 'POLICY_INPUT',
        addressedToOrganisations: [{ id: 'org:region:PL:PL81' }],
        addressedToPlaces: [{ id: 'place:nuts:PL81' }],
        addressedToProgrammes: [{ id: 'programme:pl-rpo-wl-2020-2027' }],
      },
    ]);
  });

  it('gives the second Timișoara lab session both what was presented there and what was produced there', async () => {
    const [list] = await outcomesOf('Event', ['event:2019-11-20:ecoc-sme-lll-1-session-2'], 'id kind');
    expect(list).toEqual([
      { id: 'outcome:ecoc-sme:good-practices', kind: 'GOOD_PRACTICE' },
      { id: 'outcome:ecoc-sme:lll-1-solutions', kind: 'RECOMMENDATION' },
    ]);
  });

  it('gives Public4mSME+ its two implementation projects, the readiness tool and the final report', async () => {
    const [list] = await outcomesOf('Project', ['project:public4msme-plus'], 'id kind');
    expect(list?.map((o) => o.kind).sort()).toEqual(['IMPLEMENTATION_PROJECT', 'IMPLEMENTATION_PROJECT', 'REPORT', 'TOOL']);
  });

  it('gives the MIASTO PRZEDSIĘBIORCZE network and the Słoneczne Wzgórze centre the good practice shown in Tarnów', async () => {
    const [fromNetwork] = await outcomesOf('Network', ['network:empirie:miasto-przedsiebiorcze']);
    const [fromOrganisation] = await outcomesOf('Organisation', ['org:PL:zaz-sloneczne-wzgorze']);
    expect(fromNetwork).toEqual([{ id: 'outcome:empirie:zaz-sloneczne-wzgorze-good-practice' }]);
    expect(fromOrganisation).toEqual([{ id: 'outcome:empirie:zaz-sloneczne-wzgorze-good-practice' }]);
  });

  it('gives the Lubelskie regional programme the input meant for it, and unknown ids an empty list', async () => {
    const lists = await outcomesOf('Programme', ['programme:pl-rpo-wl-2020-2027', 'programme:none']);
    expect(lists).toEqual([[{ id: 'outcome:scale-up:rpo-wl-input' }], []]);
  });

  it('answers Organisation.outcomes for many organisations with one SELECT on outcome_link and one on outcome', async () => {
    queryLog.reset();
    const lists = await outcomesOf('Organisation', [
      'org:municipality:PL:1418043',
      'org:region:PL:PL81',
      'org:municipality:RO:155243',
      'org:PL:zaz-sloneczne-wzgorze',
      'org:PL:unknown',
    ]);
    expect(lists.map((l) => l.length)).toEqual([2, 1, 2, 1, 0]);
    expect(onLinkTable()).toHaveLength(1);
    expect(onOutcomeTable()).toHaveLength(1);
  });

  it('answers Event.outcomes for many events with one SELECT on outcome_link and one on outcome', async () => {
    queryLog.reset();
    const lists = await outcomesOf('Event', [
      'event:2019-09-30:ecoc-sme-lll-1-session-1',
      'event:2019-10:ecoc-sme-matera',
      'event:2023-07-25:public4msme-final-seminar',
      'event:2023-06-01:miasto-przedsiebiorcze-tarnow:workshop',
    ]);
    expect(lists.map((l) => l.map((o) => o.id))).toEqual([
      ['outcome:ecoc-sme:lll-1-challenges'],
      ['outcome:ecoc-sme:good-practices'],
      // the final report, and the two implementation projects presented at the seminar
      ['outcome:public4msme:piaseczno-banner', 'outcome:public4msme:piaseczno-business-networks', 'outcome:public4msme:final-report'],
      ['outcome:empirie:zaz-sloneczne-wzgorze-good-practice'],
    ]);
    expect(onLinkTable()).toHaveLength(1);
    expect(onOutcomeTable()).toHaveLength(1);
  });
});
