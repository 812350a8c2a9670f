import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(projects);
});
afterAll(async () => sg?.stop());

const TIMISOARA_CITY_HALL = 'org:municipality:RO:155243';
const PIASECZNO = 'org:municipality:PL:1418043';
const LUBELSKIE = 'org:region:PL:PL81';

interface OrgView {
  id: string;
  partnerships: Array<{ role: string; project: { acronym: string } }>;
  projects: Array<{ acronym: string }>;
}

describe('Organisation and Place fields added by projects', () => {
  it('gives each organisation its partnerships and projects, one statement per list for the whole batch', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: OrgView[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Organisation { id partnerships { role project { acronym } } projects { acronym } } } }`,
      {
        r: [TIMISOARA_CITY_HALL, PIASECZNO, LUBELSKIE, 'org:nobody'].map((id) => ({ __typename: 'Organisation', id })),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((o) => o.partnerships)).toEqual([
      [{ role: 'PARTNER', project: { acronym: 'ECoC-SME' } }],
      [{ role: 'BROKER', project: { acronym: 'Public4mSME+' } }],
      [{ role: 'PARTNER', project: { acronym: 'SCALE UP' } }],
      [],
    ]);
    expect(res.data?._entities.map((o) => o.projects.map((p) => p.acronym))).toEqual([['ECoC-SME'], ['Public4mSME+'], ['SCALE UP'], []]);
    // One page of partnerships for the four organisations, one page of projects (through their partnerships),
    // and the partnerships' projects by ID: each a single statement for the batch, each page cut in SQL.
    const pages = queryLog.statements.filter((s) => s.includes('cross join lateral'));
    expect(pages).toHaveLength(2);
    for (const q of pages) expect(q).toMatch(/limit \?|limit \$\d+/);
    expect(queryLog.statements).toHaveLength(3);
  });

  it('finds the projects and partnerships located in a city, a region and a pilot country, in one SELECT each', async () => {
    queryLog.reset();
    const res = await sg.query<{
      _entities: Array<{ id: string; projects: Array<{ acronym: string }>; partnerships: Array<{ id: string }> }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Place { id projects { acronym } partnerships { id } } } }`,
      {
        r: ['place:lau:RO:155243', 'place:nuts:PL81', 'place:country:MD', 'place:country:GR', 'place:nowhere'].map((id) => ({
          __typename: 'Place',
          id,
        })),
      },
    );
    expect(res.errors).toBeUndefined();
    const [timisoara, lubelskie, moldova, greece, nowhere] = res.data?._entities ?? [];
    expect(timisoara?.projects).toEqual([{ acronym: 'ECoC-SME' }]);
    expect(timisoara?.partnerships.map((p) => p.id)).toContain('partnership:interreg-europe:PGI06047:municipality:RO:155243');
    expect(lubelskie?.projects).toEqual([{ acronym: 'SCALE UP' }]);
    expect(moldova?.projects).toEqual([{ acronym: 'Public4mSME+' }]);
    expect(moldova?.partnerships).toEqual([]);
    expect(greece?.partnerships).toEqual([{ id: 'partnership:interreg-europe:scale-up:country:GR' }]);
    expect(nowhere).toMatchObject({ projects: [], partnerships: [] });
    const partnershipOnly = queryLog.statements.filter((s) => s.includes('"partnership"') && !s.includes('"project"'));
    const projectQueries = queryLog.statements.filter((s) => s.includes('"project"'));
    expect(partnershipOnly).toHaveLength(1);
    expect(projectQueries).toHaveLength(1);
  });
});
