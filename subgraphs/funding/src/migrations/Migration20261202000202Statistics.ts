import { Migration } from '@mikro-orm/migrations';

/** Statistics (issue 9): fact tables rebuilt at the end of every ingest command and after the seeds. */

export class Migration20261202000202Statistics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "funding"."funding_fact" ("fact_id" text not null, "place_id" text null, "place_path" text[] not null default '{}', "country_id" text null, "nuts1_id" text null, "nuts2_id" text null, "nuts3_id" text null, "municipality_id" text null, "kind" text not null, "programme_id" text not null, "fund_id" text null, "breakdown" text null, "period" text null, "year" int null, "amount" numeric null, "currency" text null, constraint "funding_fact_pkey" primary key ("fact_id"));`);
    this.addSql(`create index "funding_fact_country_id_index" on "funding"."funding_fact" ("country_id");`);
    this.addSql(`create index "funding_fact_programme_id_index" on "funding"."funding_fact" ("programme_id");`);
    this.addSql(`create index "funding_fact_fund_id_index" on "funding"."funding_fact" ("fund_id");`);
    this.addSql(`create index "funding_fact_place_path_index" on "funding"."funding_fact" using gin ("place_path");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "funding"."funding_fact" cascade;`);
  }

}
