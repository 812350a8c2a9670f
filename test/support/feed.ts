import { expect } from 'vitest';
import type { TestHub } from './hub.js';

// What a dashboard that keeps its own copy of the graph does with the change feed (issue 9 §4), for the feed's
// tests: read `changes` with the SyncChanges operation (through the gateway, over real HTTP) from its
// cursor and apply each change; and, to compare with, a full reload through the root connections. The copy
// is a plain map of "Type:id" -> fields of the projects, partnerships and organisations.

// biome-ignore lint/suspicious/noExplicitAny: answers are compared as data
export type Obj = Record<string, any>;

const PROJECT = 'id acronym title status';
const PARTNERSHIP = 'id role project { id } organisation { id }';
const ORGANISATION = 'id name organisationKind: kind countryCode derived';
const TRACKED = ['Project', 'Partnership', 'Organisation'];

/** The dashboard's copy, and the cursor it resumes from. */
export interface Mirror {
  entities: Map<string, Obj>;
  cursor: string | null;
}

export const emptyMirror = (): Mirror => ({ entities: new Map(), cursor: null });

/** Reads the feed from the mirror's cursor to its end with SyncChanges and applies each change in order. */
export async function sync(hub: TestHub, mirror: Mirror): Promise<Obj[]> {
  const seen: Obj[] = [];
  for (let pages = 0; pages < 1000; pages++) {
    const res = await hub.operation<{ changes: Obj }>('SyncChanges', { since: mirror.cursor, first: 500 });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = (res.data as Obj).changes as Obj;
    for (const { node } of edges as Obj[]) {
      seen.push(node);
      if (!TRACKED.includes(node.entityType)) continue;
      const key = `${node.entityType}:${node.entityId}`;
      // A tombstone, or an entity a later change deleted: not in the copy.
      if (node.operation === 'DELETED' || node.entity === null) mirror.entities.delete(key);
      else {
        const { __typename, ...fields } = node.entity;
        expect(__typename).toBe(node.entityType);
        mirror.entities.set(key, fields);
      }
    }
    mirror.cursor = pageInfo.endCursor;
    if (!pageInfo.hasNextPage) return seen;
  }
  throw new Error('the feed did not end');
}

/** The same entities as a dashboard would load them from scratch: every page of the root connections. */
export async function fullReload(hub: TestHub): Promise<Map<string, Obj>> {
  const out = new Map<string, Obj>();
  for (const [field, type, selection] of [
    ['projectsConnection', 'Project', `${PROJECT} partnerships(limit: 200) { ${PARTNERSHIP} }`],
    ['organisationsConnection', 'Organisation', ORGANISATION],
  ] as const) {
    let after: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await hub.query<Obj>(
        `query Reload($after: String) { ${field}(first: 200, after: $after) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data?.[field] as Obj;
      for (const { node } of page.edges as Obj[]) {
        const { partnerships, ...fields } = node;
        out.set(`${type}:${node.id}`, fields);
        for (const p of (partnerships ?? []) as Obj[]) out.set(`Partnership:${p.id}`, p);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
  }
  return out;
}

export const sorted = (m: Map<string, Obj>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b)));

/** Syncs the mirror and checks it holds what a full reload gives; the changes it read. */
export async function syncAndCompare(hub: TestHub, mirror: Mirror, when: string): Promise<Obj[]> {
  const changes = await sync(hub, mirror);
  expect(sorted(mirror.entities), when).toEqual(sorted(await fullReload(hub)));
  return changes;
}
