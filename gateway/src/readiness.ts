import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Kind, parse } from 'graphql';

/**
 * GET /ready: whether every subgraph answers a `{ __typename }` query, as JSON per subgraph; 200 when all
 * do, 503 when any does not. The names of the subgraphs are shown, never their addresses. Probes of
 * concurrent checks are shared and reused for a second, so polling /ready cannot multiply subgraph load.
 */

export interface SubgraphReadiness {
  ready: boolean;
  /** Milliseconds to the answer, or the reason there was none. */
  ms?: number;
  problem?: string;
}

/** Subgraph name → URL, from the supergraph's `join__Graph` values, overridden per deployment. */
export function subgraphLocations(supergraphSdl: string, overrides: Record<string, string | undefined> = {}): Map<string, string> {
  const locations = new Map<string, string>();
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const args = Object.fromEntries(
        (graph?.arguments ?? []).map((a) => [a.name.value, a.value.kind === Kind.STRING ? a.value.value : '']),
      );
      if (args.name) locations.set(args.name, overrides[args.name] ?? args.url ?? '');
    }
  }
  return locations;
}

async function probe(url: string, timeoutMs: number): Promise<SubgraphReadiness> {
  const began = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => null)) as { data?: { __typename?: string } } | null;
    if (!response.ok || typeof body?.data?.__typename !== 'string')
      return { ready: false, problem: `answered HTTP ${response.status} without data` };
    return { ready: true, ms: Math.round(performance.now() - began) };
  } catch (error) {
    const name = (error as Error)?.name;
    return { ready: false, problem: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'not reachable' };
  }
}

export function useSubgraphReadiness(options: { endpoint: string; locations: Map<string, string>; timeoutMs: number }): GatewayPlugin {
  let last: { at: number; result: Promise<Record<string, SubgraphReadiness>> } | undefined;
  const check = () => {
    const now = Date.now();
    if (!last || now - last.at > 1000) {
      const result = Promise.all(
        [...options.locations].map(async ([name, url]) => [name, await probe(url, options.timeoutMs)] as const),
      ).then((entries) => Object.fromEntries(entries));
      last = { at: now, result };
    }
    return last.result;
  };
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== options.endpoint || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      return check().then((subgraphs) => {
        const ready = Object.values(subgraphs).every((s) => s.ready);
        endResponse(
          new fetchAPI.Response(JSON.stringify({ ready, subgraphs }), {
            status: ready ? 200 : 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}
