import { Migration } from '@mikro-orm/migrations';

/** Connections (issue 9): keyset pages of a programme's projects and of the partnerships of an organisation or place read these indexes in order. */
export class Migration20261202000401Connections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "project_programme_id_title_id_index" on "projects"."project" ("programme_id", "title", "id");`);
    this.addSql(`create index "partnership_organisation_id_project_id_id_index" on "projects"."partnership" ("organisation_id", "project_id", "id");`);
    this.addSql(`create index "partnership_place_id_project_id_id_index" on "projects"."partnership" ("place_id", "project_id", "id");`);
    this.addSql(`create index "partnership_country_id_project_id_id_index" on "projects"."partnership" ("country_id", "project_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "projects"."project_programme_id_title_id_index";`);
    this.addSql(`drop index "projects"."partnership_organisation_id_project_id_id_index";`);
    this.addSql(`drop index "projects"."partnership_place_id_project_id_id_index";`);
    this.addSql(`drop index "projects"."partnership_country_id_project_id_id_index";`);
  }

}
