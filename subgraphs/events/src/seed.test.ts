import type { EntityManager } from '@mikro-orm/postgresql';
import { emSql, seedsDir } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from './subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(events);
});
afterAll(async () => sg?.stop());

const TARNOW = 'event:2023-06-01:miasto-przedsiebiorcze-tarnow';

describe('events seeds', () => {
  it('keeps a citation another load added to an event when the seeds are loaded again', async () => {
    const sql = emSql(sg.orm.em.fork() as EntityManager);
    const cited = 'src:some-dataset#record-1';
    await sql(`update "events"."event" set source_ids = array_append(source_ids, $1) where id = $2`, [cited, TARNOW]);
    const again = await events.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0 });
    const [row] = await sql<{ source_ids: string[] }>(`select source_ids from "events"."event" where id = $1`, [TARNOW]);
    expect(row?.source_ids).toEqual([cited, 'src:zmp-miasto-przedsiebiorcze-tarnow-2023']);
  });
});
