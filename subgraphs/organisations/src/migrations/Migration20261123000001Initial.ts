import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000001Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "organisations";`);
    this.addSql(`create table "organisations"."network" ("id" text not null, "name" text not null, "name_en" text null, "family_id" text null, "position" int null, "theme" text null, "theme_en" text null, "coordinator_id" text null, "website" text null, "launched_on" date null, "launched_precision" text null, "description" text null, "alt_names" text[] not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "network_pkey" primary key ("id"));`);
    this.addSql(`create index "network_family_id_index" on "organisations"."network" ("family_id");`);
    this.addSql(`create index "network_coordinator_id_index" on "organisations"."network" ("coordinator_id");`);

    this.addSql(`create table "organisations"."network_member" ("network_id" text not null, "organisation_id" text not null, "role" text not null, "basis" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "network_member_pkey" primary key ("network_id", "organisation_id"));`);
    this.addSql(`create index "network_member_organisation_id_index" on "organisations"."network_member" ("organisation_id");`);

    this.addSql(`create table "organisations"."network_person" ("network_id" text not null, "name" text not null, "role" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "network_person_pkey" primary key ("network_id", "name", "role"));`);

    this.addSql(`create table "organisations"."organisation" ("id" text not null, "name" text not null, "name_en" text null, "acronym" text null, "kind" text not null, "country_code" text null, "place_id" text null, "parent_id" text null, "website" text null, "description" text null, "alt_names" text[] not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "organisation_pkey" primary key ("id"));`);
    this.addSql(`create index "organisation_country_code_index" on "organisations"."organisation" ("country_code");`);
    this.addSql(`create index "organisation_place_id_index" on "organisations"."organisation" ("place_id");`);
    this.addSql(`create index "organisation_parent_id_index" on "organisations"."organisation" ("parent_id");`);

    this.addSql(`create table "organisations"."organisation_identifier" ("scheme" text not null, "value" text not null, "organisation_id" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "organisation_identifier_pkey" primary key ("scheme", "value", "organisation_id"));`);
    this.addSql(`create index "organisation_identifier_organisation_id_index" on "organisations"."organisation_identifier" ("organisation_id");`);

    this.addSql(`create table "organisations"."place" ("id" text not null, "name" text not null, "name_en" text null, "kind" text not null, "country_code" text not null, "iso_alpha3" text null, "nuts_code" text null, "lau_code" text null, "parent_id" text null, "alt_names" text[] not null, "designations" jsonb not null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "place_pkey" primary key ("id"));`);
    this.addSql(`create index "place_country_code_index" on "organisations"."place" ("country_code");`);
    this.addSql(`create index "place_nuts_code_index" on "organisations"."place" ("nuts_code");`);
    this.addSql(`create index "place_lau_code_index" on "organisations"."place" ("lau_code");`);
    this.addSql(`create index "place_parent_id_index" on "organisations"."place" ("parent_id");`);

    this.addSql(`create table "organisations"."source" ("id" text not null, "title" text null, "kind" text not null, "publisher" text null, "published_on" date null, "language" text null, "url" text null, "summary" text null, "licence" text null, "attribution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "source_pkey" primary key ("id"));`);
    // GIN indexes for name search (declared on the entities with @Index({ type: 'gin' }), so later diffs keep them).
    this.addSql(`create index "place_search_keys_gin" on "organisations"."place" using gin ("search_keys");`);
    this.addSql(`create index "organisation_search_keys_gin" on "organisations"."organisation" using gin ("search_keys");`);
    this.addSql(`create index "network_search_keys_gin" on "organisations"."network" using gin ("search_keys");`);
  }

}
