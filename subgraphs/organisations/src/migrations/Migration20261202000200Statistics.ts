import { Migration } from '@mikro-orm/migrations';

/** Statistics (issue 9): fact tables rebuilt at the end of every ingest command and after the seeds. */

export class Migration20261202000200Statistics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organisations"."organisation_fact" ("organisation_id" text not null, "place_id" text null, "place_path" text[] not null default '{}', "country_id" text null, "nuts1_id" text null, "nuts2_id" text null, "nuts3_id" text null, "municipality_id" text null, "organisation_kind" text not null, constraint "organisation_fact_pkey" primary key ("organisation_id"));`);
    this.addSql(`create index "organisation_fact_country_id_index" on "organisations"."organisation_fact" ("country_id");`);
    this.addSql(`create index "organisation_fact_place_path_index" on "organisations"."organisation_fact" using gin ("place_path");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "organisations"."organisation_fact" cascade;`);
  }

}
