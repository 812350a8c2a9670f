import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWiring, type Connector, type IngestRows, runIngest } from '@regiograph/ingest';
import { recordRef } from '@regiograph/lib';
import { parse, stringify } from 'yaml';

/**
 * A synthetic "world" of size n, added to a copy of the real seeds and loaded through the real ingest: a
 * region and a city with a government, n partners, a network with n sub-networks, n projects (seeded) and
 * n more from "open data", n funds, programmes, grants, allocations, programme roles, events (with
 * sessions, agendas, participants), outcomes, and n of every per-parent list: names, codes, identifiers,
 * figures, source records, citations... Two worlds of different sizes have the same shape, so a request
 * over one costs the same SQL statements as over the other when every list is batched; and every list
 * field of the graph has at least 3 rows under one parent of the world (from n = 3), for paging.
 *
 * Every ID, name and date carries the world's tag (`w<n>`), so worlds of several sizes live in one database
 * and never match each other's searches.
 */
export interface World {
  n: number;
  tag: string;
  /** The year its events are in: EventsBetween over it sees this world's events only. */
  year: number;
  region: string;
  city: string;
  /** Name of the city, for CityProfile. */
  cityName: string;
  government: string;
  /** The government's TERYT code (also what its source records state). */
  teryt: string;
  partners: string[];
  network: string;
  networkName: string;
  subNetworks: string[];
  projects: string[];
  projectName: string;
  /** Projects that come from the ingested open data (identifiers, places, a programme, records as partners). */
  dataProjects: string[];
  /** An identifier of the first data project: (scheme, value). */
  dataProjectIdentifier: { scheme: string; value: string };
  funds: string[];
  programmes: string[];
  /** Programmes from the open data: identifiers, allocations, participants, projects. */
  dataProgrammes: string[];
  events: string[];
  outcomes: string[];
  /** Outcomes from the open data: indicators and programmes producing them. */
  dataOutcomes: string[];
  records: string[];
  /** The world's articles (seeded sources), each its own source in Query.coverage. */
  sources: string[];
}

const COUNTRIES = ['PL', 'RO', 'MD', 'UA', 'NL', 'IT', 'HR', 'LT', 'FI'];
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

export function world(n: number): World {
  if (!Number.isInteger(n) || n < 2 || n > 9) throw new Error(`world size ${n}: between 2 and 9`);
  const tag = `w${n}`;
  const teryt = `99${n}0000`;
  return {
    n,
    tag,
    year: 2030 + n,
    region: `place:nuts:PLZ${n}`,
    city: `place:lau:PL:${teryt}`,
    cityName: `Testowo ${tag}`,
    government: `org:municipality:PL:${teryt}`,
    teryt,
    partners: range(n).map((i) => `org:PL:${tag}-partner-${i}`),
    network: `network:${tag}`,
    networkName: `Siec ${tag}`,
    subNetworks: range(n).map((i) => `network:${tag}-${i}`),
    projects: range(n).map((k) => `project:${tag}-${k}`),
    projectName: `World ${tag} project 1`,
    dataProjects: range(n).map((k) => `project:${tag}-data-${k}`),
    dataProjectIdentifier: { scheme: 'test/project', value: `${tag}-data-1-1` },
    funds: range(n).map((k) => `fund:${tag}-${k}`),
    programmes: range(n).map((k) => `programme:${tag}-${k}`),
    dataProgrammes: range(n).map((k) => `programme:${tag}-data-${k}`),
    events: range(n).map((k) => `event:${2030 + n}-01-0${k}:${tag}`),
    outcomes: range(n).map((k) => `outcome:${tag}-${k}`),
    dataOutcomes: range(n).map((k) => `outcome:${tag}-data-${k}`),
    records: range(n).map((j) => `test/record:${tag}-gov-${j}`),
    sources: range(n).map((i) => `src:${tag}-${i}`),
  };
}

type Doc = Record<string, Array<Record<string, unknown>>>;

/** n of something, numbered: `Label 1`, `Label 2`... */
const some = <T>(n: number, item: (i: number) => T): T[] => range(n).map(item);

function addToSeeds(data: Record<string, Doc>, w: World): void {
  const { n, tag } = w;
  const { sources } = w;
  const alt = (what: string) => some(n, (i) => `${what} alt ${i}`);
  data['sources.yaml']?.sources?.push(
    ...sources.map((id, i) => ({
      id,
      kind: 'ARTICLE',
      title: `World ${tag} article ${i + 1}`,
      publisher: null,
      publishedOn: `${w.year - 1}-0${i + 1}-01`,
      language: 'pl',
      url: `https://example.org/${tag}/${i + 1}`,
    })),
  );
  const designations = some(n, (i) => ({ title: `Designation ${tag} ${i}`, year: 2000 + i }));
  const siblings = some(n - 1, (i) => `place:lau:PL:${w.teryt.slice(0, -1)}${i}`);
  const localities = some(n, (i) => `place:locality:PL:${tag}-${i}`);
  const orgs = data['organisations.yaml'] as Doc;
  orgs.places?.push(
    {
      id: w.region,
      name: `Region ${tag}`,
      kind: 'NUTS2',
      countryCode: 'PL',
      nutsCode: `PLZ${n}`,
      parent: 'place:country:PL',
      altNames: alt(`Region ${tag}`),
      designations,
      sources,
    },
    {
      id: w.city,
      name: w.cityName,
      kind: 'MUNICIPALITY',
      countryCode: 'PL',
      lauCode: w.teryt,
      parent: w.region,
      altNames: alt(w.cityName),
      designations,
      sources,
    },
    ...siblings.map((id, i) => ({
      id,
      name: `Sasiad ${tag} ${i + 1}`,
      kind: 'MUNICIPALITY',
      countryCode: 'PL',
      parent: w.region,
      sources,
    })),
    ...localities.map((id, i) => ({ id, name: `Osiedle ${tag} ${i + 1}`, kind: 'LOCALITY', countryCode: 'PL', parent: w.city, sources })),
  );
  orgs.organisations?.push(
    {
      id: w.government,
      name: `Gmina Testowo ${tag}`,
      nameEn: `Testowo ${tag} Municipality`,
      kind: 'MUNICIPALITY',
      countryCode: 'PL',
      place: w.city,
      altNames: alt(`Gmina Testowo ${tag}`),
      identifiers: [{ scheme: 'teryt', value: w.teryt }, ...some(n - 1, (i) => ({ scheme: `test/gov-${i}`, value: `${tag}-${i}` }))],
      sources,
    },
    // Bodies of the region (Place.organisations of the city's parent).
    ...some(n, (i) => ({
      id: `org:PL:${tag}-regional-${i}`,
      name: `Urzad regionalny ${tag} ${i}`,
      kind: 'PUBLIC_BODY',
      countryCode: 'PL',
      place: w.region,
      sources,
    })),
    ...w.partners.map((id, k) => ({
      id,
      name: `Partner ${tag} ${k + 1}`,
      kind: 'COMPANY',
      countryCode: COUNTRIES[k % 2],
      place: w.city,
      parent: w.government,
      altNames: alt(`Partner ${tag} ${k + 1}`),
      identifiers: some(n, (i) => ({ scheme: `test/partner-${i}`, value: `${tag}-${k + 1}-${i}` })),
      sources,
    })),
  );
  const members = (coordinator: boolean) => [
    { organisation: w.government, role: coordinator ? 'COORDINATOR' : 'MEMBER', basis: `basis ${tag}`, sources },
    ...w.partners.map((organisation) => ({ organisation, role: 'MEMBER', sources })),
  ];
  orgs.networks?.push(
    {
      id: w.network,
      name: w.networkName,
      nameEn: `Network ${tag}`,
      theme: `temat ${tag}`,
      themeEn: `theme ${tag}`,
      coordinator: w.government,
      launchedOn: `${w.year - 2}-03-01`,
      launchedPrecision: 'DAY',
      altNames: alt(w.networkName),
      sources,
      members: members(true),
      people: some(n, (i) => ({ name: `Osoba ${tag} ${i}`, role: 'EXPERT', sources })),
    },
    ...w.subNetworks.map((id, k) => ({
      id,
      name: `Siec ${tag} numer ${k + 1}`,
      family: w.network,
      position: k + 1,
      coordinator: w.government,
      altNames: alt(`Siec ${tag} numer ${k + 1}`),
      sources,
      members: members(false),
      people: some(n, (i) => ({ name: `Osoba ${tag} ${i}`, role: 'EXPERT', sources })),
    })),
  );
  const party = (project: string, organisation: string) =>
    `partnership:${project.replace(/^project:/, '')}:${organisation.replace(/^org:/, '')}`;
  const partnerships = (project: string) => [
    {
      id: party(project, w.government),
      organisation: w.government,
      role: 'LEAD_PARTNER',
      place: w.city,
      country: 'place:country:PL',
      description: `lead ${tag}`,
      sources,
    },
    ...w.partners.map((organisation, k) => ({
      id: party(project, organisation),
      organisation,
      role: 'PARTNER',
      place: w.city,
      country: `place:country:${COUNTRIES[(k + 1) % 2]}`,
      description: `partner ${tag} ${k + 1}`,
      sources,
    })),
  ];
  data['projects.yaml']?.projects?.push(
    ...w.projects.map((id, k) => ({
      id,
      acronym: `${tag.toUpperCase()}-${k + 1}`,
      title: `World ${tag} project ${k + 1}`,
      code: `${tag.toUpperCase()}C${k + 1}`,
      status: 'ONGOING',
      startDate: `${w.year - 1}-01-01`,
      datePrecision: 'DAY',
      themes: some(n, (i) => `theme ${tag} ${i}`),
      countries: COUNTRIES.slice(0, n).map((c) => `place:country:${c}`),
      altNames: alt(`World ${tag} project ${k + 1}`),
      sources,
      partnerships: partnerships(id),
    })),
  );
  const funding = data['funding.yaml'] as Doc;
  funding.funds?.push(
    ...w.funds.map((id, k) => ({
      id,
      name: `Fundusz ${tag} ${k + 1}`,
      kind: 'GRANT_MECHANISM',
      donors: COUNTRIES.slice(0, n).map((c) => `place:country:${c}`),
      period: '2014-2021',
      altNames: alt(`Fundusz ${tag} ${k + 1}`),
      sources,
    })),
  );
  funding.programmes?.push(
    ...w.programmes.map((id, k) => ({
      id,
      name: `Programme ${tag} ${k + 1}`,
      code: `${tag.toUpperCase()}P${k + 1}`,
      period: '2014-2021',
      country: 'place:country:PL',
      funds: w.funds,
      operator: w.government,
      operatorRole: 'PROGRAMME_OPERATOR',
      altNames: alt(`Programme ${tag} ${k + 1}`),
      sources,
    })),
  );
  // Each seeded project, the network, each sub-network and the government get one grant per programme.
  const grant = (recipient: Record<string, string>, name: string) =>
    w.programmes.map((programme, i) => ({
      id: `grant:${tag}-${name}-${i + 1}`,
      programme,
      ...recipient,
      amount: 1000 * (i + 1),
      currency: 'EUR',
      description: `grant ${tag} ${name} ${i + 1}`,
      sources,
    }));
  funding.grants?.push(
    ...w.projects.flatMap((project, k) => grant({ project }, `project-${k + 1}`)),
    ...grant({ network: w.network }, 'network'),
    ...w.subNetworks.flatMap((network, k) => grant({ network }, `network-${k + 1}`)),
    ...grant({ organisation: w.government }, 'government'),
  );
  const participants = [
    { organisation: w.government, role: 'HOST', sources },
    ...w.partners.map((organisation) => ({ organisation, role: 'PARTICIPANT', description: `participant ${tag}`, sources })),
  ];
  const agenda = some(n, (i) => ({
    name: `Punkt ${tag} ${i}`,
    title: `Item ${tag} ${i}`,
    kind: 'PRESENTATION',
    organisations: [w.government, ...w.partners],
    sources,
  }));
  const events = data['events.yaml'] as Doc;
  events.events?.push(
    ...w.events.map((id, k) => ({
      id,
      name: `World ${tag} meeting ${k + 1}`,
      title: `Meeting ${tag} ${k + 1}`,
      kind: 'MEETING',
      startDate: `${w.year}-01-0${k + 1}`,
      datePrecision: 'DAY',
      online: false,
      status: 'HELD',
      place: w.city,
      host: w.government,
      organisingProject: w.projects[0],
      organisingNetwork: w.network,
      participantGroups: some(n, (i) => `group ${tag} ${i}`),
      sources,
      participants,
      agenda,
    })),
    // The first event's sessions and the events that prepared it: undated, so no date range lists them.
    ...some(n, (i) => ({
      id: `event:${tag}-session-${i}`,
      name: `Sesja ${tag} ${i}`,
      kind: 'WORKSHOP',
      status: 'HELD',
      parent: w.events[0],
      sources,
    })),
    ...some(n, (i) => ({
      id: `event:${tag}-before-${i}`,
      name: `Przygotowanie ${tag} ${i}`,
      kind: 'ONLINE_MEETING',
      status: 'HELD',
      prepares: w.events[0],
      sources,
    })),
  );
  const everyone = [w.government, ...w.partners];
  data['outcomes.yaml']?.outcomes?.push(
    ...w.outcomes.map((id, k) => ({
      id,
      kind: 'RECOMMENDATION',
      name: `World ${tag} outcome ${k + 1}`,
      titleEn: `Outcome ${tag} ${k + 1}`,
      status: 'PROPOSED',
      sources,
      objectives: some(n, (i) => ({ kind: 'MAIN', text: `objective ${tag} ${i}` })),
      actions: some(n, (i) => `action ${tag} ${i}`),
      steps: some(n, (i) => `step ${tag} ${i}`),
      ideas: some(n, (i) => `idea ${tag} ${i}`),
      questions: some(n, (i) => `question ${tag} ${i}`),
      producedByProjects: w.projects,
      producedByNetworks: [w.network, ...w.subNetworks],
      producedByOrganisations: everyone,
      producedAtEvents: w.events,
      presentedAtEvents: w.events,
      discussedAtEvents: w.events,
      presentedInNetworks: [w.network, ...w.subNetworks],
      addressedToOrganisations: everyone,
      addressedToPlaces: [w.city, w.region, ...siblings],
      addressedToProgrammes: w.programmes,
      aboutOrganisations: everyone,
      respondsToOutcomes: w.outcomes.filter((o) => o !== id),
    })),
  );
}

/** The world's open data, as the ingest writes it: cited as records of one data file. */
function dataRows(w: World, sourceId: string): Partial<IngestRows> {
  const { n, tag } = w;
  const cite = (what: string) => some(n, (i) => recordRef(sourceId, `${what}-${i}`));
  const places = [w.city, w.region, ...some(n - 1, (i) => `place:lau:PL:${w.teryt.slice(0, -1)}${i}`)];
  const partnerRecords = w.partners.map((_, k) => `test/record:${tag}-partner-${k + 1}`);
  return {
    organisations: {
      placeIdentifiers: places.flatMap((placeId) =>
        some(n, (i) => ({ placeId, scheme: `test/code-${i}`, value: `${placeId}-${i}`, sourceIds: cite(`${placeId}-code-${i}`) })),
      ),
      placeStatistics: places.flatMap((placeId) =>
        some(n, (i) => ({
          placeId,
          indicator: `test/indicator-${i}`,
          value: i * 10,
          unit: 'count',
          period: '2014-2020',
          sourceIds: cite(`${placeId}-figure-${i}`),
        })),
      ),
      organisationRecords: [
        ...w.records.map((id, j) => ({
          id,
          scheme: 'test/record',
          key: `${tag}-gov-${j + 1}`,
          dataset: 'test-world',
          name: `Gmina Testowo ${tag}`,
          nameEn: `Testowo ${tag} town ${j + 1}`,
          countryCode: 'PL',
          placeId: w.city,
          placeText: `Testowo ${tag}`,
          identifiers: [
            { scheme: 'teryt', value: w.teryt },
            ...some(n, (i) => ({ scheme: `test/stated-${i}`, value: `${tag}-${j + 1}-${i}` })),
          ],
          attributes: { position: j + 1 },
          sourceIds: cite(`gov-${j + 1}`),
        })),
        ...partnerRecords.map((id, k) => ({
          id,
          scheme: 'test/record',
          key: `${tag}-partner-${k + 1}`,
          dataset: 'test-world',
          name: `Partner ${tag} ${k + 1}`,
          countryCode: COUNTRIES[k % 2],
          placeId: w.city,
          identifiers: [{ scheme: 'test/partner-1', value: `${tag}-${k + 1}-1` }],
          sourceIds: cite(`partner-${k + 1}`),
        })),
      ],
    },
    projects: {
      projects: w.dataProjects.map((id, k) => ({
        id,
        title: `World ${tag} data project ${k + 1}`,
        acronym: `${tag.toUpperCase()}-D${k + 1}`,
        code: `${tag.toUpperCase()}D${k + 1}`,
        status: 'ONGOING',
        startDate: `${w.year - 1}-01-01`,
        programmeId: w.dataProgrammes[0],
        totalBudget: 100000,
        currency: 'EUR',
        countryIds: COUNTRIES.slice(0, n).map((c) => `place:country:${c}`),
        placeIds: places.slice(0, n),
        identifiers: some(n, (i) => ({ scheme: 'test/project', value: `${tag}-data-${k + 1}-${i}` })),
        attributes: { position: k + 1 },
        sourceIds: cite(`project-${k + 1}`),
      })),
      partnerships: w.dataProjects.flatMap((projectId, k) =>
        [...w.records.slice(0, 1), ...partnerRecords].map((organisationRecordId, j) => ({
          id: `partnership:${tag}-data-${k + 1}-${j}`,
          projectId,
          organisationRecordId,
          placeId: w.city,
          countryId: 'place:country:PL',
          role: j === 0 ? 'LEAD_PARTNER' : 'PARTNER',
          budget: 1000 * (j + 1),
          currency: 'EUR',
          town: `Testowo ${tag}`,
          sourceIds: cite(`partnership-${k + 1}-${j}`),
        })),
      ),
    },
    funding: {
      programmes: w.dataProgrammes.map((id, k) => ({
        id,
        name: `Data programme ${tag} ${k + 1}`,
        code: `${tag.toUpperCase()}DP${k + 1}`,
        period: '2014-2021',
        countryId: 'place:country:PL',
        fundIds: w.funds,
        identifiers: some(n, (i) => ({ scheme: 'test/programme', value: `${tag}-${k + 1}-${i}` })),
        altNames: some(n, (i) => `Data programme ${tag} ${k + 1} alt ${i}`),
        sourceIds: cite(`programme-${k + 1}`),
      })),
      allocations: w.dataProgrammes.flatMap((programmeId, k) =>
        [w.city, w.region].flatMap((placeId) =>
          w.funds.map((fundId, j) => ({
            id: `allocation:${programmeId}:${fundId}:${placeId}`,
            programmeId,
            fundId,
            placeId,
            placeCode: placeId === w.region ? `PLZ${n}` : w.teryt,
            amount: String(1000 * (k + 1) + j),
            currency: 'EUR',
            sourceIds: cite(`allocation-${k + 1}-${placeId}-${j + 1}`),
          })),
        ),
      ),
      participants: w.dataProgrammes.flatMap((programmeId, k) =>
        w.records.map((organisationRecordId, j) => ({
          id: `participant:${programmeId}:${j + 1}`,
          programmeId,
          organisationRecordId,
          role: j === 0 ? 'PROGRAMME_OPERATOR' : 'PROJECT_PARTNER',
          projectCount: k + j,
          sourceIds: cite(`participant-${k + 1}-${j + 1}`),
        })),
      ),
      grants: w.dataProjects.flatMap((projectId, k) =>
        w.dataProgrammes.map((programmeId, j) => ({
          id: `grant:${tag}-data-${k + 1}-${j + 1}`,
          programmeId,
          projectId,
          amount: String(500 * (j + 1)),
          currency: 'EUR',
          sourceIds: cite(`grant-${k + 1}-${j + 1}`),
        })),
      ),
    },
    outcomes: {
      outcomes: w.dataOutcomes.map((id, k) => ({
        id,
        kind: 'RESULT',
        name: `World ${tag} data outcome ${k + 1}`,
        status: 'ADOPTED',
        indicators: some(n, (i) => ({ name: `indicator ${tag} ${i}`, achievement: i, order: i })),
        sourceIds: cite(`outcome-${k + 1}`),
      })),
      links: w.dataOutcomes.flatMap((outcomeId, k) =>
        w.dataProgrammes.map((targetId, j) => ({
          outcomeId,
          relation: 'PRODUCED_BY',
          targetType: 'Programme',
          targetId,
          sourceIds: cite(`outcome-link-${k + 1}-${j + 1}`),
        })),
      ),
    },
  };
}

/** A copy of the real seeds with these worlds added; set SEEDS_DIR to it before the hub starts. */
export function writeWorldSeeds(worlds: World[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-world-'));
  cpSync(join(__dirname, '..', '..', 'seeds'), dir, { recursive: true });
  const files = ['sources.yaml', 'organisations.yaml', 'projects.yaml', 'funding.yaml', 'events.yaml', 'outcomes.yaml'];
  const data = Object.fromEntries(files.map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as Doc]));
  for (const w of worlds) addToSeeds(data, w);
  for (const f of files) writeFileSync(join(dir, f), stringify(data[f]));
  return dir;
}

/** A connector for the worlds' data file: `{"worlds": [2, 5]}`, read by content like the real ones. */
const worldConnector: Connector = {
  name: 'test-world',
  description: 'the synthetic worlds of the statement-count and paging tests',
  dataset: {
    title: 'Synthetic test worlds',
    publisher: 'Regiograph tests',
    url: 'https://example.org/test-world',
    licence: 'CC0-1.0',
    attribution: 'Regiograph tests',
    retrievedOn: '2030-01-01',
  },
  detect: (file) => (/^\{\s*"worlds"/.test(file.text) ? { format: 'worlds.json' } : { format: null, why: 'not a worlds file' }),
  parse(file, _format, ctx) {
    const sizes = (JSON.parse(file.text) as { worlds: number[] }).worlds;
    const rows: Partial<IngestRows> = {};
    for (const part of sizes.map((n) => dataRows(world(n), ctx.sourceId))) {
      for (const [key, tables] of Object.entries(part) as Array<[keyof IngestRows, Record<string, unknown[]>]>) {
        rows[key] ??= {};
        const into = rows[key] as Record<string, unknown[]>;
        for (const [table, list] of Object.entries(tables)) into[table] = [...(into[table] ?? []), ...list];
      }
    }
    return { records: sizes.length, rows };
  },
};

const silent = { start() {}, tick() {}, log() {}, finish() {} };

/** Loads the worlds' open data into a running hub's database through the ingest command's own code. */
export async function ingestWorlds(databaseUrl: string, worlds: World[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rg-world-data-'));
  const file = join(dir, 'worlds.json');
  writeFileSync(file, JSON.stringify({ worlds: worlds.map((w) => w.n) }));
  const report = await runIngest(
    { ...createWiring(), connectors: [worldConnector] },
    { source: worldConnector.name, paths: [file], databaseUrl, reportFile: null, progress: silent },
  ).finally(() => rmSync(dir, { recursive: true, force: true }));
  if (!report.ok) throw new Error(`the worlds' data did not load: ${JSON.stringify(report.files)}`);
}
