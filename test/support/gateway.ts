import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGateway, type GatewayOptions, listenGateway, type RunningGateway, type SubgraphName } from '@regiograph/gateway';
import type { Hub } from '@regiograph/hub';

/** Forwards HTTP to one subgraph and counts the requests, so a test can tell whether a subgraph was called. */
export interface CountingProxy {
  url: string;
  calls: number;
  stop(): Promise<void>;
}

export async function countingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  const proxy: CountingProxy = { url: '', calls: 0, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    proxy.calls++;
    const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${to.pathname}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

/**
 * Another gateway over the subgraphs of a running hub (real HTTP), with its own settings, each subgraph
 * behind a counting proxy; `subgraphCalls()` is the number of requests all subgraphs received.
 */
export async function startGateway(
  hub: Hub,
  options: Omit<GatewayOptions, 'supergraphPath' | 'subgraphUrls'> & { subgraphUrls?: Partial<Record<SubgraphName, string>> } = {},
): Promise<{ gateway: RunningGateway; url: string; subgraphCalls(): number; stop(): Promise<void> }> {
  const proxies = await Promise.all(hub.subgraphs.map(async (s) => [s.name, await countingProxy(s.server.url)] as const));
  const gateway = await listenGateway(
    createGateway({
      ...options,
      upstream: { hmacSecret: hub.hmacSecret, ...options.upstream },
      supergraphPath: join(__dirname, '..', '..', 'schema', 'supergraph.graphql'),
      subgraphUrls: { ...Object.fromEntries(proxies.map(([name, p]) => [name, p.url])), ...options.subgraphUrls },
    }),
    0,
    '127.0.0.1',
  );
  return {
    gateway,
    url: gateway.url,
    subgraphCalls: () => proxies.reduce((n, [, p]) => n + p.calls, 0),
    async stop() {
      await gateway.stop();
      for (const [, p] of proxies) await p.stop();
    },
  };
}
