import { seedsDir } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding } from './subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(funding);
});
afterAll(async () => sg?.stop());

describe('funding seeds', () => {
  it('loads 3 funds, 3 programmes and 11 grants on first start', async () => {
    const res = await sg.query<{ funds: unknown[]; programmes: Array<{ grants: unknown[] }> }>(
      '{ funds { id } programmes { grants { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.funds).toHaveLength(3);
    expect(res.data?.programmes).toHaveLength(3);
    expect(res.data?.programmes.flatMap((p) => p.grants)).toHaveLength(11);
  });

  it('changes nothing when the same seeds are loaded a second time', async () => {
    const again = await funding.seed(sg.orm, seedsDir());
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });
});
