import { Migration } from '@mikro-orm/migrations';
import { countedListMigration, listTotalTable, maintainedListMigration } from '@regiograph/lib';

/**
 * Kohesio's scale (issue 9 §5): totals and a place's projects kept at write time by triggers (see
 * lib/src/totals.ts for why triggers), so that `totalCount` reads one row and a page of a country's or a
 * capital's projects reads one index range, however many projects there are.
 * - `list_total`: the projects (Query.projectsConnection), each place's projects (Place.projectsConnection)
 *   and each place's partnerships (Place.partnershipsConnection: partner located in the place or country).
 * - `project_place_members`: each place's projects, as Place.projectsConnection lists them: the project names the
 *   place among its places or countries, or a partnership of it is located there (its place or country);
 *   with the project's title, the list's order, so a page is a range of (place_id, title, project_id).
 * New tables, no column of a tracked table: the change feed sees nothing of them.
 */
const totals = listTotalTable('projects');
const projects = countedListMigration('projects', { list: 'Query.projectsConnection', name: 'list_total_project', table: 'project' });
const partnershipsByPlace = countedListMigration('projects', {
  list: 'Place.partnershipsConnection',
  name: 'list_total_partnership_place',
  table: 'partnership',
  parents: 'array[r.place_id, r.country_id]',
  columns: ['place_id', 'country_id'],
});
const projectPlace = maintainedListMigration('projects', {
  table: 'project_place_members',
  list: 'Place.projectsConnection',
  parent: 'place_id',
  childColumn: 'project_id',
  child: {
    table: 'project',
    sort: [{ column: 'title', type: 'text' }],
    parents: 'r.place_ids || r.country_ids',
    columns: ['place_ids', 'country_ids'],
  },
  via: [{ table: 'partnership', child: 'project_id', parents: 'array[r.place_id, r.country_id]', columns: ['project_id', 'place_id', 'country_id'] }],
});

export class Migration20261204100000MaintainedTotals extends Migration {
  override async up(): Promise<void> {
    for (const statement of [...totals.up, ...projects.up, ...partnershipsByPlace.up, ...projectPlace.up]) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of [...projectPlace.down, ...partnershipsByPlace.down, ...projects.down, ...totals.down]) this.addSql(statement);
  }
}
