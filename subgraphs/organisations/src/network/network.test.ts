import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(organisations);
});
afterAll(async () => sg?.stop());

describe('Network', () => {
  it('lists the eight EMPIRIE networks in the order the family gives them, coordinated by the Association of Polish Cities', async () => {
    const res = await sg.query<{
      network: {
        coordinator: { acronym: string };
        launchedOn: string;
        launchedPrecision: string;
        networks: Array<{ position: number; name: string }>;
      };
    }>('{ network(name: "empirie") { coordinator { acronym } launchedOn launchedPrecision networks { position name } } }');
    expect(res.data?.network.coordinator.acronym).toBe('ZMP');
    expect(res.data?.network.launchedPrecision).toBe('SEASON');
    expect(res.data?.network.networks.map((n) => n.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(res.data?.network.networks[4]?.name).toBe('MIASTO PRZEDSIĘBIORCZE');
    expect(res.data?.network.networks[7]?.name).toBe('LEADERSHIP = PRZYWÓDZTWO, WIZJA i ODPOWIEDZIALNOŚĆ');
  });

  it('finds MIASTO PRZEDSIĘBIORCZE by a name typed in lower case without diacritics, with its people and members', async () => {
    const res = await sg.query<{
      network: { id: string; people: Array<{ name: string; role: string }>; members: Array<{ organisation: { name: string } }> };
    }>('{ network(name: "miasto przedsiebiorcze") { id people { name role } members { organisation { name } } } }');
    expect(res.data?.network.id).toBe('network:empirie:miasto-przedsiebiorcze');
    expect(res.data?.network.people).toEqual([
      { name: 'Kamil Niklewicz', role: 'COORDINATOR' },
      { name: 'Marek Gabzdyl', role: 'COORDINATOR' },
      { name: 'Adam Mikołajczyk', role: 'EXPERT' },
      { name: 'Jarosław Górski', role: 'EXPERT' },
    ]);
    expect(res.data?.network.members.map((m) => m.organisation.name)).toContain('Gmina Miasta Tarnowa');
    expect(res.data?.network.members).toHaveLength(7);
  });

  it('returns null for an unknown network name and [] for no matches', async () => {
    const res = await sg.query('{ network(name: "no such network") { id } networks(name: "no such network") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ network: null, networks: [] });
  });

  it('resolves Network references by id, null for unknown ids, and loads their people and members with one SELECT each', async () => {
    queryLog.reset();
    const ids = ['network:empirie:miasto-przedsiebiorcze', 'network:empirie:miasto-cyfrowe', 'network:unknown', 'network:empirie'];
    const res = await sg.query<{ _entities: Array<{ id: string; people: unknown[]; members: unknown[] } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Network { id people { name } members { role } } } }',
      { r: ids.map((id) => ({ __typename: 'Network', id })) },
    );
    expect(res.data?._entities.map((e) => e?.id ?? null)).toEqual([ids[0], ids[1], null, ids[3]]);
    const count = (table: string) => queryLog.statements.filter((s) => s.includes(`"${table}"`)).length;
    expect(count('network')).toBe(1);
    expect(count('network_person')).toBe(1);
    expect(count('network_member')).toBe(1);
  });
});
