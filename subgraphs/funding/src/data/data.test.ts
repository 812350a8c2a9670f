import type { EntityManager } from '@mikro-orm/postgresql';
import { emSql, queryLog, seedsDir, type Sql } from '@regiograph/lib';
import { resetTestSubgraph, startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { funding } from '../subgraph.js';
import { data } from './index.js';
import type { FundingRows } from './rows.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
let sql: Sql;
beforeAll(async () => {
  sg = await startTestSubgraph(funding);
  sql = emSql(sg.orm.em.fork() as EntityManager);
});
afterAll(async () => sg?.stop());

const SRC = 'src:eea-grants:2009-2014:overview.json';
const PARTNERS = 'src:eea-grants:2009-2014:donor-partnership-organisations.csv';
const FUND = 'fund:eea-grants:2009-2014';
const PL03 = 'programme:eea-grants:2009-2014:PL03';
const ROZWOJ = 'programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny';
const ZMP_RECORD = 'eea-grants/organisation:507';
const MINISTRY_RECORD = 'eea-grants/organisation:35';

/** One file's rows, as a connector would hand them over. */
function rows(amountPL127 = '682235.03'): FundingRows {
  return {
    sources: [
      {
        id: SRC,
        kind: 'DATASET',
        title: 'EEA Grants 2009-2014 overview',
        dataset: 'eea-grants',
        file: 'overview.json',
        publisher: 'Financial Mechanism Office',
        licence: 'Reuse authorised with acknowledgement',
        attribution: 'EEA and Norway Grants, Financial Mechanism Office, data.eeagrants.org',
        retrievedOn: '2021-09-24',
      },
      {
        id: PARTNERS,
        kind: 'DATASET',
        title: 'EEA Grants 2009-2014 donor partnership organisations',
        dataset: 'eea-grants',
        file: 'donor-partnership-organisations.csv',
        retrievedOn: '2021-09-24',
      },
    ],
    funds: [
      {
        id: FUND,
        name: 'EEA Grants',
        acronym: 'EEA',
        kind: 'GRANT_MECHANISM',
        donorIds: ['place:country:NO', 'place:country:IS', 'place:country:LI'],
        period: '2009-2014',
        sourceIds: [SRC],
      },
    ],
    programmes: [
      {
        id: PL03,
        name: 'Improving environmental monitoring and inspection',
        code: 'PL03',
        period: '2009-2014',
        startYear: 2009,
        endYear: 2014,
        countryId: 'place:country:PL',
        fundIds: [FUND],
        sector: 'Environmental Protection and Management',
        area: 'Environmental monitoring and integrated planning and control',
        identifiers: [{ scheme: 'eea-grants/programme', value: 'PL03' }],
        sourceIds: [`${SRC}#PL03`],
      },
      // The seeds' programme, as a file might also name it: its citation adds to the articles'.
      { id: ROZWOJ, name: 'Local development and poverty reduction', sector: 'Local Development', sourceIds: [`${SRC}#PL-LD`] },
    ],
    allocations: [
      {
        id: `allocation:${PL03}:${FUND}:place:country:PL`,
        programmeId: PL03,
        fundId: FUND,
        placeId: 'place:country:PL',
        placeCode: 'PL',
        amount: '4000000.50',
        netAmount: '3700000',
        projectAmount: '3500000.25',
        projectCount: 26,
        currency: 'EUR',
        sourceIds: [`${SRC}#PL03`],
      },
      {
        id: `allocation:${PL03}:${FUND}:place:nuts:PL127`,
        programmeId: PL03,
        fundId: FUND,
        placeId: 'place:nuts:PL911',
        placeCode: 'PL127',
        breakdown: 'GRANTS',
        amount: amountPL127,
        projectCount: 26,
        currency: 'EUR',
        sourceIds: [`${SRC}#PL03:PL127`],
      },
      {
        id: `allocation:${PL03}:${FUND}:place:nuts:PL113`,
        programmeId: PL03,
        fundId: FUND,
        placeId: 'place:nuts:PL711',
        placeCode: 'PL113',
        breakdown: 'GRANTS',
        amount: '82561.53',
        projectCount: 21,
        currency: 'EUR',
        sourceIds: [`${SRC}#PL03:PL113`],
      },
    ],
    participants: [
      {
        id: `participant:${PL03}:PROGRAMME_OPERATOR:${MINISTRY_RECORD}`,
        programmeId: PL03,
        organisationRecordId: MINISTRY_RECORD,
        role: 'PROGRAMME_OPERATOR',
        placeCode: 'PL127',
        sourceIds: [`${PARTNERS}#4`],
      },
      {
        id: `participant:${PL03}:PROJECT_PARTNER:${ZMP_RECORD}`,
        programmeId: PL03,
        organisationRecordId: ZMP_RECORD,
        role: 'PROJECT_PARTNER',
        projectCount: 2,
        placeCode: 'PL415',
        sourceIds: [`${PARTNERS}#6`],
      },
    ],
    grants: [
      {
        id: 'grant:eea-grants:PL03-0009',
        programmeId: PL03,
        projectId: 'project:eea-grants:PL03-0009',
        organisationRecordId: ZMP_RECORD,
        amount: '120000',
        currency: 'EUR',
        sourceIds: [`${SRC}#PL03-0009`],
      },
    ],
  };
}

/** What identity resolution would hand over: the file's two organisation records, and one it does not name. */
const LINKS = [
  { recordId: ZMP_RECORD, organisationId: 'org:PL:zwiazek-miast-polskich' },
  { recordId: MINISTRY_RECORD, organisationId: 'org:PL:ministerstwo-srodowiska' },
  { recordId: 'eea-grants/organisation:999999', organisationId: 'org:PL:nobody' },
];

const updatedAt = async (table: string) =>
  new Map((await sql<{ id: string; at: string }>(`select id, updated_at::text as at from "funding"."${table}"`)).map((r) => [r.id, r.at]));

// Each test that writes starts from the seeds alone and loads what it needs itself.
describe('funding data module', () => {
  beforeEach(() => resetTestSubgraph(sg, funding));

  it('creates every row on the first load, then reports nothing created or updated and leaves updated_at alone on the second', async () => {
    const first = await data.write(sql, rows());
    expect(first['funding.source']).toMatchObject({ created: 2 });
    expect(first['funding.fund']).toMatchObject({ created: 1, updated: 0 });
    expect(first['funding.programme']).toMatchObject({ created: 1, updated: 1 });
    expect(first['funding.allocation']).toMatchObject({ created: 3 });
    expect(first['funding.programme_participant']).toMatchObject({ created: 2 });
    expect(first['funding.grant']).toMatchObject({ created: 1 });

    const before = await updatedAt('allocation');
    const programmesBefore = await updatedAt('programme');
    const second = await data.write(sql, rows());
    for (const [table, result] of Object.entries(second)) {
      expect({ table, ...result }).toMatchObject({ table, created: 0, updated: 0 });
    }
    expect(await updatedAt('allocation')).toEqual(before);
    expect(await updatedAt('programme')).toEqual(programmesBefore);
  });

  it('updates a changed amount in place, keeping its ID and moving only that row’s updated_at', async () => {
    await data.write(sql, rows());
    const before = await updatedAt('allocation');
    const result = await data.write(sql, rows('700000.10'));
    expect(result['funding.allocation']).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const after = await updatedAt('allocation');
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const moved = [...after].filter(([id, t]) => before.get(id) !== t).map(([id]) => id);
    expect(moved).toEqual([`allocation:${PL03}:${FUND}:place:nuts:PL127`]);
    // numeric keeps the source's decimal exactly (the driver gives it as a string).
    const [row] = await sql<{ amount: string }>(`select amount from "funding"."allocation" where id = $1`, [moved[0]]);
    expect(row?.amount).toBe('700000.10');
  });

  it('links participants and grants to the canonical organisation once, and changes nothing when relinked', async () => {
    await data.write(sql, rows());
    const links = LINKS;
    expect(await data.relinkOrganisations(sql, links)).toBe(3);
    expect(await data.relinkOrganisations(sql, links)).toBe(0);
    // A later load of the same file keeps the links identity resolution made.
    await data.write(sql, rows('700000.10'));
    const participants = await sql<{ organisation_id: string }>(
      `select organisation_id from "funding"."programme_participant" order by id`,
    );
    expect(participants.map((p) => p.organisation_id)).toEqual(['org:PL:ministerstwo-srodowiska', 'org:PL:zwiazek-miast-polskich']);
    // A merge undone elsewhere moves the record to another organisation.
    expect(await data.relinkOrganisations(sql, [{ recordId: ZMP_RECORD, organisationId: 'org:PL:zmp-other' }])).toBe(2);
    expect(await data.relinkOrganisations(sql, [{ recordId: ZMP_RECORD, organisationId: 'org:PL:zwiazek-miast-polskich' }])).toBe(2);
  });

  it('keeps the citations and values a file added when the seeds are loaded again, and the seeds’ own name and sources', async () => {
    await data.write(sql, rows());
    const again = await funding.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
    const res = await sg.query<{ programme: { name: string; sector: string | null; sources: Array<{ id: string }> } }>(
      `{ programme(id: "${ROZWOJ}") { name sector sources { id } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.programme.name).toBe('Local Development');
    expect(res.data?.programme.sector).toBe('Local Development');
    expect(res.data?.programme.sources.map((s) => s.id).sort()).toEqual(
      [`${SRC}#PL-LD`, 'src:zmp-empirie-2022', 'src:zmp-miasto-przedsiebiorcze-tarnow-2023'].sort(),
    );
    // ...and the file loaded again after the seeds changes nothing either.
    const counts = await data.write(sql, rows());
    for (const result of Object.values(counts)) expect(result).toMatchObject({ created: 0, updated: 0 });
  });
});

// Reading tests share one load: the file, then its organisation records linked. None of them writes.
describe('funding served from a loaded file', () => {
  beforeAll(async () => {
    await resetTestSubgraph(sg, funding);
    await data.write(sql, rows());
    await data.relinkOrganisations(sql, LINKS);
  });

  it('serves a programme found by its EEA Grants code with sector, area, allocations, total and participants', async () => {
    const res = await sg.query<{
      programmeByIdentifier: {
        id: string;
        sector: string;
        area: string;
        identifiers: Array<{ scheme: string; value: string }>;
        totalAllocation: number;
        total: { amount: string; currency: string } | null;
        funds: Array<{ id: string }>;
        country: { id: string };
        allocations: Array<{
          placeCode: string;
          place: { id: string };
          fund: { id: string };
          amount: number;
          allocated: { amount: string; currency: string };
          breakdown: string | null;
          netAmount: number | null;
          projectAmount: number | null;
          projectCount: number | null;
          currency: string;
          sources: Array<{ id: string; recordId: string | null; dataset: string | null; file: string | null }>;
        }>;
        participants: Array<{
          organisation: { id: string } | null;
          organisationRecordId: string;
          role: string;
          projectCount: number | null;
          placeCode: string | null;
        }>;
        grants: Array<{
          organisation: { id: string } | null;
          organisationRecordId: string | null;
          amount: number;
          granted: { amount: string; currency: string } | null;
        }>;
      } | null;
      none: { id: string } | null;
    }>(`{
      programmeByIdentifier(scheme: "eea-grants/programme", value: "PL03") {
        id sector area identifiers { scheme value } totalAllocation total { amount currency } funds { id } country { id }
        allocations { placeCode place { id } fund { id } amount allocated { amount currency } breakdown netAmount projectAmount projectCount currency sources { id recordId dataset file } }
        participants { organisation { id } organisationRecordId role projectCount placeCode }
        grants { organisation { id } organisationRecordId amount granted { amount currency } }
      }
      none: programmeByIdentifier(scheme: "eea-grants/programme", value: "PL99") { id }
    }`);
    expect(res.errors).toBeUndefined();
    const p = res.data?.programmeByIdentifier;
    expect(p).toMatchObject({
      id: PL03,
      sector: 'Environmental Protection and Management',
      area: 'Environmental monitoring and integrated planning and control',
      identifiers: [{ scheme: 'eea-grants/programme', value: 'PL03' }],
      funds: [{ id: FUND }],
      country: { id: 'place:country:PL' },
    });
    // The country-level allocation; the regional ones break it down and are not added on top.
    expect(p?.totalAllocation).toBe(4000000.5);
    expect(p?.total).toEqual({ amount: '4000000.5', currency: 'EUR' });
    expect(p?.allocations.map((a) => a.placeCode)).toEqual(['PL', 'PL113', 'PL127']);
    expect(p?.allocations[0]).toMatchObject({
      place: { id: 'place:country:PL' },
      fund: { id: FUND },
      amount: 4000000.5,
      netAmount: 3700000,
      projectAmount: 3500000.25,
      projectCount: 26,
      currency: 'EUR',
    });
    expect(typeof p?.allocations[2]?.amount).toBe('number');
    expect(p?.allocations[2]?.amount).toBe(682235.03);
    expect(p?.allocations[2]).toMatchObject({
      allocated: { amount: '682235.03', currency: 'EUR' },
      breakdown: 'GRANTS',
      place: { id: 'place:nuts:PL911' },
    });
    expect(p?.allocations[0]?.breakdown).toBeNull();
    expect(p?.allocations[0]?.sources).toEqual([{ id: `${SRC}#PL03`, recordId: 'PL03', dataset: 'eea-grants', file: 'overview.json' }]);
    expect(p?.participants).toEqual([
      {
        organisation: { id: 'org:PL:ministerstwo-srodowiska' },
        organisationRecordId: MINISTRY_RECORD,
        role: 'PROGRAMME_OPERATOR',
        projectCount: null,
        placeCode: 'PL127',
      },
      {
        organisation: { id: 'org:PL:zwiazek-miast-polskich' },
        organisationRecordId: ZMP_RECORD,
        role: 'PROJECT_PARTNER',
        projectCount: 2,
        placeCode: 'PL415',
      },
    ]);
    expect(p?.grants).toEqual([
      {
        organisation: { id: 'org:PL:zwiazek-miast-polskich' },
        organisationRecordId: ZMP_RECORD,
        amount: 120000,
        granted: { amount: '120000', currency: 'EUR' },
      },
    ]);
    expect(res.data?.none).toBeNull();
  });

  it('filters programmes by fund and by beneficiary country, with or without a name', async () => {
    const res = await sg.query<{
      byFund: Array<{ id: string }>;
      byCountry: Array<{ id: string }>;
      named: Array<{ id: string }>;
      none: Array<{ id: string }>;
    }>(`{
      byFund: programmes(fund: "${FUND}") { id }
      byCountry: programmes(country: "place:country:PL") { id }
      named: programmes(name: "environmental monitoring", country: "place:country:PL") { id }
      none: programmes(name: "environmental monitoring", fund: "fund:erdf") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.byFund).toEqual([{ id: PL03 }]);
    expect(res.data?.byCountry.map((p) => p.id).sort()).toEqual([PL03, ROZWOJ, 'programme:pl-rpo-wl-2020-2027'].sort());
    expect(res.data?.named).toEqual([{ id: PL03 }]);
    expect(res.data?.none).toEqual([]);
  });

  it('lists the programme roles of N organisations in one SELECT on programme_participant', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; programmeRoles: Array<{ role: string; programme: { id: string } }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { id programmeRoles { role programme { id } } } } }`,
      {
        r: [
          { __typename: 'Organisation', id: 'org:PL:zwiazek-miast-polskich' },
          { __typename: 'Organisation', id: 'org:municipality:PL:1263011' },
          { __typename: 'Organisation', id: 'org:PL:ministerstwo-srodowiska' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((o) => o.programmeRoles)).toEqual([
      [{ role: 'PROJECT_PARTNER', programme: { id: PL03 } }],
      [],
      [{ role: 'PROGRAMME_OPERATOR', programme: { id: PL03 } }],
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"programme_participant"'))).toHaveLength(1);
    expect(queryLog.statements.filter((s) => s.includes('"programme"'))).toHaveLength(1);
  });

  it('shows the money allocated to a country and to a region, for N places in one SELECT on allocation', async () => {
    queryLog.reset();
    const res = await sg.query<{
      _entities: Array<{ allocations: Array<{ amount: number; programme: { code: string }; fund: { acronym: string } }> }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { allocations { amount programme { code } fund { acronym } } } } }`,
      {
        r: [
          { __typename: 'Place', id: 'place:country:PL' },
          { __typename: 'Place', id: 'place:nuts:PL911' },
          { __typename: 'Place', id: 'place:lau:PL:1263011' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((p) => p.allocations)).toEqual([
      [{ amount: 4000000.5, programme: { code: 'PL03' }, fund: { acronym: 'EEA' } }],
      [{ amount: 682235.03, programme: { code: 'PL03' }, fund: { acronym: 'EEA' } }],
      [],
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"allocation"'))).toHaveLength(1);
  });
});
