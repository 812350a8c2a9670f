import { Migration } from '@mikro-orm/migrations';

/**
 * Ingest (issue 3): data-file provenance on sources; Wikidata IDs and coordinates on places; place codes in
 * every scheme and place statistics; organisation records as each source describes them, linked to a
 * canonical organisation by identity resolution; `derived` marks organisations resolution created.
 */
export class Migration20261123000002Ingest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisations"."source" add column "dataset" text null, add column "file" text null, add column "retrieved_on" date null;`);

    this.addSql(`alter table "organisations"."place" add column "wikidata_id" text null, add column "lat" double precision null, add column "lng" double precision null;`);

    this.addSql(`alter table "organisations"."organisation" add column "derived" boolean not null default false;`);

    this.addSql(`create table "organisations"."place_identifier" ("scheme" text not null, "value" text not null, "place_id" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "place_identifier_pkey" primary key ("scheme", "value", "place_id"));`);
    this.addSql(`create index "place_identifier_place_id_index" on "organisations"."place_identifier" ("place_id");`);

    this.addSql(`create table "organisations"."place_statistic" ("id" text not null, "place_id" text not null, "indicator" text not null, "value" numeric not null, "unit" text not null, "period" text not null, "note" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "place_statistic_pkey" primary key ("id"));`);
    this.addSql(`create index "place_statistic_place_id_index" on "organisations"."place_statistic" ("place_id");`);

    this.addSql(`create table "organisations"."organisation_record" ("id" text not null, "scheme" text not null, "key" text not null, "dataset" text not null, "name" text not null, "name_en" text null, "name_latin" text null, "country_code" text null, "place_id" text null, "place_text" text null, "identifiers" jsonb not null, "identifier_keys" text[] not null, "attributes" jsonb not null, "search_keys" text[] not null, "organisation_id" text null, "match_rule" text null, "match_confidence" double precision null, "match_explanation" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "organisation_record_pkey" primary key ("id"));`);
    this.addSql(`create index "organisation_record_place_id_index" on "organisations"."organisation_record" ("place_id");`);
    this.addSql(`create index "organisation_record_organisation_id_index" on "organisations"."organisation_record" ("organisation_id");`);
    // GIN indexes: lookup by (scheme, value) with identifier_keys @> array['scheme|value'], and name search.
    this.addSql(`create index "organisation_record_identifier_keys_gin" on "organisations"."organisation_record" using gin ("identifier_keys");`);
    this.addSql(`create index "organisation_record_search_keys_gin" on "organisations"."organisation_record" using gin ("search_keys");`);
  }

}
