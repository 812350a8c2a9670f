import { Migrator } from '@mikro-orm/migrations';
import { MAINTAINED_TABLES } from './totals.js';
import type { Migration } from '@mikro-orm/migrations';
import { connectionsPerRequest, FairGate, gateKnexClient } from './db-limits.js';
import { Tracked } from './tracked.js';
import { DefaultLogger, type LogContext, type LoggerOptions, MikroORM } from '@mikro-orm/postgresql';

/**
 * Counts every SQL statement any ORM in this process sends. Tests read it to prove that a gateway
 * request costs the same number of statements however many rows it touches (no N+1).
 */
export const queryLog = {
  count: 0,
  statements: [] as string[],
  reset(): void {
    this.count = 0;
    this.statements = [];
  },
};

class CountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    queryLog.count += 1;
    queryLog.statements.push(context.query);
    super.logQuery(context);
  }
}

export type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

export interface OrmOptions {
  databaseUrl: string;
  schema: string;
  // biome-ignore lint/suspicious/noExplicitAny: MikroORM accepts any entity class
  entities: any[];
  migrations: Array<{ name: string; class: MigrationClass }>;
  logQueries?: boolean;
  poolMax?: number;
  /** `statement_timeout` of every session of the pool from `startServing` on; unset leaves the server's (ingest, tools). */
  statementTimeoutMs?: number;
  /** How long a statement waits for a pooled connection (knex's default is 60 s). */
  acquireTimeoutMs?: number;
  /** Serve the requests waiting for a connection in turn (see db-limits.ts); subgraph services turn it on. */
  fairPool?: boolean;
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  const poolMax = options.poolMax ?? 5;
  const orm = await MikroORM.init({
    clientUrl: options.databaseUrl,
    schema: options.schema,
    // The mapped superclass of every entity must be discovered with them.
    entities: [Tracked, ...options.entities],
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: options.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // MikroORM keeps only host, port, user, password and database from clientUrl; handing pg the whole
    // string as well keeps its query parameters (sslmode, application_name, options, ...).
    driverOptions: {
      connection: { connectionString: options.databaseUrl },
      ...(options.acquireTimeoutMs ? { acquireConnectionTimeout: options.acquireTimeoutMs } : {}),
    },
    pool: { min: 0, max: poolMax },
    debug: options.logQueries ? ['query'] : false,
    loggerFactory: (loggerOptions: LoggerOptions) => new CountingLogger(loggerOptions),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // Schema changes only ever come from committed migrations.
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    // The change log (change-log.ts) and the columns it ignores are read by its triggers and raw SQL, not entities.
    schemaGenerator: { skipTables: ['change_log', 'change_log_ignored', ...MAINTAINED_TABLES] },
  });
  directStatements(orm);
  if (options.fairPool || options.statementTimeoutMs !== undefined) {
    const session = { statementTimeoutMs: undefined as number | undefined };
    sessions.set(orm, { session, serving: options.statementTimeoutMs });
    gateKnexClient(
      orm.em.getConnection().getKnex().client,
      new FairGate(
        options.fairPool ? poolMax : Number.MAX_SAFE_INTEGER,
        options.acquireTimeoutMs ?? 60_000,
        options.fairPool ? connectionsPerRequest(poolMax) : Number.MAX_SAFE_INTEGER,
      ),
      session,
    );
  }
  return orm;
}

const sessions = new WeakMap<MikroORM, { session: { statementTimeoutMs?: number }; serving?: number }>();

/**
 * Turns on the statement timeout of `openOrm({ statementTimeoutMs })` once migrations and seeds are done (they
 * may take longer than any request should): each pooled session gets it the next time it is handed out.
 */
export function startServing(orm: MikroORM): void {
  const entry = sessions.get(orm);
  if (entry) entry.session.statementTimeoutMs = entry.serving;
}

/** Applies the committed migrations for one subgraph's schema; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** The parts of MikroORM's SQL connection and of knex's client that `directStatements` goes through. */
interface ConnectionInternals {
  execute(query: unknown, params?: unknown[], method?: string, ctx?: unknown, loggerContext?: unknown): Promise<unknown>;
  ensureConnection(): Promise<void>;
  getSql(query: string, formatted: string, loggerContext?: unknown): string;
  executeQuery<T>(sql: string, cb: () => Promise<T>, context?: Record<string, unknown>): Promise<T>;
  transformRawResult(result: unknown, method: string): unknown;
  getKnex(): { client: KnexClientInternals };
}
interface KnexClientInternals {
  acquireConnection(): Promise<{ query(text: string): Promise<unknown> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  positionBindings(sql: string): string;
}

/**
 * `em.execute(sql, params)` outside a transaction, without knex's query runner in between: the same text
 * (MikroORM inlines the parameters, knex numbers what is left of `?`), through the same pool (so the fair
 * gate and the statement timeout of gateKnexClient apply), logged and counted the same (queryLog), the same
 * rows, errors prefixed with the statement as knex does. Measured at about half the client-side CPU of a
 * statement (120 -> 60 µs), and a CityProfile sends some 40 of them. Query builders and transactions keep
 * MikroORM's own path.
 */
function directStatements(orm: MikroORM): void {
  const connection = orm.em.getConnection() as unknown as ConnectionInternals;
  const platform = orm.em.getPlatform();
  const onQuery = orm.config.get('onQuery');
  const execute = connection.execute.bind(connection);
  connection.execute = async (query, params = [], method = 'all', ctx, loggerContext) => {
    if (typeof query !== 'string' || ctx) return execute(query, params, method, ctx, loggerContext);
    await connection.ensureConnection();
    const sql = onQuery(query, params);
    const formatted = platform.formatQuery(sql, params);
    return connection.executeQuery(
      connection.getSql(sql, formatted, loggerContext),
      async () => {
        const client = connection.getKnex().client;
        const text = client.positionBindings(formatted);
        const pg = await client.acquireConnection();
        try {
          return connection.transformRawResult(await pg.query(text), method);
        } catch (error) {
          if (error instanceof Error) error.message = `${text} - ${error.message}`;
          throw error;
        } finally {
          await client.releaseConnection(pg);
        }
      },
      { query: sql, params, ...(loggerContext as object | undefined) },
    );
  };
}
