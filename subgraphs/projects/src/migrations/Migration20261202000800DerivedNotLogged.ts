import { Migration } from '@mikro-orm/migrations';
import { changeLogIgnoreMigration } from '@regiograph/lib';

/**
 * The change feed (issue 9) stops comparing the columns that are not part of the API: the filters' copies
 * of other subgraphs' data (places with their ancestors, funds of the programme, the partner's kind; see
 * data/derived.ts) and the lookup keys derived from the project's own fields. An update of only those logs
 * nothing, so a refresh of the copies after an ingest elsewhere is no change of a project or partnership.
 */
const log = changeLogIgnoreMigration('projects', [
  { table: 'project', type: 'Project', ignore: ['place_path', 'programme_fund_ids', 'identifier_keys', 'search_keys'] },
  { table: 'partnership', type: 'Partnership', ignore: ['place_path', 'organisation_kind'] },
]);

export class Migration20261202000800DerivedNotLogged extends Migration {
  override async up(): Promise<void> {
    for (const statement of log.up) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of log.down) this.addSql(statement);
  }
}
