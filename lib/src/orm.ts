import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
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
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
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
    driverOptions: { connection: { connectionString: options.databaseUrl } },
    pool: { min: 0, max: options.poolMax ?? 5 },
    debug: options.logQueries ? ['query'] : false,
    loggerFactory: (loggerOptions: LoggerOptions) => new CountingLogger(loggerOptions),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // Schema changes only ever come from committed migrations.
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
  });
}

/** Applies the committed migrations for one subgraph's schema; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
