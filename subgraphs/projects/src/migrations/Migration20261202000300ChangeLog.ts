import { Migration } from '@mikro-orm/migrations';
import { changeLogMigration } from '@regiograph/lib';

/**
 * The change feed (issue 9): `projects.change_log` and the statement triggers that fill it, in the transaction
 * of every write to these tables (see lib/src/change-log.ts).
 */
const log = changeLogMigration('projects', [
    { table: 'project', type: 'Project' },
    { table: 'partnership', type: 'Partnership' },
    { table: 'source', type: 'Source' },
]);

export class Migration20261202000300ChangeLog extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
