import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(organisations);
});
afterAll(async () => sg?.stop());

describe('Organisation', () => {
  it('finds the Association of Polish Cities by its Polish name typed without diacritics, and by its English name', async () => {
    for (const name of ['zwiazek miast polskich', 'Association of Polish Cities']) {
      const res = await sg.query<{ organisation: { id: string; acronym: string } }>(
        'query($n: String!) { organisation(name: $n) { id acronym } }',
        { n: name },
      );
      expect(res.data?.organisation).toEqual({ id: 'org:PL:zwiazek-miast-polskich', acronym: 'ZMP' });
    }
  });

  it('filters organisations by kind and country', async () => {
    const res = await sg.query<{ pl: Array<{ id: string }>; ro: Array<{ id: string }> }>(`{
      pl: organisations(name: "miasto", kind: MUNICIPALITY, countryCode: "PL") { id }
      ro: organisations(name: "timisoara", kind: MUNICIPALITY, countryCode: "RO") { id }
    }`);
    expect(res.data?.pl.length).toBeGreaterThanOrEqual(5);
    expect(res.data?.pl.every((o) => o.id.startsWith('org:municipality:PL:'))).toBe(true);
    expect(res.data?.ro.map((o) => o.id)).toEqual(['org:municipality:RO:155243']);
  });

  it('gives a city government its place, country, TERYT identifier and network membership', async () => {
    const res = await sg.query<{ organisation: Record<string, unknown> }>(`{
      organisation(id: "org:municipality:PL:1263011") {
        name place { name lauCode } country { nameEn }
        identifiers { scheme value }
        networks { role network { name family { name } } }
        sources { id publishedOn language }
      }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data?.organisation).toMatchObject({
      name: 'Gmina Miasta Tarnowa',
      place: { name: 'Tarnów', lauCode: '1263011' },
      country: { nameEn: 'Poland' },
      identifiers: [{ scheme: 'teryt', value: '1263011' }],
      networks: [{ role: 'MEMBER', network: { name: 'MIASTO PRZEDSIĘBIORCZE', family: { name: 'EMPIRIE – Sieci Wymiany Doświadczeń' } } }],
      sources: [{ id: 'src:zmp-miasto-przedsiebiorcze-tarnow-2023', publishedOn: '2023-06-12', language: 'pl' }],
    });
  });

  it('links the Tarnów incubator to the cluster that runs it, both ways', async () => {
    const res = await sg.query<{ organisation: { parent: { name: string } }; cluster: { children: Array<{ name: string }> } }>(`{
      organisation(id: "org:PL:inkubator-przedsiebiorczosci-tarnow") { parent { name } }
      cluster: organisation(id: "org:PL:tarnowski-klaster-przemyslowy") { children { name } }
    }`);
    expect(res.data?.organisation.parent.name).toBe('Tarnowski Klaster Przemysłowy');
    expect(res.data?.cluster.children.map((c) => c.name)).toEqual(['Inkubator Przedsiębiorczości w Tarnowie']);
  });

  it('resolves Organisation references by id, null for unknown ids, in one SELECT', async () => {
    queryLog.reset();
    const ids = ['org:municipality:RO:155243', 'org:PL:glassteam', 'org:none', 'org:PL:elplc'];
    const res = await sg.query<{ _entities: Array<{ id: string } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { id } } }',
      { r: ids.map((id) => ({ __typename: 'Organisation', id })) },
    );
    expect(res.data?._entities).toEqual([{ id: 'org:municipality:RO:155243' }, { id: 'org:PL:glassteam' }, null, { id: 'org:PL:elplc' }]);
    expect(queryLog.statements.filter((s) => s.includes('"organisation"'))).toHaveLength(1);
  });

  it('loads identifiers, places and memberships of many organisations with one SELECT each', async () => {
    const ids = [
      'org:municipality:PL:1263011',
      'org:municipality:PL:0604011',
      'org:municipality:PL:2478011',
      'org:municipality:PL:1805011',
    ];
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ identifiers: unknown[]; place: { name: string }; networks: unknown[] }> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { identifiers { value } place { name } networks { role } } } }',
      { r: ids.map((id) => ({ __typename: 'Organisation', id })) },
    );
    expect(res.data?._entities.map((e) => e.place.name)).toEqual(['Tarnów', 'Hrubieszów', 'Zabrze', 'Jasło']);
    expect(res.data?._entities.every((e) => e.identifiers.length === 1 && e.networks.length === 1)).toBe(true);
    const count = (table: string) => queryLog.statements.filter((s) => s.includes(`"${table}"`)).length;
    expect(count('organisation_identifier')).toBe(1);
    expect(count('place')).toBe(1);
    expect(count('network_member')).toBe(1);
  });
});
