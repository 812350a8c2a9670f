import { Migration } from '@mikro-orm/migrations';

/** Connections (issue 9): keyset pages of projects by (title, id) read this index in order. */
export class Migration20261201000010Keyset extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "project_title_id_index" on "projects"."project" ("title", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "projects"."project_title_id_index";`);
  }

}
