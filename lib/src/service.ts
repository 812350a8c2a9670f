import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { readSubgraphConfig, redactUrl, SAFETY_DEFAULTS, type SubgraphSafety } from './config.js';
import { assertReachable } from './db.js';
import { databaseFailure } from './db-limits.js';
import { inputErrorPlugin } from './errors.js';
import { subgraphGuardPlugin } from './guards.js';
import { createSubgraphTelemetry } from './metrics.js';
import { type MigrationClass, migrate, openOrm, startServing } from './orm.js';
import { exitOnTermination } from './shutdown.js';
import { seedsDir } from './paths.js';
import type { UpsertResult } from './seed.js';
import { listen, type RunningServer } from './subgraph.js';
import { flushTelemetry } from './telemetry.js';

/** `cache-control: no-store` on every answer, as Apollo's cache-control plugin gave it without hints. */
const uncacheablePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

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
  /**
   * A read replica of databaseUrl (DATABASE_READ_URL). When set, migrations and seeds run on databaseUrl and
   * every request's queries on this one: the API has no mutations, so a subgraph that serves from a replica
   * never needs the primary after start-up, and replicas take the read load off it.
   */
  databaseReadUrl?: string;
  port: number;
  host?: string;
  seed?: 'if-empty' | 'always' | 'never';
  logQueries?: boolean;
  plugins?: ApolloServerPlugin[];
  /** Limits, HMAC secret, database timeouts and pool size, shutdown drain; unset fields take SAFETY_DEFAULTS. */
  safety?: Partial<SubgraphSafety>;
  /** Telemetry: the process's own metrics on this subgraph's /metrics, and a JSON line per request. */
  processMetrics?: boolean;
  requestLog?: boolean;
}

export interface RunningSubgraph {
  name: string;
  orm: MikroORM;
  server: RunningServer;
  seeded: UpsertResult | null;
  /** Finishes the requests in flight (up to `drainMs`, default SHUTDOWN_DRAIN_MS), then closes the pool. */
  stop(drainMs?: number): Promise<void>;
}

export async function openSubgraphOrm<T extends object>(
  module: SubgraphModule<T>,
  options: Pick<StartOptions, 'databaseUrl' | 'logQueries'> & { serving?: Omit<SubgraphSafety, 'hmacSecret'> },
): Promise<MikroORM> {
  const serving = options.serving;
  return openOrm({
    databaseUrl: options.databaseUrl,
    // Each subgraph owns the PostgreSQL schema named after it; its migrations create it.
    schema: module.name,
    entities: module.entities,
    migrations: module.migrations,
    logQueries: options.logQueries,
    // A service's sessions get its statement timeout, pool size and fair pool; ingest and tools keep the server's.
    ...(serving
      ? {
          poolMax: serving.poolSize,
          statementTimeoutMs: serving.statementTimeoutMs,
          acquireTimeoutMs: serving.acquireTimeoutMs,
          fairPool: true,
        }
      : {}),
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

/** Migrations and seeds on the primary, with a pool of its own that is closed before the replica serves. */
async function prepareOnPrimary<T extends object>(module: SubgraphModule<T>, options: StartOptions): Promise<UpsertResult | null> {
  const primary = await openSubgraphOrm(module, options);
  try {
    return (await prepareSubgraph(module, primary, options.seed)).seeded;
  } finally {
    await primary.close(true);
  }
}

export async function startSubgraph<T extends object>(module: SubgraphModule<T>, options: StartOptions): Promise<RunningSubgraph> {
  const safety = { ...SAFETY_DEFAULTS, ...options.safety };
  const seeded = options.databaseReadUrl ? await prepareOnPrimary(module, options) : undefined;
  const orm = await openSubgraphOrm(module, { ...options, databaseUrl: options.databaseReadUrl ?? options.databaseUrl, serving: safety });
  try {
    const prepared = seeded === undefined ? (await prepareSubgraph(module, orm, options.seed)).seeded : seeded;
    startServing(orm);
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
      // Our signal handlers drain the HTTP server first; Apollo's own would race them (and exit 143).
      stopOnTerminationSignals: false,
      // The gateway never sends persisted-query hashes; without them there is no per-client query cache to fill.
      persistedQueries: false,
      includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
      // Errors we did not raise on purpose (a failed SQL statement, a bug) are logged, never shown: their
      // messages can carry SQL, table names or connection details.
      formatError: (formatted, error) => {
        const original = unwrapResolverError(error);
        if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
        // A statement timeout, a pool that stayed full or a lost connection is the load, not a bug: say which.
        const failure = databaseFailure(original, safety);
        if (failure) {
          return { message: failure.message, path: formatted.path, locations: formatted.locations, extensions: { code: failure.code } };
        }
        console.error(`${module.name}: ${original instanceof Error ? original.message : String(original)}`);
        return {
          message: 'Internal error',
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        };
      },
      // Inline traces (ftv1) are only sent when a router asks for them; named here so Apollo does not log that it enabled them.
      plugins: [
        subgraphGuardPlugin({ hmacSecret: safety.hmacSecret, maxRepresentations: safety.maxRepresentations }),
        inputErrorPlugin(),
        ApolloServerPluginInlineTrace(),
        // Apollo's cache-control plugin hooks every resolved field (which wraps every resolver of the schema)
        // only to compute a policy the schema never sets (no @cacheControl): every answer is `no-store`, as before.
        ApolloServerPluginCacheControlDisabled(),
        uncacheablePlugin,
        telemetry.plugin,
        ...(options.plugins ?? []),
      ],
    });
    const server = await listen({
      server: apollo,
      name: module.name,
      port: options.port,
      host: options.host,
      context: () => module.createContext(orm),
      ready: () => orm.isConnected(),
      maxBodyBytes: safety.maxBodyBytes,
      shutdownDrainMs: safety.shutdownDrainMs,
      metrics: telemetry,
    });
    return {
      name: module.name,
      orm,
      server,
      seeded: prepared,
      async stop(drainMs?: number) {
        await server.stop(drainMs);
        await orm.close(true);
        await flushTelemetry();
      },
    };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/**
 * Formats any start-up failure with its whole cause: every line of the message, then each `cause` (and each
 * error of an AggregateError) indented under it, without stack frames and never a password.
 */
export function startupFailure(what: string, error: unknown): string {
  const redact = (text: string) => text.replace(/postgres(ql)?:\/\/[^\s'"]+/g, (url) => redactUrl(url));
  const lines: string[] = [];
  const seen = new Set<unknown>();
  const describe = (err: unknown, depth: number, label: string) => {
    if (seen.has(err) || depth > 10) return;
    seen.add(err);
    const pad = '  '.repeat(depth);
    const message = err instanceof Error ? err.message || err.name : String(err);
    const text = redact(message)
      .split('\n')
      .filter((line) => !/^\s+at\s/.test(line))
      .map((line) => line.trimEnd())
      .filter((line) => line.length > 0);
    lines.push(...text.map((line, i) => (i === 0 ? `${pad}${label}${line}` : `${pad}  ${line}`)));
    if (err instanceof AggregateError) for (const inner of err.errors) describe(inner, depth + 1, '');
    if (err instanceof Error && err.cause !== undefined) describe(err.cause, depth + 1, 'caused by: ');
  };
  describe(error, 0, '');
  return `${what} failed to start: ${lines.join('\n').trimStart()}`;
}

/** Entry point of `node subgraphs/<name>/dist/main.js`: config from env, one clear line on failure. */
export async function runSubgraphMain<T extends object>(module: SubgraphModule<T>): Promise<void> {
  try {
    const config = readSubgraphConfig(module.name, module.defaultPort);
    await assertReachable(config.databaseUrl);
    if (config.databaseReadUrl) await assertReachable(config.databaseReadUrl);
    const running = await startSubgraph(module, {
      databaseUrl: config.databaseUrl,
      databaseReadUrl: config.databaseReadUrl,
      port: config.port,
      host: config.host,
      seed: config.seed,
      logQueries: config.logQueries,
      safety: config.safety,
      processMetrics: true,
      requestLog: config.telemetry.jsonLogs,
    });
    console.log(`${module.name} subgraph ready at ${running.server.url}`);
    exitOnTermination(
      `${module.name} subgraph`,
      async (signal) => {
        console.log(`${module.name} subgraph: ${signal}, finishing requests in flight (up to ${config.safety.shutdownDrainMs} ms)`);
        await running.stop(config.safety.shutdownDrainMs);
      },
      config.safety.shutdownDrainMs + 10_000,
    );
  } catch (error) {
    console.error(startupFailure(`${module.name} subgraph`, error));
    process.exit(1);
  }
}
