import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import { FairGate, gateKnexClient } from './db-limits.js';
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
  /** `statement_timeout` of every session of the pool; unset leaves the server's (ingest, tools). */
  statementTimeoutMs?: number;
  /** How long a statement waits for a pooled connection (knex's default is 60 s). */
  acquireTimeoutMs?: number;
  /** Serve the requests waiting for a connection in turn (see db-limits.ts); subgraph services turn it on. */
  fairPool?: boolean;
}

/** Sets the session's statement timeout when the pool opens a connection. */
function sessionSetup(statementTimeoutMs: number | undefined) {
  if (statementTimeoutMs === undefined) return undefined;
  // A SET rather than pg's `statement_timeout` start-up parameter: the embedded PGlite ignores start-up
  // parameters but accepts the SET (it cannot enforce it: WASM PostgreSQL has no timer signals).
  return (connection: { query(sql: string, done: (error: Error | null) => void): void }, done: (error: Error | null, c: unknown) => void) => {
    connection.query(`set statement_timeout = ${Math.floor(statementTimeoutMs)}`, (error) => done(error, connection));
  };
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  const poolMax = options.poolMax ?? 5;
  const afterCreate = sessionSetup(options.statementTimeoutMs);
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
    pool: { min: 0, max: poolMax, ...(afterCreate ? { afterCreate } : {}) },
    debug: options.logQueries ? ['query'] : false,
    loggerFactory: (loggerOptions: LoggerOptions) => new CountingLogger(loggerOptions),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // Schema changes only ever come from committed migrations.
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
  });
  if (options.fairPool) {
    gateKnexClient(orm.em.getConnection().getKnex().client, new FairGate(poolMax, options.acquireTimeoutMs ?? 60_000));
  }
  return orm;
}

/** Applies the committed migrations for one subgraph's schema; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  // One transaction for all of them (as `allOrNothing` does), free of the serving statement timeout: an index
  // built on a full table may take longer than any request should.
  const connection = orm.em.getConnection();
  const applied = await connection.transactional(async (trx) => {
    await connection.execute('set local statement_timeout = 0', [], 'run', trx);
    return orm.getMigrator().up({ transaction: trx });
  });
  return applied.map((m) => m.name);
}
