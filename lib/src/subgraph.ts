import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { type BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';
import { nameServicePort } from './telemetry.js';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

// biome-ignore lint/suspicious/noExplicitAny: reference resolvers receive loosely typed representations
type ReferenceResolver<TContext> = (reference: any, context: TContext) => unknown;

/**
 * type-graphql classes -> printed SDL with directives -> @apollo/subgraph schema. Reference resolvers
 * for the entities this subgraph owns are attached as `__resolveReference`.
 */
export async function buildFederatedSchema<TContext>(options: {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  scalarsMap?: BuildSchemaOptions['scalarsMap'];
  referenceResolvers?: Record<string, ReferenceResolver<TContext>>;
}): Promise<GraphQLSchema> {
  const base = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: options.scalarsMap,
    skipCheck: true,
    validate: false,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(base)}`);
  const resolvers = createResolversMap(base) as GraphQLResolverMap<TContext>;
  for (const [typeName, resolve] of Object.entries(options.referenceResolvers ?? {})) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = {
      ...existing,
      __resolveReference: (reference: unknown, context: TContext) => resolve(reference, context),
    } as GraphQLResolverMap<TContext>[string];
  }
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves an Apollo Server on a plain Node HTTP server: POST/GET /graphql, plus /health (process up)
 * and /ready (dependencies answer) for orchestrators. Port 0 picks a free port (tests).
 */
export async function listen<TContext extends object>(options: {
  server: ApolloServer<TContext>;
  context: () => Promise<TContext> | TContext;
  port: number;
  host?: string;
  ready?: () => Promise<boolean>;
  name: string;
  /** Serves GET /metrics (Prometheus; see metrics.ts). */
  metrics?: { serve(res: ServerResponse): Promise<void> };
}): Promise<RunningServer> {
  const { server } = options;
  await server.start();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', service: options.name }));
      return;
    }
    if (url.pathname === '/ready') {
      const ok = options.ready ? await options.ready().catch(() => false) : true;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: ok }));
      return;
    }
    if (url.pathname === '/metrics' && options.metrics) {
      await options.metrics.serve(res);
      return;
    }
    if (url.pathname !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the GraphQL endpoint is /graphql');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(
          JSON.stringify({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }),
        );
        return;
      }
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => options.context(),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Logged for operators; the client only learns that it failed.
      console.error(`${options.name}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error in ${options.name}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`${options.name}: port ${options.port} is already in use`) : error);
    });
    http.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  nameServicePort(port, options.name);
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await server.stop();
    },
  };
}
