import { Migration } from '@mikro-orm/migrations';

/**
 * Filters (issue 9): the columns denormalised from other subgraphs for ProjectFilter, with their indexes.
 * Existing rows get what this schema knows (their own places and countries); the ancestors of those places,
 * the partners' organisation kinds and the programmes' funds come from the other subgraphs with the next
 * ingest command (`npm run ingest -- identities` does it alone) or seed load (data.refreshDerived).
 */
export class Migration20261202000100Filters extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "projects"."partnership" add column "place_path" text[] not null default '{}', add column "organisation_kind" text null;`);
    this.addSql(`alter table "projects"."project" add column "place_path" text[] not null default '{}', add column "programme_fund_ids" text[] not null default '{}';`);
    this.addSql(`update "projects"."partnership" set "place_path" = array(select distinct e from unnest(array["place_id", "country_id"]) e where e is not null order by e);`);
    this.addSql(`update "projects"."project" p set "place_path" = array(
      select distinct e from (
        select unnest(p."place_ids" || p."country_ids")
        union select unnest(s."place_path") from "projects"."partnership" s where s."project_id" = p."id") x(e)
      where e is not null order by e);`);
    this.addSql(`create index "partnership_place_path_gin" on "projects"."partnership" using gin ("place_path");`);
    this.addSql(`create index "partnership_organisation_kind_index" on "projects"."partnership" ("organisation_kind");`);
    this.addSql(`create index "project_place_path_gin" on "projects"."project" using gin ("place_path");`);
    this.addSql(`create index "project_programme_fund_ids_gin" on "projects"."project" using gin ("programme_fund_ids");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "projects"."partnership" drop column "place_path", drop column "organisation_kind";`);
    this.addSql(`alter table "projects"."project" drop column "place_path", drop column "programme_fund_ids";`);
  }

}
