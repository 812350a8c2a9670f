import { Migration } from '@mikro-orm/migrations';

/** Statistics (issue 9): fact tables rebuilt at the end of every ingest command and after the seeds. */

export class Migration20261202000201Statistics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "projects"."partnership_fact" ("partnership_id" text not null, "place_id" text null, "place_path" text[] not null default '{}', "country_id" text null, "nuts1_id" text null, "nuts2_id" text null, "nuts3_id" text null, "municipality_id" text null, "project_id" text not null, "programme_id" text null, "year" int null, "role" text not null, "organisation_id" text null, "organisation_kind" text null, constraint "partnership_fact_pkey" primary key ("partnership_id"));`);
    this.addSql(`create index "partnership_fact_country_id_index" on "projects"."partnership_fact" ("country_id");`);
    this.addSql(`create index "partnership_fact_project_id_index" on "projects"."partnership_fact" ("project_id");`);
    this.addSql(`create index "partnership_fact_programme_id_index" on "projects"."partnership_fact" ("programme_id");`);
    this.addSql(`create index "partnership_fact_organisation_id_index" on "projects"."partnership_fact" ("organisation_id");`);
    this.addSql(`create index "partnership_fact_place_path_index" on "projects"."partnership_fact" using gin ("place_path");`);

    this.addSql(`create table "projects"."project_fact" ("project_id" text not null, "place_id" text null, "place_path" text[] not null default '{}', "country_id" text null, "nuts1_id" text null, "nuts2_id" text null, "nuts3_id" text null, "municipality_id" text null, "programme_id" text null, "status" text not null, "year" int null, "budget" numeric null, "eu_contribution" numeric null, "currency" text null, constraint "project_fact_pkey" primary key ("project_id"));`);
    this.addSql(`create index "project_fact_country_id_index" on "projects"."project_fact" ("country_id");`);
    this.addSql(`create index "project_fact_programme_id_index" on "projects"."project_fact" ("programme_id");`);
    this.addSql(`create index "project_fact_place_path_index" on "projects"."project_fact" using gin ("place_path");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "projects"."partnership_fact" cascade;`);

    this.addSql(`drop table if exists "projects"."project_fact" cascade;`);
  }

}
