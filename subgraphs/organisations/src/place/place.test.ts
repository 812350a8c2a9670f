import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(organisations);
});
afterAll(async () => sg?.stop());

describe('Place', () => {
  it('finds a city by a name typed without diacritics or capitals', async () => {
    const res = await sg.query<{ place: { id: string; name: string } }>('{ place(name: "tarnow") { id name } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.place).toEqual({ id: 'place:lau:PL:1263011', name: 'Tarnów' });
  });

  it('filters a name search by kind and country', async () => {
    const all = await sg.query<{ places: Array<{ id: string }> }>('{ places(name: "tarnow") { id } }');
    expect(all.data?.places.map((p) => p.id)).toEqual(['place:lau:PL:1263011', 'place:nuts:PL217']);
    const nuts3 = await sg.query<{ places: Array<{ id: string }> }>('{ places(name: "tarnow", kind: NUTS3) { id } }');
    expect(nuts3.data?.places.map((p) => p.id)).toEqual(['place:nuts:PL217']);
    const ro = await sg.query<{ places: Array<{ id: string }> }>('{ places(name: "tarnow", countryCode: "ro") { id } }');
    expect(ro.data?.places).toEqual([]);
  });

  it('returns null for an unknown name instead of an error', async () => {
    const res = await sg.query('{ place(name: "Atlantis-upon-Nowhere") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ place: null });
  });

  it('resolves Place references by id, null for unknown ids, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; name: string } | null> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Place { id name } } }`,
      {
        r: [
          { __typename: 'Place', id: 'place:lau:PL:1263011' },
          { __typename: 'Place', id: 'place:country:PL' },
          { __typename: 'Place', id: 'place:none' },
        ],
      },
    );
    expect(res.data?._entities).toEqual([{ id: 'place:lau:PL:1263011', name: 'Tarnów' }, { id: 'place:country:PL', name: 'Polska' }, null]);
    expect(queryLog.statements.filter((s) => s.includes('"place"'))).toHaveLength(1);
  });
});
