import type { EntityManager } from '@mikro-orm/postgresql';
import { emSql, queryLog, seedsDir, type Sql } from '@regiograph/lib';
import { resetTestSubgraph, startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outcomes } from '../subgraph.js';
import { data } from './index.js';
import type { OutcomesRows } from './rows.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
let sql: Sql;
beforeAll(async () => {
  sg = await startTestSubgraph(outcomes);
  sql = emSql(sg.orm.em.fork() as EntityManager);
});
afterAll(async () => sg?.stop());

const SRC = 'src:eea-grants:2009-2014:projects.json';
const PL03 = 'programme:eea-grants:2009-2014:PL03';
const PL02 = 'programme:eea-grants:2009-2014:PL02';
const RESULT = `outcome:eea-grants:2009-2014:PL03:improved-environmental-monitoring`;
const SEED_LINK = {
  outcomeId: 'outcome:scale-up:rpo-wl-input',
  relation: 'ADDRESSED_TO',
  targetType: 'Programme',
  targetId: 'programme:pl-rpo-wl-2020-2027',
};

function rows(achievement = 12): OutcomesRows {
  return {
    sources: [
      {
        id: SRC,
        kind: 'DATASET',
        title: 'EEA Grants 2009-2014 projects',
        dataset: 'eea-grants',
        file: 'projects.json',
        retrievedOn: '2021-09-24',
      },
    ],
    outcomes: [
      {
        id: RESULT,
        kind: 'RESULT',
        name: 'Improved environmental monitoring',
        language: 'en',
        // Given out of order: stored and served in the source's order.
        indicators: [
          { name: 'Number of inspections carried out', achievement: 340.5, order: 2 },
          { name: 'Number of monitoring stations upgraded', achievement, order: 1 },
          { name: 'Share of reports published online', achievement: null, order: 3 },
        ],
        sourceIds: [`${SRC}#PL03`],
      },
    ],
    links: [
      { outcomeId: RESULT, relation: 'PRODUCED_BY', targetType: 'Programme', targetId: PL03, sourceIds: [`${SRC}#PL03`] },
      // A tie the seeds already hold, cited again by the file.
      { ...SEED_LINK, sourceIds: [`${SRC}#RPO-WL`] },
    ],
  };
}

const updatedAt = async (table: string) =>
  (await sql<{ at: string }>(`select updated_at::text as at from "outcomes"."${table}" order by 1`)).map((r) => r.at);

// Each test that writes starts from the seeds alone and loads what it needs itself.
describe('outcomes data module', () => {
  beforeEach(() => resetTestSubgraph(sg, outcomes));

  it('writes a programme result once, then reports no change and leaves updated_at alone', async () => {
    const first = await data.write(sql, rows());
    expect(first).toEqual({
      'outcomes.source': { created: 1, updated: 0, unchanged: 0 },
      'outcomes.outcome': { created: 1, updated: 0, unchanged: 0 },
      'outcomes.outcome_link': { created: 1, updated: 1, unchanged: 0 },
    });
    const outcomesBefore = await updatedAt('outcome');
    const linksBefore = await updatedAt('outcome_link');
    const second = await data.write(sql, rows());
    expect(second).toEqual({
      'outcomes.source': { created: 0, updated: 0, unchanged: 1 },
      'outcomes.outcome': { created: 0, updated: 0, unchanged: 1 },
      'outcomes.outcome_link': { created: 0, updated: 0, unchanged: 2 },
    });
    expect(await updatedAt('outcome')).toEqual(outcomesBefore);
    expect(await updatedAt('outcome_link')).toEqual(linksBefore);
  });

  it('updates a changed achievement in place', async () => {
    await data.write(sql, rows());
    const result = await data.write(sql, rows(14));
    expect(result['outcomes.outcome']).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const res = await sg.query<{ outcome: { indicators: Array<{ achievement: number | null }> } }>(
      `{ outcome(id: "${RESULT}") { indicators { achievement } } }`,
    );
    expect(res.data?.outcome.indicators[0]?.achievement).toBe(14);
  });

  it('keeps the file’s citation of a seeded tie when the seeds are loaded again, and the seeds’ own', async () => {
    await data.write(sql, rows());
    const again = await outcomes.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
    const [link] = await sql<{ source_ids: string[] }>(
      `select source_ids from "outcomes"."outcome_link" where outcome_id = $1 and relation = $2 and target_type = $3 and target_id = $4`,
      [SEED_LINK.outcomeId, SEED_LINK.relation, SEED_LINK.targetType, SEED_LINK.targetId],
    );
    expect(link?.source_ids).toEqual([`${SRC}#RPO-WL`, 'src:lubelskie-scale-up-rsg-2019']);
  });

  it('refuses a kind or relation the API could not serve, naming the record', async () => {
    await expect(data.write(sql, { outcomes: [{ id: 'outcome:x', kind: 'MEMO', name: 'x', sourceIds: [] }] })).rejects.toThrow(
      /outcome:x: kind "MEMO"/,
    );
    await expect(
      data.write(sql, { links: [{ outcomeId: RESULT, relation: 'FUNDED', targetType: 'Programme', targetId: PL03, sourceIds: [] }] }),
    ).rejects.toThrow(/relation "FUNDED"/);
  });
});

// Reading tests share one load of the file. None of them writes.
describe('outcomes served from a loaded file', () => {
  beforeAll(async () => {
    await resetTestSubgraph(sg, outcomes);
    await data.write(sql, rows());
  });

  it('serves the result with its indicators in order, its programme and its source record', async () => {
    const res = await sg.query<{
      outcome: {
        kind: string;
        status: string;
        objectives: unknown[];
        producedByProgrammes: Array<{ id: string }>;
        indicators: Array<{ name: string; achievement: number | null; order: number | null }>;
        sources: Array<{ id: string; recordId: string | null; file: string | null; retrievedOn: string | null }>;
      } | null;
    }>(`{ outcome(id: "${RESULT}") {
        kind status objectives { kind } producedByProgrammes { id } indicators { name achievement order }
        sources { id recordId file retrievedOn } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.outcome).toEqual({
      kind: 'RESULT',
      status: 'UNKNOWN',
      objectives: [],
      producedByProgrammes: [{ id: PL03 }],
      indicators: [
        { name: 'Number of monitoring stations upgraded', achievement: 12, order: 1 },
        { name: 'Number of inspections carried out', achievement: 340.5, order: 2 },
        { name: 'Share of reports published online', achievement: null, order: 3 },
      ],
      sources: [{ id: `${SRC}#PL03`, recordId: 'PL03', file: 'projects.json', retrievedOn: '2021-09-24' }],
    });
  });

  it('lists the results of N programmes under Programme.outcomes with one SELECT on outcome_link', async () => {
    queryLog.reset();
    const res = await sg.query<{
      _entities: Array<{ outcomes: Array<{ id: string; kind: string; indicators: Array<{ achievement: number | null }> }> }>;
    }>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { outcomes { id kind indicators { achievement } } } } }`, {
      r: [PL03, PL02, 'programme:pl-rpo-wl-2020-2027'].map((id) => ({ __typename: 'Programme', id })),
    });
    expect(res.errors).toBeUndefined();
    const [pl03, pl02, rpo] = res.data?._entities ?? [];
    expect(pl03?.outcomes).toEqual([
      { id: RESULT, kind: 'RESULT', indicators: [{ achievement: 12 }, { achievement: 340.5 }, { achievement: null }] },
    ]);
    expect(pl02?.outcomes).toEqual([]);
    expect(rpo?.outcomes.map((o) => o.id)).toEqual(['outcome:scale-up:rpo-wl-input']);
    expect(queryLog.statements.filter((s) => s.includes('"outcome_link"'))).toHaveLength(1);
  });
});
