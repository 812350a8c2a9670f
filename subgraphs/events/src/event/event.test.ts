import { queryLog, seedsDir } from '@regiograph/lib';
import { postGraphQL, startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(events);
});
afterAll(async () => sg?.stop());

/** sg.query loses its type parameter through lib's inferred signature; this keeps results typed. */
const gql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => postGraphQL<T>(sg.url, query, variables);

const ONLINE = 'event:2023-05-26:miasto-przedsiebiorcze-online';
const TARNOW = 'event:2023-06-01:miasto-przedsiebiorcze-tarnow';
const WORKSHOP = 'event:2023-06-01:miasto-przedsiebiorcze-tarnow:workshop';
const STUDY_VISIT = 'event:2023-06-02:miasto-przedsiebiorcze-tarnow:study-visit';
const LLL_1 = 'event:2019-09-30:ecoc-sme-lll-1-session-1';
const LLL_2 = 'event:2019-11-20:ecoc-sme-lll-1-session-2';
const MATERA = 'event:2019-10:ecoc-sme-matera';

/** Statements that touched this subgraph's tables (the schema is named after it). */
const statementsOn = (table: string) => queryLog.statements.filter((s) => s.includes(`"events"."${table}"`));

interface Ids {
  id: string;
}

describe('Event references', () => {
  it('resolves Event references by id, null for an unknown id, in one SELECT', async () => {
    queryLog.reset();
    const res = await gql<{ _entities: Array<{ id: string; kind: string; startDate: string | null } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id kind startDate } } }`,
      {
        r: [
          { __typename: 'Event', id: TARNOW },
          { __typename: 'Event', id: 'event:1999-01-01:nothing' },
          { __typename: 'Event', id: LLL_2 },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: TARNOW, kind: 'NETWORK_MEETING', startDate: '2023-06-01' },
      null,
      { id: LLL_2, kind: 'LOCAL_LEARNING_LAB', startDate: '2019-11-20' },
    ]);
    expect(statementsOn('event')).toHaveLength(1);
  });

  it('returns null for an unknown event id instead of an error', async () => {
    const res = await gql('{ event(id: "event:none") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ event: null });
  });
});

describe('events between two dates', () => {
  const between = `query($from: Date, $to: Date) { events(from: $from, to: $to) { id } }`;

  it('lists the May online meeting, the Tarnów meeting and its two sessions for May-June 2023, in calendar order', async () => {
    const res = await gql<{ events: Array<{ id: string; startDate: string; endDate: string | null }> }>(
      `query($from: Date, $to: Date) { events(from: $from, to: $to) { id startDate endDate } }`,
      { from: '2023-05-01', to: '2023-06-30' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.events.map((e) => e.id)).toEqual([ONLINE, TARNOW, WORKSHOP, STUDY_VISIT]);
    expect(res.data?.events[1]).toEqual({ id: TARNOW, startDate: '2023-06-01', endDate: '2023-06-02' });
  });

  it('finds a two-day meeting from a range that only touches its second day', async () => {
    const res = await gql<{ events: Ids[] }>(between, { from: '2023-06-02', to: '2023-06-02' });
    expect(res.data?.events.map((e) => e.id)).toEqual([TARNOW, STUDY_VISIT]);
  });

  it('counts an event known only by its month as lasting the whole month', async () => {
    const res = await gql<{ events: Ids[] }>(between, { from: '2019-10-15', to: '2019-10-20' });
    expect(res.data?.events.map((e) => e.id)).toEqual([MATERA]);
  });

  it('leaves undated events out of a range but lists them last without one', async () => {
    const ranged = await gql<{ events: Ids[] }>(between, { from: '2023-01-01', to: '2023-12-31' });
    expect(ranged.data?.events.map((e) => e.id)).not.toContain('event:2023:public4msme-broker-interviews');
    const all = await gql<{ events: Ids[] }>('{ events { id } }');
    expect(all.data?.events.at(-1)?.id).toBe('event:2023:public4msme-broker-interviews');
    expect(all.data?.events[0]?.id).toBe(LLL_1);
  });

  it('pages through the calendar with limit and offset, and rejects a negative limit', async () => {
    const all = await gql<{ events: Ids[] }>('{ events { id } }');
    const page = await gql<{ events: Ids[] }>('{ events(limit: 2, offset: 1) { id } }');
    // Both answers must hold data: two errors (undefined on both sides) would otherwise compare equal.
    expect(all.errors).toBeUndefined();
    expect(page.errors).toBeUndefined();
    expect(all.data?.events.length).toBeGreaterThan(3);
    expect(page.data?.events).toHaveLength(2);
    expect(page.data?.events).toEqual(all.data?.events.slice(1, 3));
    const bad = await gql('{ events(limit: -1) { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.argumentName).toBe('limit');
  });

  it('filters by kind', async () => {
    const res = await gql<{ events: Ids[] }>('{ events(kind: LOCAL_LEARNING_LAB) { id } }');
    expect(res.data?.events.map((e) => e.id)).toEqual([LLL_1, LLL_2]);
  });

  it('rejects a malformed date with BAD_USER_INPUT naming the argument', async () => {
    const res = await gql(`query($from: Date!, $to: Date!) { events(from: $from, to: $to) { id } }`, {
      from: '2023-13-01',
      to: '2023-06-30',
    });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('$from');
  });

  it('rejects a range whose start is after its end with BAD_USER_INPUT naming from and to', async () => {
    const res = await gql(between, { from: '2023-07-01', to: '2023-06-01' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('`from`');
    expect(res.errors?.[0]?.message).toContain('`to`');
  });

  it('loads participants and agendas of every listed event with one SELECT each', async () => {
    queryLog.reset();
    const res = await gql<{ events: Array<{ participants: unknown[]; agenda: unknown[] }> }>(
      '{ events { id participants { role organisation { id } } agenda { name title organisations { id } } sessions { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.events.length).toBeGreaterThan(5);
    expect(statementsOn('event_participant')).toHaveLength(1);
    expect(statementsOn('agenda_item')).toHaveLength(1);
    // the list itself, then all sessions in one batch
    expect(statementsOn('event')).toHaveLength(2);
  });
});

describe('Event details', () => {
  it('shows the Tarnów meeting with its host, place, network and the organisations presented and visited in its sessions', async () => {
    const res = await gql<{
      event: {
        host: Ids;
        place: Ids;
        organisingNetwork: Ids;
        endDate: string;
        theme: string;
        preparedBy: Ids[];
        sessions: Array<{
          id: string;
          kind: string;
          agenda: Array<{ kind: string; organisations: Ids[] }>;
          participants: Array<{ role: string; organisation: Ids | null }>;
        }>;
      };
    }>(`{ event(id: "${TARNOW}") {
      host { id } place { id } organisingNetwork { id } endDate theme preparedBy { id }
      sessions { id kind agenda { kind organisations { id } } participants { role organisation { id } } }
    } }`);
    expect(res.errors).toBeUndefined();
    const e = res.data!.event;
    expect(e.host.id).toBe('org:municipality:PL:1263011');
    expect(e.place.id).toBe('place:lau:PL:1263011');
    expect(e.organisingNetwork.id).toBe('network:empirie:miasto-przedsiebiorcze');
    expect(e.endDate).toBe('2023-06-02');
    expect(e.theme).toBe('rozwój biznesu opartego na współpracy z samorządem');
    expect(e.preparedBy.map((p) => p.id)).toEqual([ONLINE]);
    expect(e.sessions.map((s) => [s.id, s.kind])).toEqual([
      [WORKSHOP, 'WORKSHOP'],
      [STUDY_VISIT, 'STUDY_VISIT'],
    ]);

    const [workshop, visit] = e.sessions;
    const presented = workshop!.agenda.flatMap((a) => a.organisations.map((o) => o.id));
    expect(presented).toEqual(
      expect.arrayContaining([
        'org:PL:tarnowskie-centrum-przedsiebiorczosci',
        'org:PL:tarnowskie-centrum-dialogu',
        'org:PL:zaz-sloneczne-wzgorze',
        'org:PL:kreatywne-centrum-edukacji-i-wspolpracy-gospodarczej',
        'org:PL:zabrzanskie-centrum-rozwoju-przedsiebiorczosci',
        'org:municipality:PL:1805011',
        'org:municipality:PL:2416021',
      ]),
    );
    const visited = visit!.agenda.filter((a) => a.kind === 'VISIT').flatMap((a) => a.organisations.map((o) => o.id));
    expect(visited).toEqual([
      'org:PL:centrum-nauki-i-techniki-pasaz-odkryc',
      'org:PL:inkubator-przedsiebiorczosci-tarnow',
      'org:PL:tarnowski-klaster-przemyslowy',
      'org:PL:glassteam',
      'org:PL:elplc',
    ]);
    expect(visit!.participants.filter((p) => p.role === 'VISITED').map((p) => p.organisation?.id)).toContain('org:PL:glassteam');
  });

  it('lists the online meeting agenda in order, with the funding item presented by nobody named', async () => {
    const res = await gql<{
      event: {
        online: boolean;
        prepares: Ids;
        agenda: Array<{ position: number; name: string; title: string | null; organisations: Ids[] }>;
      };
    }>(`{ event(id: "${ONLINE}") { online prepares { id } agenda { position name title organisations { id } } } }`);
    const e = res.data!.event;
    expect(e.online).toBe(true);
    expect(e.prepares.id).toBe(TARNOW);
    expect(e.agenda.map((a) => a.position)).toEqual([1, 2, 3, 4]);
    expect(e.agenda[1]?.title).toBe('Wałbrzyski Program Wsparcia i Rozwoju Przedsiębiorczości');
    expect(e.agenda.every((a) => a.name.length > 0)).toBe(true);
    // only a name the article really gives is a title; the other items carry our English label alone
    expect(e.agenda[0]?.title).toBeNull();
    expect(e.agenda[1]?.organisations).toEqual([{ id: 'org:municipality:PL:0265011' }]);
    expect(e.agenda[3]?.organisations).toEqual([]);
  });

  it('shows the second Local Learning Lab session with its guiding questions, participants and what prepared it', async () => {
    const res = await gql<{
      event: {
        theme: string;
        participantGroups: string[];
        preparedBy: Ids[];
        organisingProject: Ids;
        agenda: Array<{ kind: string }>;
        participants: Array<{ role: string; organisation: Ids | null; description: string | null }>;
        sources: Ids[];
      };
    }>(`{ event(id: "${LLL_2}") {
      theme participantGroups preparedBy { id } organisingProject { id } agenda { kind }
      participants { role organisation { id } description } sources { id }
    } }`);
    const e = res.data!.event;
    expect(e.theme).toMatch(/^Cum poate deveni programul Capitală Europeană a Culturii/);
    expect(e.agenda.filter((a) => a.kind === 'QUESTION')).toHaveLength(5);
    expect(e.preparedBy.map((p) => p.id)).toEqual([LLL_1, MATERA]);
    expect(e.organisingProject.id).toBe('project:interreg-europe:PGI06047');
    expect(e.participants.map((p) => p.organisation?.id)).toContain('org:RO:asociatia-timisoara-capitala-europeana-a-culturii');
    expect(e.participantGroups).toContain('educational institutions');
    expect(e.sources).toEqual([{ id: 'src:timisoara-ecoc-sme-lll-2019' }]);
  });

  it('shows the Public4mSME+ final seminar as planned, online, in English at 10:00', async () => {
    const res = await gql<{ event: Record<string, unknown> }>(
      '{ event(id: "event:2023-07-25:public4msme-final-seminar") { status online language startTime url place { id } organisingProject { id } } }',
    );
    expect(res.data?.event).toEqual({
      status: 'PLANNED',
      online: true,
      language: 'en',
      startTime: '10:00',
      url: 'https://public4sme.eu/index.php/2023/07/15/final-seminar-in-the-project/',
      place: null,
      organisingProject: { id: 'project:public4msme-plus' },
    });
  });

  it('finds events by a title typed without diacritics', async () => {
    const res = await gql<{ events: Ids[] }>('{ events(name: "invatare") { id } }');
    expect(res.data?.events.map((e) => e.id)).toEqual([LLL_1, LLL_2]);
    const deprecated = await gql<{ events: Ids[] }>('{ events(title: "invatare") { id } }');
    expect(deprecated.data?.events.map((e) => e.id)).toEqual([LLL_1, LLL_2]);
  });

  it('finds events by our English name and by the theme as the source words it', async () => {
    const byName = await gql<{ events: Ids[] }>('{ events(name: "final seminar") { id } }');
    expect(byName.data?.events.map((e) => e.id)).toEqual(['event:2023-07-25:public4msme-final-seminar']);
    const byTheme = await gql<{ events: Ids[] }>('{ events(name: "wspolpraca gospodarcza") { id } }');
    expect(byTheme.data?.events.map((e) => e.id)).toEqual(['event:2019-11-28:scale-up-rsg-1']);
  });

  it('gives every event an English name and a title only where the article has one', async () => {
    const res = await gql<{ events: Array<{ id: string; name: string; title: string | null }> }>(
      '{ events(limit: 200) { id name title } }',
    );
    expect(res.errors).toBeUndefined();
    const events = res.data!.events;
    expect(events.every((e) => e.name.length > 0)).toBe(true);
    expect(events.find((e) => e.id === 'event:2023-07-25:public4msme-final-seminar')?.title).toBe('Seminarium podsumowujące');
    expect(events.find((e) => e.id === ONLINE)?.title).toBeNull();
    expect(events.find((e) => e.id === TARNOW)?.title).toBeNull();
  });
});

describe("events of other subgraphs' entities", () => {
  const orgEvents = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { id events { id } } } }`;

  it('gives Municipiul Timișoara both Local Learning Lab sessions it hosted, with their dates', async () => {
    const res = await gql<{ _entities: Array<{ events: Array<{ id: string; startDate: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { events { id startDate } } } }`,
      { r: [{ __typename: 'Organisation', id: 'org:municipality:RO:155243' }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.events).toEqual([
      { id: LLL_1, startDate: '2019-09-30' },
      { id: LLL_2, startDate: '2019-11-20' },
    ]);
  });

  it('finds events of many organisations (host, participant, agenda) in ONE SELECT, [] for an unknown one', async () => {
    queryLog.reset();
    const res = await gql<{ _entities: Array<{ id: string; events: Ids[] }> }>(orgEvents, {
      r: [
        { __typename: 'Organisation', id: 'org:municipality:PL:1263011' },
        { __typename: 'Organisation', id: 'org:PL:glassteam' },
        { __typename: 'Organisation', id: 'org:RO:asociatia-timisoara-capitala-europeana-a-culturii' },
        { __typename: 'Organisation', id: 'org:municipality:PL:0265011' },
        { __typename: 'Organisation', id: 'org:nowhere' },
      ],
    });
    expect(res.errors).toBeUndefined();
    const byOrg = Object.fromEntries(res.data!._entities.map((o) => [o.id, o.events.map((e) => e.id)]));
    expect(byOrg['org:municipality:PL:1263011']).toEqual([ONLINE, TARNOW, WORKSHOP, STUDY_VISIT]);
    expect(byOrg['org:PL:glassteam']).toEqual([STUDY_VISIT]);
    expect(byOrg['org:RO:asociatia-timisoara-capitala-europeana-a-culturii']).toEqual([LLL_2]);
    expect(byOrg['org:municipality:PL:0265011']).toEqual([ONLINE]);
    expect(byOrg['org:nowhere']).toEqual([]);
    expect(queryLog.statements).toHaveLength(1);
  });

  it('lists the events of projects, networks and places with one SELECT per kind of parent', async () => {
    queryLog.reset();
    const res = await gql<{ _entities: Array<{ id: string; events: Ids[] }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Project { id events { id } } ... on Network { id events { id } } ... on Place { id events { id } }
      } }`,
      {
        r: [
          { __typename: 'Project', id: 'project:interreg-europe:PGI06047' },
          { __typename: 'Project', id: 'project:public4msme-plus' },
          { __typename: 'Network', id: 'network:empirie:miasto-przedsiebiorcze' },
          { __typename: 'Network', id: 'network:empirie:miasto-cyfrowe' },
          { __typename: 'Place', id: 'place:lau:RO:155243' },
          { __typename: 'Place', id: 'place:nuts:PL81' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data!._entities.map((p) => p.events.map((e) => e.id));
    expect(ids[0]).toEqual([LLL_1, MATERA, LLL_2]);
    expect(ids[1]).toEqual(['event:2023-07-25:public4msme-final-seminar', 'event:2023:public4msme-broker-interviews']);
    expect(ids[2]).toEqual([ONLINE, TARNOW, WORKSHOP, STUDY_VISIT]);
    expect(ids[3]).toEqual([]);
    expect(ids[4]).toEqual([LLL_1, LLL_2]);
    expect(ids[5]).toEqual(['event:2019-11-28:scale-up-rsg-1']);
    expect(statementsOn('event')).toHaveLength(3);
  });
});

describe('seeds', () => {
  it('loads the seeds a second time without creating or changing a row', async () => {
    const again = await events.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });
});
