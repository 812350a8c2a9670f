import { Migration } from '@mikro-orm/migrations';
import { changeLogMigration, type TrackedTable } from '@regiograph/lib';

/**
 * The change feed (issue 9): `outcomes.change_log` and the statement triggers that fill it, in the transaction
 * of every write to these tables (see lib/src/change-log.ts).
 * The tables the log follows; Migration20261203004000ChangeLogIgnored replaces their trigger functions.
 */
export const tracked: TrackedTable[] = [
    { table: 'outcome', type: 'Outcome' },
    { table: 'source', type: 'Source' },
    { table: 'outcome_link', type: 'Outcome', id: 'outcome_id', field: 'links', parent: 'outcome' },
];

const log = changeLogMigration('outcomes', tracked);

export class Migration20261202000300ChangeLog extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
