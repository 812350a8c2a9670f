import { Migration } from '@mikro-orm/migrations';
import { changeLogMigration, type TrackedTable } from '@regiograph/lib';

/**
 * The change feed (issue 9): `organisations.change_log` and the statement triggers that fill it, in the transaction
 * of every write to these tables (see lib/src/change-log.ts).
 * The tables the log follows; Migration20261203004000ChangeLogIgnored replaces their trigger functions.
 */
export const tracked: TrackedTable[] = [
    { table: 'place', type: 'Place' },
    { table: 'organisation', type: 'Organisation' },
    { table: 'organisation_record', type: 'OrganisationRecord' },
    { table: 'network', type: 'Network' },
    { table: 'source', type: 'Source' },
    { table: 'place_identifier', type: 'Place', id: 'place_id', field: 'identifiers', parent: 'place' },
    { table: 'place_statistic', type: 'Place', id: 'place_id', field: 'statistics', parent: 'place' },
    { table: 'organisation_identifier', type: 'Organisation', id: 'organisation_id', field: 'identifiers', parent: 'organisation' },
    { table: 'network_member', type: 'Network', id: 'network_id', field: 'members', parent: 'network' },
    { table: 'network_person', type: 'Network', id: 'network_id', field: 'people', parent: 'network' },
];

const log = changeLogMigration('organisations', tracked);

export class Migration20261202000300ChangeLog extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
