import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000001Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "funding";`);
    this.addSql(`create table "funding"."fund" ("id" text not null, "name" text not null, "name_local" text null, "acronym" text null, "kind" text not null, "donor_ids" text[] not null, "period" text null, "description" text null, "website" text null, "alt_names" text[] not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "fund_pkey" primary key ("id"));`);

    this.addSql(`create table "funding"."grant" ("id" text not null, "programme_id" text not null, "project_id" text null, "network_id" text null, "organisation_id" text null, "amount" double precision null, "currency" text null, "description" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "grant_pkey" primary key ("id"));`);
    this.addSql(`create index "grant_programme_id_index" on "funding"."grant" ("programme_id");`);
    this.addSql(`create index "grant_project_id_index" on "funding"."grant" ("project_id");`);
    this.addSql(`create index "grant_network_id_index" on "funding"."grant" ("network_id");`);
    this.addSql(`create index "grant_organisation_id_index" on "funding"."grant" ("organisation_id");`);

    this.addSql(`create table "funding"."programme" ("id" text not null, "name" text not null, "name_local" text null, "code" text null, "start_year" int null, "end_year" int null, "period" text null, "country_id" text null, "fund_ids" text[] not null, "operator_id" text null, "operator_role" text null, "description" text null, "website" text null, "alt_names" text[] not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "programme_pkey" primary key ("id"));`);
    this.addSql(`create index "programme_code_index" on "funding"."programme" ("code");`);
    this.addSql(`create index "programme_country_id_index" on "funding"."programme" ("country_id");`);
    this.addSql(`create index "programme_operator_id_index" on "funding"."programme" ("operator_id");`);

    this.addSql(`create table "funding"."source" ("id" text not null, "title" text null, "kind" text not null, "publisher" text null, "published_on" date null, "language" text null, "url" text null, "summary" text null, "licence" text null, "attribution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "source_pkey" primary key ("id"));`);
    // GIN indexes for name search and fund lookups (declared on the entities with @Index({ type: 'gin' }), so later diffs keep them).
    this.addSql(`create index "fund_search_keys_gin" on "funding"."fund" using gin ("search_keys");`);
    this.addSql(`create index "programme_search_keys_gin" on "funding"."programme" using gin ("search_keys");`);
    this.addSql(`create index "programme_fund_ids_gin" on "funding"."programme" using gin ("fund_ids");`);
  }

}
