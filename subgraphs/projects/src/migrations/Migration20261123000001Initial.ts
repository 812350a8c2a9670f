import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000001Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "projects";`);
    this.addSql(`create table "projects"."partnership" ("id" text not null, "project_id" text not null, "organisation_id" text null, "place_id" text null, "country_id" text null, "role" text not null, "description" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "partnership_pkey" primary key ("id"));`);
    this.addSql(`create index "partnership_project_id_index" on "projects"."partnership" ("project_id");`);
    this.addSql(`create index "partnership_organisation_id_index" on "projects"."partnership" ("organisation_id");`);
    this.addSql(`create index "partnership_place_id_index" on "projects"."partnership" ("place_id");`);
    this.addSql(`create index "partnership_country_id_index" on "projects"."partnership" ("country_id");`);

    this.addSql(`create table "projects"."project" ("id" text not null, "acronym" text null, "title" text not null, "title_local" text null, "code" text null, "summary" text null, "themes" text[] not null, "start_date" date null, "end_date" date null, "date_precision" text null, "status" text not null, "website" text null, "country_ids" text[] not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "project_pkey" primary key ("id"));`);

    this.addSql(`create table "projects"."source" ("id" text not null, "title" text null, "kind" text not null, "publisher" text null, "published_on" date null, "language" text null, "url" text null, "summary" text null, "licence" text null, "attribution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "source_pkey" primary key ("id"));`);
    // GIN indexes: name search on search_keys, and Place.projects on country_ids (declared on the entities with @Index({ type: 'gin' }), so later diffs keep them).
    this.addSql(`create index "project_search_keys_gin" on "projects"."project" using gin ("search_keys");`);
    this.addSql(`create index "project_country_ids_gin" on "projects"."project" using gin ("country_ids");`);
  }

}
