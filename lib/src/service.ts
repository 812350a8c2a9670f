import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { readSubgraphConfig, redactUrl } from './config.js';
import { assertReachable } from './db.js';
import { inputErrorPlugin } from './errors.js';
import { createSubgraphTelemetry } from './metrics.js';
import { type MigrationClass, migrate, openOrm } from './orm.js';
import { seedsDir } from './paths.js';
import type { UpsertResult } from './seed.js';
import { listen, type RunningServer } from './subgraph.js';
import { flushTelemetry } from './telemetry.js';

/** What a subgraph package exports; the launcher, tests and `main.ts` all start it the same way. */
export interface SubgraphModule<TContext extends object> {
  name: string;
  defaultPort: number;
  // biome-ignore lint/suspicious/noExplicitAny: MikroORM accepts any entity class
  entities: any[];
  migrations: Array<{ name: string; class: MigrationClass }>;
  buildSchema(): Promise<GraphQLSchema>;
  createContext(orm: MikroORM): TContext;
  /** True when the subgraph holds no data yet (so `seed: 'if-empty'` loads the seeds). */
  isEmpty(orm: MikroORM): Promise<boolean>;
  /** Loads `seeds/` idempotently into this subgraph's schema. */
  seed(orm: MikroORM, dir: string): Promise<UpsertResult>;
}

export interface StartOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  seed?: 'if-empty' | 'always' | 'never';
  logQueries?: boolean;
  plugins?: ApolloServerPlugin[];
  /** Telemetry: the process's own metrics on this subgraph's /metrics, and a JSON line per request. */
  processMetrics?: boolean;
  requestLog?: boolean;
}

export interface RunningSubgraph {
  name: string;
  orm: MikroORM;
  server: RunningServer;
  seeded: UpsertResult | null;
  stop(): Promise<void>;
}

export async function openSubgraphOrm<T extends object>(
  module: SubgraphModule<T>,
  options: Pick<StartOptions, 'databaseUrl' | 'logQueries'>,
): Promise<MikroORM> {
  return openOrm({
    databaseUrl: options.databaseUrl,
    // Each subgraph owns the PostgreSQL schema named after it; its migrations create it.
    schema: module.name,
    entities: module.entities,
    migrations: module.migrations,
    logQueries: options.logQueries,
  });
}

/**
 * Brings a subgraph's schema up to date: applies its committed migrations, then loads the seeds as the
 * mode says (`if-empty`: only into an empty subgraph). The hub, each subgraph and the ingest command
 * prepare a database this one way.
 */
export async function prepareSubgraph<T extends object>(
  module: SubgraphModule<T>,
  orm: MikroORM,
  mode: 'if-empty' | 'always' | 'never' = 'if-empty',
): Promise<{ migrated: string[]; seeded: UpsertResult | null }> {
  const migrated = await migrate(orm);
  const seed = mode === 'always' || (mode === 'if-empty' && (await module.isEmpty(orm)));
  return { migrated, seeded: seed ? await module.seed(orm, seedsDir()) : null };
}

export async function startSubgraph<T extends object>(module: SubgraphModule<T>, options: StartOptions): Promise<RunningSubgraph> {
  const orm = await openSubgraphOrm(module, options);
  try {
    const { seeded } = await prepareSubgraph(module, orm, options.seed);
    const schema = await module.buildSchema();
    const telemetry = createSubgraphTelemetry({
      name: module.name,
      orm,
      processMetrics: options.processMetrics,
      requestLog: options.requestLog,
    });
    const apollo = new ApolloServer<T>({
      schema,
      introspection: true,
      includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
      // Errors we did not raise on purpose (a failed SQL statement, a bug) are logged, never shown: their
      // messages can carry SQL, table names or connection details.
      formatError: (formatted, error) => {
        const original = unwrapResolverError(error);
        if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
        console.error(`${module.name}: ${original instanceof Error ? original.message : String(original)}`);
        return { message: 'Internal error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      },
      // Inline traces (ftv1) are only sent when a router asks for them; named here so Apollo does not log that it enabled them.
      plugins: [inputErrorPlugin(), ApolloServerPluginInlineTrace(), telemetry.plugin, ...(options.plugins ?? [])],
    });
    const server = await listen({
      server: apollo,
      name: module.name,
      port: options.port,
      host: options.host,
      context: () => module.createContext(orm),
      ready: () => orm.isConnected(),
      metrics: telemetry,
    });
    return {
      name: module.name,
      orm,
      server,
      seeded,
      async stop() {
        await server.stop();
        await orm.close(true);
        await flushTelemetry();
      },
    };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/** Formats any start-up failure as one line: what failed, never a password. */
export function startupFailure(what: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${what} failed to start: ${message.replace(/postgres(ql)?:\/\/[^\s]+/g, (url) => redactUrl(url)).split('\n')[0]}`;
}

/** Entry point of `node subgraphs/<name>/dist/main.js`: config from env, one clear line on failure. */
export async function runSubgraphMain<T extends object>(module: SubgraphModule<T>): Promise<void> {
  try {
    const config = readSubgraphConfig(module.name, module.defaultPort);
    await assertReachable(config.databaseUrl);
    const running = await startSubgraph(module, {
      databaseUrl: config.databaseUrl,
      port: config.port,
      host: config.host,
      seed: config.seed,
      logQueries: config.logQueries,
      processMetrics: true,
      requestLog: config.telemetry.jsonLogs,
    });
    console.log(`${module.name} subgraph ready at http://localhost:${running.server.port}/graphql`);
    const shutdown = () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    console.error(startupFailure(`${module.name} subgraph`, error));
    process.exit(1);
  }
}
