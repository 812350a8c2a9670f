import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation, startTestHub, type TestHub } from './support/hub.js';

// Partial answers through the gateway over real HTTP: with one subgraph stopped, CityProfile still answers
// everything the other four hold, exactly as with all five up, and each field the stopped one owes comes
// back null with an error at its path.

// biome-ignore lint/suspicious/noExplicitAny: response shapes are checked field by field
type Obj = Record<string, any>;

/** Timișoara has every kind of fact the operation asks for: events, a project with funding, outcomes. */
const CITY = { name: 'timisoara' };

type Path = Array<string | number>;

/** The answer without the fields at `paths` (each a path of object keys and list indices from the root). */
function without(data: Obj, paths: Path[]): Obj {
  const copy = structuredClone(data);
  for (const path of paths) {
    const parent = path.slice(0, -1).reduce((node: Obj, key) => node[key], copy);
    delete parent[path[path.length - 1] as string | number];
  }
  return copy;
}

const at = (data: Obj, path: Path) => path.reduce((node: Obj | undefined, key) => node?.[key], data);

async function postStatus(url: string, query: string): Promise<{ status: number; body: Obj }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Obj };
}

describe.each([
  {
    down: 'events',
    missing: [
      ['place', 'events'],
      ['place', 'government', 'events'],
    ],
    // The events of each of the government's projects.
    nested: (complete: Obj): Path[] =>
      (complete.place.government.partnerships as Obj[]).map((_, i) => ['place', 'government', 'partnerships', i, 'project', 'events']),
    rootQuery: '{ events { id } }',
    root: 'events',
  },
  {
    down: 'outcomes',
    missing: [
      ['place', 'outcomes'],
      ['place', 'government', 'outcomes'],
    ],
    // The outcomes of each event of each of the government's projects.
    nested: (complete: Obj): Path[] =>
      (complete.place.government.partnerships as Obj[]).flatMap((p, i) =>
        (p.project.events as Obj[]).map((_, j) => ['place', 'government', 'partnerships', i, 'project', 'events', j, 'outcomes']),
      ),
    rootQuery: '{ outcomes { id } }',
    root: 'outcomes',
  },
])('with the $down subgraph down', ({ down, missing: direct, nested, rootQuery, root }) => {
  let hub: TestHub;
  let complete: Obj;
  let missing: Path[];

  beforeAll(async () => {
    hub = await startTestHub(`partial-${down}`);
    const before = await hub.operation<Obj>('CityProfile', CITY);
    expect(before.errors).toBeUndefined();
    complete = before.data as Obj;
    missing = [...direct, ...nested(complete)];
    expect(missing.length).toBeGreaterThan(direct.length);
    // The missing fields have something to lose, so their null below is the failure, not the data (the
    // outcomes of a project's events: at least one of them has some).
    for (const path of direct) expect(at(complete, path)?.length).toBeGreaterThan(0);
    expect(nested(complete).some((path) => at(complete, path)?.length > 0)).toBe(true);
    const subgraph = hub.hub.subgraphs.find((s) => s.name === down);
    if (!subgraph) throw new Error(`no ${down} subgraph in the hub`);
    await subgraph.stop();
  });
  afterAll(async () => hub?.stop());

  it('CityProfile still returns the place, its government, projects, funding and outcomes or events', async () => {
    const res = await hub.operation<Obj>('CityProfile', CITY);
    const data = res.data as Obj;
    expect(data.place).toMatchObject({ id: 'place:lau:RO:155243', government: { id: 'org:municipality:RO:155243' } });
    const project = data.place.government.partnerships[0].project;
    expect(project.code).toBe('PGI06047');
    expect(project.partnerships.length).toBeGreaterThan(1);
    expect(project.funding[0].programme.name).toBeTruthy();
    // Everything the other subgraphs hold is there, exactly as when all five answer.
    expect(without(data, missing)).toEqual(without(complete, missing));
    for (const path of missing) expect(at(data, path)).toBeNull();
  });

  it('says what is missing: one error at the path of each field the stopped subgraph owes, and nothing else', async () => {
    const res = await hub.operation<Obj>('CityProfile', CITY);
    const paths = (res.errors ?? []).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(missing));
    expect(paths).toHaveLength(missing.length);
    for (const error of res.errors ?? []) expect(error.extensions?.code).toBeTypeOf('string');
  });

  it(`answers the root ${root} field with HTTP 200, null and an error at its path`, async () => {
    const { status, body } = await postStatus(hub.url, rootQuery);
    expect(status).toBe(200);
    // The root list is non-null ([Event!]!), so its null takes the whole data with it, as the spec says.
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e: Obj) => e.path)).toEqual([[root]]);
    expect(body.errors.map((e: Obj) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|serviceName|events subgraph|outcomes subgraph/);
  });

  it('still answers an operation that needs only the subgraphs that are up', async () => {
    const res = await hub.query<Obj>(readOperation('ProjectByIdentifier'), { scheme: 'code', value: 'PGI06047' }, 'ProjectByIdentifier');
    expect(res.errors).toBeUndefined();
    expect(res.data?.projectByIdentifier.acronym).toBe('ECoC-SME');
  });
});
