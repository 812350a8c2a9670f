import { Migration } from '@mikro-orm/migrations';
import { changeLogMigration, type TrackedTable } from '@regiograph/lib';

/**
 * The change feed (issue 9): `events.change_log` and the statement triggers that fill it, in the transaction
 * of every write to these tables (see lib/src/change-log.ts).
 * The tables the log follows; Migration20261203004000ChangeLogIgnored replaces their trigger functions.
 */
export const tracked: TrackedTable[] = [
    { table: 'event', type: 'Event' },
    { table: 'source', type: 'Source' },
    { table: 'agenda_item', type: 'Event', id: 'event_id', field: 'agenda', parent: 'event' },
    { table: 'event_participant', type: 'Event', id: 'event_id', field: 'participants', parent: 'event' },
];

const log = changeLogMigration('events', tracked);

export class Migration20261202000300ChangeLog extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
