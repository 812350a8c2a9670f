import { Migration } from '@mikro-orm/migrations';

/** Filters (issue 9): updatedSince on the large lists reads (updated_at, id) instead of scanning every row. */
export class Migration20261203003000UpdatedAt extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "project_updated_at_id_index" on "projects"."project" ("updated_at", "id");`);
    this.addSql(`create index "partnership_updated_at_id_index" on "projects"."partnership" ("updated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "projects"."project_updated_at_id_index";`);
    this.addSql(`drop index "projects"."partnership_updated_at_id_index";`);
  }

}
