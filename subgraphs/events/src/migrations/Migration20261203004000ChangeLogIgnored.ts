import { Migration } from '@mikro-orm/migrations';
import { changeLogIgnoring } from '@regiograph/lib';
import { tracked } from './Migration20261202000300ChangeLog.js';

/**
 * The change feed (issue 9): the log leaves out of its comparison what the ingest's derive step and the seeds
 * rewrite on every load, the copies the filters read and the lookup keys; an update that changes only those
 * logs nothing (see changeLogIgnoring in lib/src/change-log.ts).
 */
const log = changeLogIgnoring('events', tracked, {
  event: ['search_keys', 'place_path'],
});

export class Migration20261203004000ChangeLogIgnored extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
