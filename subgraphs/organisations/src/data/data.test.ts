import { emSql, queryLog, recordRef, seedsDir, type Sql, type SourceRow } from '@regiograph/lib';
import { resetTestSubgraph, startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveIdentities } from '../identity/resolve.js';
import type { ResolutionResult } from '../identity/types.js';
import { seedOrganisations } from '../seed.js';
import { organisations } from '../subgraph.js';
import { data } from './index.js';
import type { OrganisationsRows } from './rows.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
let sql: Sql;
beforeAll(async () => {
  sg = await startTestSubgraph(organisations);
  sql = emSql(sg.orm.em.fork() as Parameters<typeof emSql>[0]);
});
afterAll(async () => sg?.stop());

const SRC = 'src:data:eea-grants:partners.json';
const KEEP = 'src:data:keep-eu:project-17853.json';
const ZMP = 'org:PL:zwiazek-miast-polskich';
const FIRMA = 'org:derived:PL:firma-x';

const source = (id: string, dataset: string, file: string): SourceRow => ({
  id,
  kind: 'DATASET',
  title: `${dataset} ${file}`,
  dataset,
  file,
  publisher: 'test',
  licence: 'CC BY 4.0',
  attribution: 'test data',
  retrievedOn: '2026-11-20',
});

function rows(): OrganisationsRows {
  return {
    sources: [source(SRC, 'eea-grants', 'partners.json'), source(KEEP, 'keep-eu', 'project-17853.json')],
    places: [
      // A seeded place: the file spells its name differently and knows its NUTS 1 parent and Wikidata ID.
      {
        id: 'place:nuts:PL81',
        name: 'Lubelskie (region)',
        kind: 'NUTS2',
        countryCode: 'PL',
        nutsCode: 'PL81',
        parentId: 'place:nuts:PL8',
        wikidataId: 'Q130919',
        sourceIds: [recordRef(SRC, 'nuts/PL81')],
      },
      {
        id: 'place:nuts:PL8',
        name: 'Makroregion wschodni',
        kind: 'NUTS1',
        countryCode: 'PL',
        nutsCode: 'PL8',
        parentId: 'place:country:PL',
        lat: 51.2,
        lng: 22.6,
        sourceIds: [recordRef(SRC, 'nuts/PL8')],
      },
    ],
    placeIdentifiers: [
      { placeId: 'place:nuts:PL91', scheme: 'nuts-2021', value: 'PL127', sourceIds: [recordRef(SRC, 'nuts-2021/PL127')] },
      { placeId: 'place:nuts:PL81', scheme: 'wikidata', value: 'Q130919', sourceIds: [recordRef(SRC, 'nuts/PL81')] },
    ],
    placeStatistics: [
      {
        placeId: 'place:nuts:PL81',
        indicator: 'keep.eu/projects',
        value: 42,
        unit: 'count',
        period: '2014-2020',
        sourceIds: [recordRef(KEEP, 'PL81')],
      },
    ],
    organisationRecords: [
      {
        id: 'eea-grants/organisation:507',
        scheme: 'eea-grants/organisation',
        key: '507',
        dataset: 'eea-grants',
        name: 'Association of Polish Cities',
        countryCode: 'PL',
        placeText: 'PL41',
        attributes: { roles: ['Project Promoter'] },
        sourceIds: [recordRef(SRC, '507')],
      },
      {
        id: 'keep.eu/organisation:27415',
        scheme: 'keep.eu/organisation',
        key: '27415',
        dataset: 'keep-eu',
        name: 'Związek Miast Polskich w Poznaniu',
        nameEn: 'Association of Polish Cities',
        countryCode: 'PL',
        placeId: 'place:nuts:PL81',
        placeText: 'Poznań',
        identifiers: [{ scheme: 'PIC', value: '917141015' }],
        kindHint: 'NGO',
        kindRule: "keep.eu organisation_type 'Interest groups including NGOs'",
        attributes: { budget: '0.00' },
        sourceIds: [recordRef(KEEP, 'partner/27415')],
      },
      {
        id: 'kohesio/beneficiary:PL:firma-x:lubelskie',
        scheme: 'kohesio/beneficiary',
        key: 'PL:firma-x:lubelskie',
        dataset: 'kohesio-beneficiaries',
        name: 'Firma X Sp. z o.o.',
        countryCode: 'PL',
        placeText: 'Lubelskie',
        sourceIds: [recordRef(SRC, 'kohesio/1')],
      },
      {
        id: 'kohesio/beneficiary:PL:firma-x-spolka:lubelskie',
        scheme: 'kohesio/beneficiary',
        key: 'PL:firma-x-spolka:lubelskie',
        dataset: 'kohesio-beneficiaries',
        name: 'FIRMA X SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ',
        nameLatin: 'FIRMA X SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA',
        countryCode: 'PL',
        placeText: 'Lubelskie',
        sourceIds: [recordRef(SRC, 'kohesio/2')],
      },
    ],
  };
}

const noChange = (counts: Record<string, { created: number; updated: number }>) =>
  Object.values(counts).every((c) => c.created === 0 && c.updated === 0);

function resolution(): ResolutionResult {
  return {
    assignments: [
      {
        recordId: 'eea-grants/organisation:507',
        organisationId: ZMP,
        rule: 'curated',
        confidence: 1,
        explanation: 'curated: the Association of Polish Cities',
      },
      {
        recordId: 'keep.eu/organisation:27415',
        organisationId: ZMP,
        rule: 'name',
        confidence: 0.95,
        explanation: 'same normalised name and country',
      },
      { recordId: 'kohesio/beneficiary:PL:firma-x:lubelskie', organisationId: FIRMA, rule: 'single', confidence: 1, explanation: 'alone' },
      {
        recordId: 'kohesio/beneficiary:PL:firma-x-spolka:lubelskie',
        organisationId: FIRMA,
        rule: 'name',
        confidence: 0.9,
        explanation: 'legal form spelled out',
      },
    ],
    organisations: [
      {
        id: ZMP,
        name: 'Związek Miast Polskich',
        kind: 'ASSOCIATION',
        countryCode: 'PL',
        altNames: ['Association of Polish Cities'],
        sourceIds: [recordRef(SRC, '507'), recordRef(KEEP, 'partner/27415')],
        recordIds: ['eea-grants/organisation:507', 'keep.eu/organisation:27415'],
        anchored: true,
      },
      {
        id: FIRMA,
        name: 'Firma X Sp. z o.o.',
        kind: 'COMPANY',
        kindRule: 'name: legal form of a company (\'sp z o o\' in "Firma X Sp. z o.o.")',
        countryCode: 'PL',
        placeId: 'place:nuts:PL81',
        altNames: ['FIRMA X SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ'],
        sourceIds: [recordRef(SRC, 'kohesio/1'), recordRef(SRC, 'kohesio/2')],
        recordIds: ['kohesio/beneficiary:PL:firma-x:lubelskie', 'kohesio/beneficiary:PL:firma-x-spolka:lubelskie'],
        anchored: false,
      },
    ],
  };
}

const one = async <T>(text: string, params: unknown[] = []) => (await sql<T>(text, params))[0] as T;

/** The file loaded once into the seeded schema, then the resolution above applied, as the ingest command does. */
async function loadAndResolve(): Promise<void> {
  await data.write(sql, rows());
  await data.applyResolution(sql, resolution());
}

// Each test that writes starts from the seeds alone and loads what it needs itself.
describe('organisations data module', () => {
  beforeEach(() => resetTestSubgraph(sg, organisations));

  it('writes places, codes, statistics, records and sources, and a second identical write changes nothing', async () => {
    const first = await data.write(sql, rows());
    expect(first['organisations.organisation_record']).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(first['organisations.place']).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(first['organisations.place_identifier']?.created).toBe(2);
    expect(first['organisations.place_statistic']?.created).toBe(1);
    expect(first['organisations.source']?.created).toBe(2);

    const before = await one<{ updated_at: string }>(`select updated_at::text from organisations.organisation_record where id = $1`, [
      'eea-grants/organisation:507',
    ]);
    const second = await data.write(sql, rows());
    expect(noChange(second)).toBe(true);
    expect(second['organisations.organisation_record']?.unchanged).toBe(4);
    const after = await one<{ updated_at: string }>(`select updated_at::text from organisations.organisation_record where id = $1`, [
      'eea-grants/organisation:507',
    ]);
    expect(after.updated_at).toBe(before.updated_at);
  });

  it('loads the seeds again after the data without a change, and the data again after that without a change', async () => {
    await data.write(sql, rows());
    const seeded = await seedOrganisations(sg.orm, seedsDir());
    expect(seeded).toMatchObject({ created: 0, updated: 0 });
    const place = await one<{ source_ids: string[] }>(`select source_ids from organisations.place where id = 'place:nuts:PL81'`);
    expect(place.source_ids).toContain(recordRef(SRC, 'nuts/PL81'));
    expect(noChange(await data.write(sql, rows()))).toBe(true);
  });

  it('updates a changed record in place, keeping its ID, and moves updated_at only for it', async () => {
    await data.write(sql, rows());
    const changed = rows();
    const record = changed.organisationRecords?.[0];
    if (!record) throw new Error('fixture');
    record.name = 'Association of Polish Cities (ZMP)';
    record.attributes = { legalStatus: 'association' };
    const before = await sql<{ id: string; updated_at: string }>(
      `select id, updated_at::text from organisations.organisation_record order by id`,
    );
    const counts = await data.write(sql, changed);
    expect(counts['organisations.organisation_record']).toEqual({ created: 0, updated: 1, unchanged: 3 });
    const after = await sql<{ id: string; updated_at: string; name: string; attributes: Record<string, unknown> }>(
      `select id, updated_at::text, name, attributes from organisations.organisation_record order by id`,
    );
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const moved = after.filter((r, i) => r.updated_at !== before[i]?.updated_at).map((r) => r.id);
    expect(moved).toEqual(['eea-grants/organisation:507']);
    const zmp = after.find((r) => r.id === 'eea-grants/organisation:507');
    expect(zmp?.name).toBe('Association of Polish Cities (ZMP)');
    // Attributes accumulate: what an earlier file said is kept beside what this one says.
    expect(zmp?.attributes).toEqual({ roles: ['Project Promoter'], legalStatus: 'association' });
  });

  it('links records to a curated organisation without touching it, and creates the derived one; applying again changes nothing', async () => {
    await data.write(sql, rows());
    const zmpBefore = await one<{ updated_at: string; name: string; derived: boolean }>(
      `select updated_at::text, name, derived from organisations.organisation where id = $1`,
      [ZMP],
    );
    const counts = await data.applyResolution(sql, resolution());
    expect(counts).toMatchObject({ recordsChanged: 4, recordsUnlinked: 0, derived: { created: 1, updated: 0, deleted: 0 } });
    const zmpAfter = await one<{ updated_at: string; name: string; derived: boolean }>(
      `select updated_at::text, name, derived from organisations.organisation where id = $1`,
      [ZMP],
    );
    expect(zmpAfter).toEqual(zmpBefore);
    const firma = await one<{ derived: boolean; kind: string; source_ids: string[] }>(
      `select derived, kind, source_ids from organisations.organisation where id = $1`,
      [FIRMA],
    );
    expect(firma).toEqual({ derived: true, kind: 'COMPANY', source_ids: [recordRef(SRC, 'kohesio/1'), recordRef(SRC, 'kohesio/2')] });

    const again = await data.applyResolution(sql, resolution());
    expect(again).toMatchObject({ recordsChanged: 0, recordsUnlinked: 0, derived: { created: 0, updated: 0, unchanged: 1, deleted: 0 } });
  });
});

// Reading tests share one load of the file, before any resolution. None of them writes.
describe('organisations data module over a loaded file', () => {
  beforeAll(async () => {
    await resetTestSubgraph(sg, organisations);
    await data.write(sql, rows());
  });

  it('stores the record key and stated identifiers as lookup keys, the statistic under placeId|indicator|period', async () => {
    const rec = await one<{ identifier_keys: string[]; identifiers: unknown }>(
      `select identifier_keys, identifiers from organisations.organisation_record where id = $1`,
      ['keep.eu/organisation:27415'],
    );
    expect(rec.identifier_keys).toEqual(['keep.eu/organisation|27415', 'pic|917141015']);
    expect(rec.identifiers).toEqual([{ scheme: 'pic', value: '917141015' }]);
    const stat = await one<{ id: string; value: string }>(`select id, value::text from organisations.place_statistic`);
    expect(stat).toEqual({ id: 'place:nuts:PL81|keep.eu/projects|2014-2020', value: '42' });
  });

  it('keeps the seed’s name, parent and citations on a seeded place and adds the file’s spelling, codes and citation', async () => {
    const place = await one<{ name: string; alt_names: string[]; parent_id: string; wikidata_id: string; source_ids: string[] }>(
      `select name, alt_names, parent_id, wikidata_id, source_ids from organisations.place where id = 'place:nuts:PL81'`,
    );
    expect(place.name).toBe('Lubelskie');
    expect(place.alt_names).toContain('Lubelskie (region)');
    expect(place.alt_names).toContain('Lubelszczyzna');
    expect(place.parent_id).toBe('place:country:PL');
    expect(place.wikidata_id).toBe('Q130919');
    expect(place.source_ids).toEqual([recordRef(SRC, 'nuts/PL81'), 'src:lubelskie-scale-up-rsg-2019']);
  });

  it('gives the resolver every record and the curated organisations (not derived ones) with their identifiers', async () => {
    const input = await data.loadResolutionInput(sql);
    expect(input.records.map((r) => r.id)).toContain('keep.eu/organisation:27415');
    expect(input.records.find((r) => r.id === 'keep.eu/organisation:27415')).toMatchObject({
      scheme: 'keep.eu/organisation',
      key: '27415',
      nameEn: 'Association of Polish Cities',
      identifiers: [{ scheme: 'pic', value: '917141015' }],
      sourceIds: [recordRef(KEEP, 'partner/27415')],
    });
    const tarnow = input.anchors?.find((a) => a.id === 'org:municipality:PL:1263011');
    expect(tarnow).toMatchObject({
      kind: 'MUNICIPALITY',
      placeId: 'place:lau:PL:1263011',
      placeIds: ['place:nuts:PL217', 'place:nuts:PL21'],
      identifiers: [{ scheme: 'teryt', value: '1263011' }],
    });
    expect(input.anchors?.find((a) => a.id === ZMP)?.nameEn).toBe('Association of Polish Cities');
  });
});

// Reading tests share one load of the file with its records resolved. None of them writes.
describe('organisations GraphQL over ingested records', () => {
  beforeAll(async () => {
    await resetTestSubgraph(sg, organisations);
    await loadAndResolve();
  });

  it('finds the Association of Polish Cities by its EEA Grants key and by a PIC a keep.eu record states, and a city by its seeded TERYT code', async () => {
    const res = await sg.query<Record<string, { id: string; name: string } | null>>(`{
      eea: organisationByIdentifier(scheme: "eea-grants/organisation", value: "507") { id name }
      pic: organisationByIdentifier(scheme: "pic", value: "917141015") { id name }
      keep: organisationByIdentifier(scheme: "keep.eu/organisation", value: "27415") { id }
      teryt: organisationByIdentifier(scheme: "teryt", value: "1263011") { id }
      none: organisationByIdentifier(scheme: "pic", value: "000") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      eea: { id: ZMP, name: 'Związek Miast Polskich' },
      pic: { id: ZMP, name: 'Związek Miast Polskich' },
      keep: { id: ZMP },
      teryt: { id: 'org:municipality:PL:1263011' },
      none: null,
    });
  });

  it('shows an organisation’s source records with the match, its names in every source and its identifiers, each with sources', async () => {
    const res = await sg.query<{ organisation: Record<string, unknown> }>(
      `query($id: ID!) {
      organisation(id: $id) {
        derived
        records { id scheme key dataset name nameEn attributes place { id } placeText match { rule confidence explanation } sources { id recordId file retrievedOn } }
        names { name kind language script recordIds sources { id } }
        identifiers { scheme value sources { id recordId } }
        sources { id }
      }
    }`,
      { id: ZMP },
    );
    expect(res.errors).toBeUndefined();
    const org = res.data?.organisation as {
      derived: boolean;
      records: Array<Record<string, unknown>>;
      names: Array<{ name: string; kind: string; recordIds: string[]; sources: Array<{ id: string }> }>;
      identifiers: Array<{ scheme: string; value: string; sources: Array<{ id: string; recordId: string }> }>;
      sources: Array<{ id: string }>;
    };
    expect(org.derived).toBe(false);
    expect(org.records.map((r) => r.id)).toEqual(['eea-grants/organisation:507', 'keep.eu/organisation:27415']);
    expect(org.records[1]).toMatchObject({
      scheme: 'keep.eu/organisation',
      key: '27415',
      dataset: 'keep-eu',
      nameEn: 'Association of Polish Cities',
      attributes: { budget: '0.00' },
      place: { id: 'place:nuts:PL81' },
      placeText: 'Poznań',
      match: { rule: 'name', confidence: 0.95, explanation: 'same normalised name and country' },
      sources: [{ id: recordRef(KEEP, 'partner/27415'), recordId: 'partner/27415', file: 'project-17853.json', retrievedOn: '2026-11-20' }],
    });
    const english = org.names.find((n) => n.name === 'Association of Polish Cities' && n.kind === 'ENGLISH');
    expect(english?.recordIds).toEqual(['keep.eu/organisation:27415']);
    expect(english?.sources.map((s) => s.id)).toEqual(expect.arrayContaining(['src:zmp-empirie-2022', recordRef(KEEP, 'partner/27415')]));
    expect(org.names).toContainEqual(
      expect.objectContaining({ name: 'Związek Miast Polskich', kind: 'OFFICIAL', language: null, script: 'Latn', recordIds: [] }),
    );
    expect(org.names).toContainEqual(expect.objectContaining({ name: 'ZMP', kind: 'ACRONYM' }));
    expect(org.identifiers.map((i) => `${i.scheme}|${i.value}`)).toEqual([
      'eea-grants/organisation|507',
      'keep.eu/organisation|27415',
      'pic|917141015',
    ]);
    expect(org.identifiers[2]?.sources).toEqual([{ id: recordRef(KEEP, 'partner/27415'), recordId: 'partner/27415' }]);
    expect(org.sources.map((s) => s.id)).toEqual(
      expect.arrayContaining(['src:zmp-empirie-2022', recordRef(SRC, '507'), recordRef(KEEP, 'partner/27415')]),
    );
  });

  it("stores the records' kind hints and serves each organisation's kind with its rule", async () => {
    const res = await sg.query<{
      zmp: { kind: string; kindRule: string; records: Array<{ id: string; kindHint: string | null; kindRule: string | null }> };
      firma: { kind: string; kindRule: string };
    }>(`{
      zmp: organisation(id: "${ZMP}") { kind kindRule records { id kindHint kindRule } }
      firma: organisation(id: "${FIRMA}") { kind kindRule }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.zmp).toMatchObject({ kind: 'ASSOCIATION', kindRule: 'curated: seeds/organisations.yaml' });
    expect(res.data?.zmp.records).toContainEqual({
      id: 'keep.eu/organisation:27415',
      kindHint: 'NGO',
      kindRule: "keep.eu organisation_type 'Interest groups including NGOs'",
    });
    expect(res.data?.firma).toEqual({ kind: 'COMPANY', kindRule: 'name: legal form of a company (\'sp z o o\' in "Firma X Sp. z o.o.")' });
  });

  it('finds organisations by the names their records give, curated and derived', async () => {
    const res = await sg.query<{
      poznan: Array<{ id: string }>;
      firma: Array<{ id: string; derived: boolean; names: Array<{ kind: string }> }>;
    }>(`{
      poznan: organisations(name: "miast polskich w poznaniu") { id }
      firma: organisations(name: "firma x spolka z ograniczona") { id derived names { kind } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.poznan.map((o) => o.id)).toEqual([ZMP]);
    expect(res.data?.firma.map((o) => o.id)).toEqual([FIRMA]);
    expect(res.data?.firma[0]?.derived).toBe(true);
    // A derived organisation lists its records' names only: OFFICIAL twice and one LATIN.
    expect(res.data?.firma[0]?.names.map((n) => n.kind).sort()).toEqual(['LATIN', 'OFFICIAL', 'OFFICIAL']);
  });

  it('loads records, names and identifiers of many organisations with one SELECT of records per loader', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ records: unknown[]; names: unknown[]; identifiers: unknown[] }> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { records { id place { id } } names { name } identifiers { value } sources { id } } } }',
      { r: [ZMP, FIRMA, 'org:municipality:PL:1263011', 'org:PL:glassteam'].map((id) => ({ __typename: 'Organisation', id })) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((e) => e.records.length)).toEqual([2, 2, 0, 0]);
    // Two reads of records for the four organisations, never one per organisation: the page of the deprecated
    // `records` list is cut in SQL (the records connection's loader), and names, identifiers and sources read
    // each organisation's whole list of records in one statement.
    expect(queryLog.statements.filter((s) => s.includes('"organisation_record"'))).toHaveLength(2);
    expect(queryLog.statements.filter((s) => s.includes('"organisation_identifier"'))).toHaveLength(1);
  });

  it('finds a place by a NUTS 2021 code, its NUTS 2024 code, TERYT and ISO codes, and lists its codes and statistics', async () => {
    const res = await sg.query<Record<string, { id: string } | null>>(`{
      old: placeByIdentifier(scheme: "nuts", value: "pl127") { id }
      old2021: placeByIdentifier(scheme: "nuts-2021", value: "PL127") { id }
      nuts: placeByIdentifier(scheme: "nuts", value: "PL81") { id }
      teryt: placeByIdentifier(scheme: "teryt", value: "1418043") { id }
      iso3: placeByIdentifier(scheme: "iso3166-1-alpha3", value: "ROU") { id }
      wd: placeByIdentifier(scheme: "wikidata", value: "Q130919") { id }
      none: placeByIdentifier(scheme: "nuts", value: "XX99") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      old: { id: 'place:nuts:PL91' },
      old2021: { id: 'place:nuts:PL91' },
      nuts: { id: 'place:nuts:PL81' },
      teryt: { id: 'place:lau:PL:1418043' },
      iso3: { id: 'place:country:RO' },
      wd: { id: 'place:nuts:PL81' },
      none: null,
    });
    const place = await sg.query<{ place: Record<string, unknown>; pl8: Record<string, unknown> }>(`{
      place(id: "place:nuts:PL81") {
        wikidataId identifiers { scheme value sources { id } }
        statistics { indicator value unit period sources { recordId } }
        parent { id }
      }
      pl8: place(id: "place:nuts:PL8") { lat lng parent { id children(limit: 2) { id } } }
    }`);
    expect(place.errors).toBeUndefined();
    expect(place.data?.place).toEqual({
      wikidataId: 'Q130919',
      identifiers: [
        { scheme: 'nuts', value: 'PL81', sources: [{ id: recordRef(SRC, 'nuts/PL81') }, { id: 'src:lubelskie-scale-up-rsg-2019' }] },
        { scheme: 'wikidata', value: 'Q130919', sources: [{ id: recordRef(SRC, 'nuts/PL81') }, { id: 'src:lubelskie-scale-up-rsg-2019' }] },
      ],
      statistics: [{ indicator: 'keep.eu/projects', value: 42, unit: 'count', period: '2014-2020', sources: [{ recordId: 'PL81' }] }],
      parent: { id: 'place:country:PL' },
    });
    expect(place.data?.pl8).toMatchObject({ lat: 51.2, lng: 22.6, parent: { id: 'place:country:PL' } });
    expect((place.data?.pl8 as { parent: { children: unknown[] } } | undefined)?.parent.children).toHaveLength(2);
  });
});

describe('organisations GraphQL as resolution changes', () => {
  beforeEach(() => resetTestSubgraph(sg, organisations));

  it('undoes a merge: records re-assigned elsewhere leave no orphan derived organisation', async () => {
    await loadAndResolve();
    const split = resolution();
    split.assignments = split.assignments.map((a) =>
      a.organisationId === FIRMA
        ? { ...a, organisationId: `${FIRMA}:${a.recordId.includes('spolka') ? 'b' : 'a'}`, rule: 'single', explanation: 'split' }
        : a,
    );
    split.organisations = [
      ...split.organisations.filter((o) => o.id !== FIRMA),
      ...['a', 'b'].map((s) => ({
        id: `${FIRMA}:${s}`,
        name: `Firma X ${s}`,
        kind: 'COMPANY',
        countryCode: 'PL',
        altNames: [],
        sourceIds: [],
        recordIds: [],
        anchored: false,
      })),
    ];
    const counts = await data.applyResolution(sql, split);
    expect(counts).toMatchObject({ recordsChanged: 2, derived: { created: 2, deleted: 1 }, deletedOrganisationIds: [FIRMA] });
    const res = await sg.query<Record<string, { id: string } | null>>(`{
      gone: organisation(id: "${FIRMA}") { id }
      b: organisationByIdentifier(scheme: "kohesio/beneficiary", value: "PL:firma-x-spolka:lubelskie") { id }
    }`);
    expect(res.data).toEqual({ gone: null, b: { id: `${FIRMA}:b` } });

    // Records left out of a complete resolution are unlinked, and their derived organisations go too.
    const partial: ResolutionResult = {
      assignments: split.assignments.filter((a) => !a.organisationId.startsWith(FIRMA)),
      organisations: split.organisations.filter((o) => !o.id.startsWith(FIRMA)),
    };
    const undone = await data.applyResolution(sql, partial);
    expect(undone).toMatchObject({ recordsUnlinked: 2, derived: { deleted: 2 } });
    expect(await sql(`select id from organisations.organisation where derived`)).toEqual([]);
    const zmp = await sg.query<{ organisation: { records: unknown[] } }>(`{ organisation(id: "${ZMP}") { records { id } } }`);
    expect(zmp.data?.organisation.records).toHaveLength(2);
  });

  it('runs the identity resolver end to end: records in, canonical organisations out, stable on a second run', async () => {
    await data.write(sql, rows());
    const curated = { same: [{ records: [ZMP, 'eea-grants/organisation:507'], note: 'test: the association' }], distinct: [] };
    const first = resolveIdentities(await data.loadResolutionInput(sql), curated);
    await data.applyResolution(sql, first);
    const res = await sg.query<Record<string, { id: string; derived: boolean; names: Array<{ name: string; kind: string }> } | null>>(`{
      zmp: organisationByIdentifier(scheme: "eea-grants/organisation", value: "507") { id derived names { name kind } }
      a: organisationByIdentifier(scheme: "kohesio/beneficiary", value: "PL:firma-x:lubelskie") { id derived names { name kind } }
      b: organisationByIdentifier(scheme: "kohesio/beneficiary", value: "PL:firma-x-spolka:lubelskie") { id derived names { name kind } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.zmp?.id).toBe(ZMP);
    expect(res.data?.zmp?.names).toContainEqual({ name: 'Związek Miast Polskich', kind: 'OFFICIAL' });
    // The two spellings of one company (legal form abbreviated or spelled out) become one derived organisation.
    expect(res.data?.a?.derived).toBe(true);
    expect(res.data?.b?.id).toBe(res.data?.a?.id);

    const second = resolveIdentities(await data.loadResolutionInput(sql), curated);
    expect(await data.applyResolution(sql, second)).toMatchObject({
      recordsChanged: 0,
      recordsUnlinked: 0,
      derived: { created: 0, updated: 0, deleted: 0 },
    });
  });
});
