import { queryLog, seedsDir } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(projects);
});
afterAll(async () => sg?.stop());

interface Found {
  project: { id: string; acronym: string | null; code: string | null; title: string } | null;
}

describe('Project', () => {
  it.each([
    ['ecoc-sme', 'project:interreg-europe:PGI06047'],
    ['PGI06047', 'project:interreg-europe:PGI06047'],
    ['public4msme', 'project:public4msme-plus'],
    ['Scale Up', 'project:interreg-europe:scale-up'],
    ['Acțiuni de stimulare a creșterii', 'project:interreg-europe:PGI06047'],
    ['wsparcie koncentracji i sily MSP', 'project:interreg-europe:scale-up'],
  ])('finds the project for the name %j, ignoring case and diacritics', async (name, id) => {
    const res = await sg.query<Found>('query($n: String) { project(name: $n) { id acronym code title } }', { n: name });
    expect(res.errors).toBeUndefined();
    expect(res.data?.project?.id).toBe(id);
  });

  it('returns null for an unknown project name instead of an error', async () => {
    const res = await sg.query('{ project(name: "Atlantis Submarine Railway") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ project: null });
  });

  it('gives ECoC-SME its Interreg code and both the English and the Romanian title', async () => {
    const res = await sg.query<{ project: Record<string, unknown> }>(
      '{ project(id: "project:interreg-europe:PGI06047") { acronym code title titleLocal status countries { id } } }',
    );
    expect(res.data?.project).toMatchObject({
      acronym: 'ECoC-SME',
      code: 'PGI06047',
      title: 'ECoC-SME: Actions for inducing SME growth and innovation via the ECoC event and legacy',
      status: 'ONGOING',
    });
    expect(res.data?.project.titleLocal).toMatch(/^Acţiuni de stimulare a creşterii şi inovării IMM-urilor/);
    const countries = (res.data?.project.countries ?? []) as Array<{ id: string }>;
    expect(countries.map((c) => c.id).sort()).toEqual([
      'place:country:FI',
      'place:country:HR',
      'place:country:IT',
      'place:country:LT',
      'place:country:NL',
      'place:country:RO',
    ]);
  });

  it('dates Public4mSME+ to June-July 2023 at month precision and lists its three pilot countries', async () => {
    const res = await sg.query<{ project: Record<string, unknown> }>(
      '{ project(name: "Public4mSME+") { startDate endDate datePrecision website themes countries { id } sources { id } } }',
    );
    expect(res.data?.project).toMatchObject({
      startDate: '2023-06-01',
      endDate: '2023-07-01',
      datePrecision: 'MONTH',
      website: 'https://www.public4sme.eu',
      // Sorted by ID: countries from the seeds and from ingested data accumulate as one set.
      countries: [{ id: 'place:country:MD' }, { id: 'place:country:PL' }, { id: 'place:country:UA' }],
      sources: [{ id: 'src:piaseczno-public4msme-2023' }],
    });
    expect(res.data?.project.themes).toContain('sharing economy');
  });

  it('dates each status by its source: SCALE UP as of its article of 2019-11-29, null where the article has no date', async () => {
    const res = await sg.query<{ projects: Array<{ acronym: string; status: string; statusAsOf: string | null }> }>(
      '{ projects { acronym status statusAsOf } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects).toEqual([
      { acronym: 'ECoC-SME', status: 'ONGOING', statusAsOf: null },
      { acronym: 'Public4mSME+', status: 'ONGOING', statusAsOf: null },
      { acronym: 'SCALE UP', status: 'ONGOING', statusAsOf: '2019-11-29' },
    ]);
  });

  it('lists all projects by title when no name is given, and pages with limit and offset', async () => {
    const all = await sg.query<{ projects: Array<{ acronym: string }> }>('{ projects { acronym } }');
    expect(all.data?.projects.map((p) => p.acronym)).toEqual(['ECoC-SME', 'Public4mSME+', 'SCALE UP']);
    const page = await sg.query<{ projects: Array<{ acronym: string }> }>('{ projects(limit: 1, offset: 1) { acronym } }');
    expect(page.data?.projects.map((p) => p.acronym)).toEqual(['Public4mSME+']);
  });

  it('searches projects by a word of their titles', async () => {
    const res = await sg.query<{ projects: Array<{ id: string }> }>('{ projects(name: "sme") { id } }');
    expect(res.data?.projects.map((p) => p.id).sort()).toEqual([
      'project:interreg-europe:PGI06047',
      'project:interreg-europe:scale-up',
      'project:public4msme-plus',
    ]);
    const none = await sg.query<{ projects: unknown[] }>('{ projects(name: "no such project anywhere") { id } }');
    expect(none.data?.projects).toEqual([]);
  });

  it('resolves Project references by id, null for unknown ids, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; acronym: string } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { id acronym } } }',
      {
        r: [
          { __typename: 'Project', id: 'project:interreg-europe:scale-up' },
          { __typename: 'Project', id: 'project:none' },
          { __typename: 'Project', id: 'project:public4msme-plus' },
          { __typename: 'Project', id: 'project:interreg-europe:PGI06047' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: 'project:interreg-europe:scale-up', acronym: 'SCALE UP' },
      null,
      { id: 'project:public4msme-plus', acronym: 'Public4mSME+' },
      { id: 'project:interreg-europe:PGI06047', acronym: 'ECoC-SME' },
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"project"'))).toHaveLength(1);
  });

  it('loads the partnerships of every listed project in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ projects: Array<{ partnerships: unknown[] }> }>('{ projects { partnerships { id role } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.projects.map((p) => p.partnerships.length)).toEqual([7, 2, 7]);
    expect(queryLog.statements.filter((s) => s.includes('"partnership"'))).toHaveLength(1);
  });

  it('loads the seeds idempotently: a second load creates and updates nothing', async () => {
    const again = await projects.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });
});
