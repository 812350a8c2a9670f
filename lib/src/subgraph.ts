import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  type DirectiveNode,
  type DocumentNode,
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  parse,
  type TypeNode,
  visit,
} from 'graphql';
import { type BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';
import { SAFETY_DEFAULTS } from './config.js';
import { requestScope } from './db-limits.js';
import { readBodyWithin } from './guards.js';
import { trackRequests } from './shutdown.js';
import { listSize, page } from './paging.js';
import { nameServicePort } from './telemetry.js';

// Federation 2.9 brings the cost spec's @cost and @listSize, which the gateway's demand control reads.
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@cost", "@listSize"])';

const isListTypeNode = (type: TypeNode): boolean =>
  type.kind === Kind.NON_NULL_TYPE ? isListTypeNode(type.type) : type.kind === Kind.LIST_TYPE;

function directiveNode(sdl: string): DirectiveNode {
  const [definition] = parse(`scalar S ${sdl}`).definitions;
  const directive = definition && 'directives' in definition ? definition.directives?.[0] : undefined;
  if (!directive) throw new Error(`not a directive: ${sdl}`);
  return directive;
}

/**
 * Every list field paged by a `limit` argument gets `@listSize(slicingArguments: ["limit"], assumedSize:
 * <its default>)`, so the cost estimate always uses the page size the field really has.
 */
function withListSizes(document: DocumentNode): DocumentNode {
  return visit(document, {
    FieldDefinition(node) {
      // A connection (paged by `first`/`last`) must say its page size to the cost model itself: connectionListSize.
      const paged = node.arguments?.some((a) => a.name.value === 'first') && node.arguments?.some((a) => a.name.value === 'last');
      if (paged && !node.directives?.some((d) => d.name.value === 'listSize')) {
        throw new Error(`connection field ${node.name.value} has no @listSize: add @Directive(connectionListSize(<default page>))`);
      }
      if (!isListTypeNode(node.type) || node.directives?.some((d) => d.name.value === 'listSize')) return undefined;
      const limit = node.arguments?.find((a) => a.name.value === 'limit');
      if (limit?.defaultValue?.kind !== Kind.INT) return undefined;
      return { ...node, directives: [...(node.directives ?? []), directiveNode(listSize(Number(limit.defaultValue.value)))] };
    },
  });
}

/**
 * The page bound, enforced for every list field with a `limit` argument whatever its resolver does: `limit`
 * and `offset` out of range are refused (BAD_USER_INPUT naming the argument) before the resolver runs, and a
 * resolver's answer is never longer than `limit`.
 */
function boundLists<TContext>(schema: GraphQLSchema, resolvers: GraphQLResolverMap<TContext>): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type)) || !field.args.some((a) => a.name === 'limit')) continue;
      if (!resolvers[type.name]) resolvers[type.name] = {};
      const typeResolvers = resolvers[type.name] as Record<string, unknown>;
      const resolve = (typeResolvers[field.name] as GraphQLFieldResolver<unknown, TContext> | undefined) ?? defaultFieldResolver;
      const bounded: GraphQLFieldResolver<unknown, TContext, { limit: number; offset?: number }> = async (source, args, context, info) => {
        const { limit } = page(args.limit, args.offset ?? 0);
        const result: unknown = await resolve(source, args, context, info);
        return Array.isArray(result) && result.length > limit ? result.slice(0, limit) : result;
      };
      typeResolvers[field.name] = bounded;
    }
  }
}

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
  const typeDefs = withListSizes(parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(base)}`));
  const resolvers = createResolversMap(base) as GraphQLResolverMap<TContext>;
  boundLists(base, resolvers);
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
  /** Stops accepting and waits up to `drainMs` (default: the server's) for the requests in flight. */
  stop(drainMs?: number): Promise<void>;
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
  /** Above it a request gets 413 (MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  shutdownDrainMs?: number;
  /** Serves GET /metrics (Prometheus; see metrics.ts). */
  metrics?: { serve(res: ServerResponse): Promise<void> };
}): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? SAFETY_DEFAULTS.maxBodyBytes;
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
    const raw = req.method === 'POST' ? await readBodyWithin(req, maxBodyBytes) : '';
    if (raw === null) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(
        JSON.stringify({
          errors: [
            { message: `Request body is larger than ${maxBodyBytes} bytes (MAX_BODY_BYTES)`, extensions: { code: 'REQUEST_TOO_LARGE' } },
          ],
        }),
      );
      return;
    }
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }));
        return;
      }
    }
    // Each request is its own owner of database connections (the fair pool of db-limits.ts).
    const response = await requestScope.run({}, () =>
      server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => options.context(),
      }),
    );
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
      // No service name in the answer: it says only that it failed, with a code.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
  const requests = trackRequests(http);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`${options.name}: port ${options.port} is already in use`) : error);
    });
    http.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  nameServicePort(port, options.name);
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    async stop(drainMs = options.shutdownDrainMs ?? SAFETY_DEFAULTS.shutdownDrainMs) {
      await requests.drain(drainMs);
      await server.stop();
    },
  };
}
