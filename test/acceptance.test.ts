import { join } from 'node:path';
import { readYaml, seedsDir } from '@regiograph/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// The named operations of docs/operations, run through the gateway over real HTTP against the seeds.
// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('acceptance');
});
afterAll(async () => hub?.stop());

const names = (list: Obj[] | undefined, pick: (x: Obj) => string | undefined = (x) => x?.name) => (list ?? []).map(pick);

describe('CityProfile', () => {
  it('finds Tarnów typed without diacritics: its government, network, and the June 2023 meeting with the online meeting before it', async () => {
    const res = await hub.operation<{ place: Obj }>('CityProfile', { name: 'Tarnow' });
    expect(res.errors).toBeUndefined();
    const place = res.data?.place as Obj;
    expect(place).toMatchObject({ id: 'place:lau:PL:1263011', name: 'Tarnów', lauCode: '1263011', country: { nameEn: 'Poland' } });
    expect(place.government.name).toBe('Gmina Miasta Tarnowa');
    expect(names(place.government.networks, (m) => m.network.name)).toEqual(['MIASTO PRZEDSIĘBIORCZE']);
    expect(place.government.networks[0].network.family.name).toMatch(/^EMPIRIE/);
    const events = place.government.events as Obj[];
    const meeting = events.find((e) => e.id === 'event:2023-06-01:miasto-przedsiebiorcze-tarnow');
    expect(meeting).toMatchObject({ startDate: '2023-06-01', endDate: '2023-06-02', kind: 'NETWORK_MEETING', place: { name: 'Tarnów' } });
    expect(meeting?.host.name).toBe('Gmina Miasta Tarnowa');
    const online = events.find((e) => e.kind === 'ONLINE_MEETING');
    expect(online).toMatchObject({ startDate: '2023-05-26', online: true, organisingNetwork: { name: 'MIASTO PRZEDSIĘBIORCZE' } });
    expect(names(place.events, (e) => e.id)).toContain('event:2023-06-01:miasto-przedsiebiorcze-tarnow');
    expect(place.sources[0]).toMatchObject({ publishedOn: '2023-06-12', language: 'pl' });
  });

  it("shows Piaseczno's project with the Mazovian development agency and its two implementation projects", async () => {
    const res = await hub.operation<{ place: Obj }>('CityProfile', { name: 'PIASECZNO' });
    expect(res.errors).toBeUndefined();
    const gov = res.data?.place.government as Obj;
    const membership = (gov.partnerships as Obj[])[0] as Obj;
    expect(membership.role).toBe('BROKER');
    expect(membership.project.acronym).toBe('Public4mSME+');
    const agency = (membership.project.partnerships as Obj[]).find((p) => p.organisation?.id === 'org:PL:agencja-rozwoju-mazowsza');
    expect(agency).toMatchObject({
      role: 'IMPLEMENTING_PARTNER',
      organisation: { name: 'Agencja Rozwoju Mazowsza', country: { nameEn: 'Poland' } },
    });
    const plans = (gov.outcomes as Obj[]).filter((o) => o.kind === 'IMPLEMENTATION_PROJECT');
    expect(names(plans).sort()).toEqual([
      'Organizacja lokalnych sieci biznesowych mSME w celu wsparcia tworzenia lokalnych łańcuchów wartości, wzajemnego uczenia się i rozwiązywania problemów',
      'Zamień tradycyjny baner, na baner pełen korzyści!',
    ]);
    for (const plan of plans) expect(plan.objectives.length).toBeGreaterThan(0);
    expect(plans.find((p) => p.name.startsWith('Organizacja'))?.steps).toHaveLength(4);
    expect(names(res.data?.place.outcomes, (o) => o.kind)).toEqual(['IMPLEMENTATION_PROJECT', 'IMPLEMENTATION_PROJECT']);
  });

  it("shows Timișoara's ECoC-SME lead partner and partners by country, and its two Local Learning Lab sessions", async () => {
    const res = await hub.operation<{ place: Obj }>('CityProfile', { name: 'timisoara' });
    expect(res.errors).toBeUndefined();
    const gov = res.data?.place.government as Obj;
    const ecoc = (gov.partnerships as Obj[]).find((p) => p.project.code === 'PGI06047');
    expect(ecoc?.role).toBe('PARTNER');
    const partners = ecoc?.project.partnerships as Obj[];
    expect(partners.find((p) => p.role === 'LEAD_PARTNER')?.organisation.nameEn).toBe('University of Eastern Finland');
    expect(new Set(partners.map((p) => p.country?.nameEn))).toEqual(
      new Set(['Finland', 'Romania', 'Netherlands', 'Italy', 'Croatia', 'Lithuania']),
    );
    expect(ecoc?.project.funding[0].programme.name).toMatch(/Interreg Europe/);
    const labs = (gov.events as Obj[]).filter((e) => e.kind === 'LOCAL_LEARNING_LAB');
    expect(labs.map((e) => e.startDate).sort()).toEqual(['2019-09-30', '2019-11-20']);
    expect(labs.every((e) => e.place?.name === 'Timișoara')).toBe(true);
  });

  it('shows a city the sources name only as a partner location (Matera): its ECoC-SME partnership and the partners meeting held there', async () => {
    const res = await hub.operation<{ place: Obj }>('CityProfile', { name: 'Matera' });
    expect(res.errors).toBeUndefined();
    const place = res.data?.place as Obj;
    expect(place.government).toBeNull();
    expect(place.designations).toEqual([{ title: 'European Capital of Culture', year: 2019 }]);
    expect(names(place.partnerships, (p) => p.project.code)).toEqual(['PGI06047']);
    expect(place.partnerships[0].organisation).toBeNull();
    expect(names(place.events, (e) => e.kind)).toEqual(['PARTNER_MEETING']);
  });

  it('returns null for a city the hub does not know', async () => {
    const res = await hub.operation('CityProfile', { name: 'Atlantis' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ place: null });
  });
});

describe('NetworkDetail', () => {
  it('lists the eight EMPIRIE networks, each with its grant from the Local Development programme of the EEA and Norway Grants', async () => {
    const res = await hub.operation<{ network: Obj }>('NetworkDetail', { name: 'EMPIRIE' });
    expect(res.errors).toBeUndefined();
    const family = res.data?.network as Obj;
    expect(family.coordinator.acronym).toBe('ZMP');
    expect(family.networks).toHaveLength(8);
    for (const network of family.networks as Obj[]) {
      expect(network.funding, network.name).toHaveLength(1);
      const programme = network.funding[0].programme;
      expect(programme.nameLocal).toBe('Rozwój lokalny');
      expect(programme.operator.name).toBe('Ministerstwo Funduszy i Polityki Regionalnej');
      expect(names(programme.funds).sort()).toEqual(['EEA Grants', 'Norway Grants']);
    }
    const donors = family.funding[0].programme.funds.flatMap((f: Obj) => f.donors.map((d: Obj) => d.nameEn));
    expect(new Set(donors)).toEqual(new Set(['Iceland', 'Liechtenstein', 'Norway']));
  });

  it('shows MIASTO PRZEDSIĘBIORCZE with its people, its meetings, and the organisations presented and visited in Tarnów', async () => {
    const res = await hub.operation<{ network: Obj }>('NetworkDetail', { name: 'Miasto Przedsiebiorcze' });
    expect(res.errors).toBeUndefined();
    const network = res.data?.network as Obj;
    expect(network.family.name).toMatch(/^EMPIRIE/);
    expect(network.people).toEqual(
      expect.arrayContaining([
        { name: 'Kamil Niklewicz', role: 'COORDINATOR' },
        { name: 'Marek Gabzdyl', role: 'COORDINATOR' },
        { name: 'Jarosław Górski', role: 'EXPERT' },
        { name: 'Adam Mikołajczyk', role: 'EXPERT' },
      ]),
    );
    const events = network.events as Obj[];
    const agendaOrgs = (id: string) =>
      ((events.find((e) => e.id === id)?.agenda ?? []) as Obj[]).flatMap((a) => a.organisations.map((o: Obj) => o.name));
    const workshop = agendaOrgs('event:2023-06-01:miasto-przedsiebiorcze-tarnow:workshop');
    for (const presented of [
      'Tarnowskie Centrum Przedsiębiorczości',
      'Tarnowskie Centrum Dialogu',
      'Zakład Aktywności Zawodowej „Słoneczne Wzgórze”',
      'Kreatywne Centrum Edukacji i Współpracy Gospodarczej w Hrubieszowie',
      'Zabrzańskie Centrum Rozwoju Przedsiębiorczości',
      'Miasto Jasło',
      'Miasto Zawiercie',
    ])
      expect(workshop).toContain(presented);
    const visit = agendaOrgs('event:2023-06-02:miasto-przedsiebiorcze-tarnow:study-visit');
    for (const visited of ['Centrum Nauki i Techniki „Pasaż Odkryć”', 'Inkubator Przedsiębiorczości w Tarnowie', 'GlassTeam', 'ELPLC SA']) {
      expect(visit).toContain(visited);
    }
    const online = events.find((e) => e.id === 'event:2023-05-26:miasto-przedsiebiorcze-online');
    expect(online?.agenda.flatMap((a: Obj) => a.organisations.map((o: Obj) => o.name))).toEqual(
      expect.arrayContaining(['Gmina Miasta Tarnowa', 'Miasto Wałbrzych', 'Gmina Opoczno']),
    );
    expect(names(network.outcomes, (o) => o.kind)).toContain('GOOD_PRACTICE');
  });
});

describe('EventsBetween', () => {
  it('finds the SCALE UP stakeholder meeting in Lubelskie in November 2019, with its project, partner countries and policy input', async () => {
    const res = await hub.operation<{ events: Obj[] }>('EventsBetween', { from: '2019-11-01', to: '2019-11-30' });
    expect(res.errors).toBeUndefined();
    const events = res.data?.events as Obj[];
    expect(names(events, (e) => e.id)).toEqual(['event:2019-11-20:ecoc-sme-lll-1-session-2', 'event:2019-11-28:scale-up-rsg-1']);
    const rsg = events[1] as Obj;
    expect(rsg).toMatchObject({ kind: 'STAKEHOLDER_GROUP_MEETING', place: { name: 'Lubelskie' }, host: { name: 'Województwo Lubelskie' } });
    expect(rsg.organisingProject.acronym).toBe('SCALE UP');
    expect(names(rsg.outcomes, (o) => o.kind)).toEqual(['POLICY_INPUT']);
    const project = await hub.operation<{ project: Obj }>('ProjectDetail', { name: rsg.organisingProject.acronym });
    const countries = ((project.data?.project.partnerships ?? []) as Obj[])
      .filter((p) => p.role === 'PARTNER' && !p.organisation)
      .map((p) => p.country.nameEn);
    expect(countries.sort()).toEqual(['Belgium', 'Germany', 'Greece', 'Italy', 'Spain', 'United Kingdom']);
  });

  it('lists the May-June 2023 network meetings in date order, online or in a place', async () => {
    const res = await hub.operation<{ events: Obj[] }>('EventsBetween', { from: '2023-05-01', to: '2023-06-30' });
    expect(res.errors).toBeUndefined();
    const events = res.data?.events as Obj[];
    expect(events[0]).toMatchObject({ id: 'event:2023-05-26:miasto-przedsiebiorcze-online', online: true, place: null });
    expect(names(events, (e) => e.startDate)).toEqual([...names(events, (e) => e.startDate)].sort());
    expect(names(events, (e) => e.id)).toContain('event:2023-06-01:miasto-przedsiebiorcze-tarnow');
  });

  it('rejects a malformed date with BAD_USER_INPUT naming the argument, as a variable and written inline', async () => {
    const bad = await hub.operation('EventsBetween', { from: '2023-13-45', to: '2023-12-31' });
    expect(bad.data ?? null).toBeNull();
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('$from');
    const inline = await hub.query('{ events(from: "2023-02-30", to: "2023-12-31") { id } }');
    expect(inline.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(inline.errors?.[0]?.extensions?.argumentName).toBe('from');
    const reversed = await hub.operation('EventsBetween', { from: '2023-12-31', to: '2023-01-01' });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('ProjectDetail', () => {
  it('finds ECoC-SME by code, acronym or title and shows partners, funding, both lab sessions, the Matera meeting and outcomes', async () => {
    for (const name of ['PGI06047', 'ecoc-sme', 'Actions for inducing SME growth']) {
      const res = await hub.operation<{ project: Obj }>('ProjectDetail', { name });
      expect(res.data?.project?.id, name).toBe('project:interreg-europe:PGI06047');
    }
    const res = await hub.operation<{ project: Obj }>('ProjectDetail', { name: 'PGI06047' });
    const project = res.data?.project as Obj;
    const kinds = names(project.events, (e) => e.kind);
    expect(kinds.filter((k) => k === 'LOCAL_LEARNING_LAB')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'PARTNER_MEETING')).toHaveLength(1);
    expect(project.events.find((e: Obj) => e.kind === 'PARTNER_MEETING').place.name).toBe('Matera');
    expect(names(project.outcomes, (o) => o.kind)).toContain('GOOD_PRACTICE');
    expect(project.funding[0].programme.funds[0].name).toMatch(/Regional Development/);
  });

  it('returns null for an unknown project name', async () => {
    const res = await hub.operation('ProjectDetail', { name: 'no such project' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ project: null });
  });
});

describe('lookups by identifier (seeds only; test/ingest.test.ts runs them on the open data)', () => {
  it('OrganisationByIdentifier finds a city government by its TERYT code', async () => {
    const res = await hub.operation<{ organisationByIdentifier: Obj }>('OrganisationByIdentifier', { scheme: 'teryt', value: '1263011' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.organisationByIdentifier).toMatchObject({
      id: 'org:municipality:PL:1263011',
      name: 'Gmina Miasta Tarnowa',
      derived: false,
    });
    expect(res.data?.organisationByIdentifier.records).toEqual([]);
    const none = await hub.operation<{ organisationByIdentifier: Obj | null }>('OrganisationByIdentifier', {
      scheme: 'teryt',
      value: '0000000',
    });
    expect(none.data?.organisationByIdentifier).toBeNull();
  });

  it('ProjectByIdentifier finds ECoC-SME by its programme code', async () => {
    const res = await hub.operation<{ projectByIdentifier: Obj }>('ProjectByIdentifier', { scheme: 'code', value: 'PGI06047' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.projectByIdentifier).toMatchObject({ code: 'PGI06047' });
    expect(((res.data?.projectByIdentifier as Obj | undefined)?.partnerships as Obj[] | undefined)?.length).toBeGreaterThan(1);
  });
});

describe('dashboards (seeds only; test/statistics.test.ts reconciles them with the open data)', () => {
  it('RegionDashboard gives a region its sub-regions and figures, each row its direct and inner parts', async () => {
    const res = await hub.operation<{ placeByIdentifier: Obj }>('RegionDashboard', { nuts: 'PL91' });
    expect(res.errors).toBeUndefined();
    const region = res.data?.placeByIdentifier as Obj;
    expect(region).toMatchObject({ id: 'place:nuts:PL91', kind: 'NUTS2' });
    const rows = (connection: Obj): Obj[] => (connection.edges as Obj[]).map((e) => e.node);
    const organisations = rows(region.organisationStatisticsConnection);
    expect(organisations.reduce((n, row) => n + row.total.organisations, 0)).toBeGreaterThan(0);
    for (const row of rows(region.projectStatisticsConnection))
      expect(row.total.projects).toBe(row.direct.projects + row.withinChildren.projects);
  });

  it('SyncChanges pages the seed load from the beginning, each change with its entity as it is now', async () => {
    const seen: Obj[] = [];
    let since: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const res: { data?: { changes: Obj }; errors?: unknown } = await hub.operation<{ changes: Obj }>('SyncChanges', {
        since,
        first: 500,
      });
      expect(res.errors).toBeUndefined();
      const changes = res.data?.changes as Obj;
      seen.push(...(changes.edges as Obj[]).map((e) => e.node));
      since = changes.pageInfo.endCursor;
      if (!changes.pageInfo.hasNextPage) break;
    }
    expect(seen.length).toBeGreaterThan(100);
    const tarnow = seen.filter((c) => c.entityType === 'Place' && c.entityId === 'place:lau:PL:1263011');
    expect(tarnow.map((c) => c.operation)).toContain('CREATED');
    expect(tarnow[0]?.entity).toMatchObject({ __typename: 'Place', id: 'place:lau:PL:1263011', name: 'Tarnów' });
    // A change's entity is the entity it names, or null once it is gone.
    for (const c of seen.filter((x) => x.entity)) expect([c.entity.__typename, c.entity.id]).toEqual([c.entityType, c.entityId]);
    // Read from the last cursor, the feed has nothing new.
    const after = await hub.operation<{ changes: Obj }>('SyncChanges', { since, first: 500 });
    expect(after.data?.changes.edges).toEqual([]);
  });

  it("ProgrammeDashboard counts the programme's seeded grants at its country", async () => {
    const id = 'programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny';
    const seeded = (readYaml<{ grants: Array<{ programme: string }> }>(join(seedsDir(), 'funding.yaml')).grants ?? []).filter(
      (g) => g.programme === id,
    ).length;
    const res = await hub.operation<{ programme: Obj }>('ProgrammeDashboard', { id });
    expect(res.errors).toBeUndefined();
    const own = ((res.data?.programme?.own.edges ?? []) as Obj[]).map((e) => e.node);
    expect(seeded).toBeGreaterThan(2);
    expect(own.reduce((n, row) => n + row.total.grants, 0)).toBe(seeded);
    expect(own.every((row) => row.key.country === 'place:country:PL')).toBe(true);
  });
});
