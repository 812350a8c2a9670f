import { Migration } from '@mikro-orm/migrations';
import { changeLogIgnoreMigration } from '@regiograph/lib';

/**
 * The change feed (issue 9) stops comparing the columns that are not part of the API: an organisation's
 * programmes and roles copied from projects and funding for OrganisationFilter (data/participation.ts), and
 * the lookup keys derived from names and identifiers. An update of only those logs nothing.
 */
const log = changeLogIgnoreMigration('organisations', [
  { table: 'organisation', type: 'Organisation', ignore: ['takes_part_in', 'partner_roles', 'search_keys'] },
  { table: 'organisation_record', type: 'OrganisationRecord', ignore: ['identifier_keys', 'search_keys'] },
  { table: 'place', type: 'Place', ignore: ['search_keys'] },
  { table: 'network', type: 'Network', ignore: ['search_keys'] },
]);

export class Migration20261202000801DerivedNotLogged extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
