import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000002Ingest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "funding"."allocation" ("id" text not null, "programme_id" text not null, "fund_id" text not null, "place_id" text not null, "place_code" text not null, "sector" text null, "area" text null, "amount" double precision not null, "net_amount" double precision null, "bilateral_amount" double precision null, "project_amount" double precision null, "project_count" int null, "currency" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "allocation_pkey" primary key ("id"));`);
    this.addSql(`create index "allocation_programme_id_index" on "funding"."allocation" ("programme_id");`);
    this.addSql(`create index "allocation_fund_id_index" on "funding"."allocation" ("fund_id");`);
    this.addSql(`create index "allocation_place_id_index" on "funding"."allocation" ("place_id");`);

    this.addSql(`create table "funding"."programme_participant" ("id" text not null, "programme_id" text not null, "organisation_record_id" text not null, "organisation_id" text null, "role" text not null, "project_count" int null, "place_code" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "programme_participant_pkey" primary key ("id"));`);
    this.addSql(`create index "programme_participant_programme_id_index" on "funding"."programme_participant" ("programme_id");`);
    this.addSql(`create index "programme_participant_organisation_record_id_index" on "funding"."programme_participant" ("organisation_record_id");`);
    this.addSql(`create index "programme_participant_organisation_id_index" on "funding"."programme_participant" ("organisation_id");`);

    this.addSql(`alter table "funding"."grant" add column "organisation_record_id" text null;`);
    this.addSql(`create index "grant_organisation_record_id_index" on "funding"."grant" ("organisation_record_id");`);

    this.addSql(`alter table "funding"."programme" add column "sector" text null, add column "area" text null, add column "identifiers" jsonb not null default '[]', add column "identifier_keys" text[] not null default '{}';`);
    this.addSql(`create index "programme_identifier_keys_gin" on "funding"."programme" using gin ("identifier_keys");`);

    // Data files as source documents: which dataset and file, and when the snapshot was taken (lib's SourceDocument).
    this.addSql(`alter table "funding"."source" add column "dataset" text null, add column "file" text null, add column "retrieved_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "funding"."allocation" cascade;`);
    this.addSql(`drop table if exists "funding"."programme_participant" cascade;`);
    this.addSql(`drop index "funding"."grant_organisation_record_id_index";`);
    this.addSql(`alter table "funding"."grant" drop column "organisation_record_id";`);
    this.addSql(`drop index "funding"."programme_identifier_keys_gin";`);
    this.addSql(`alter table "funding"."programme" drop column "sector", drop column "area", drop column "identifiers", drop column "identifier_keys";`);
    this.addSql(`alter table "funding"."source" drop column "dataset", drop column "file", drop column "retrieved_on";`);
  }

}
