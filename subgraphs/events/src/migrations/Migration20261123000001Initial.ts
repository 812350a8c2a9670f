import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000001Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "events";`);
    this.addSql(`create table "events"."agenda_item" ("event_id" text not null, "position" int not null, "name" text not null, "title" text null, "kind" text not null, "description" text null, "organisation_ids" text[] not null, "place_id" text null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "agenda_item_pkey" primary key ("event_id", "position"));`);
    this.addSql(`create index "agenda_item_place_id_index" on "events"."agenda_item" ("place_id");`);

    this.addSql(`create table "events"."event" ("id" text not null, "name" text not null, "title" text null, "kind" text not null, "start_date" date null, "end_date" date null, "date_precision" text null, "start_time" text null, "online" boolean null, "language" text null, "url" text null, "status" text not null, "summary" text null, "theme" text null, "theme_en" text null, "format" text null, "participant_groups" text[] not null, "note" text null, "place_id" text null, "host_id" text null, "organising_project_id" text null, "organising_network_id" text null, "parent_id" text null, "prepares_id" text null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "event_pkey" primary key ("id"));`);
    this.addSql(`create index "event_kind_index" on "events"."event" ("kind");`);
    this.addSql(`create index "event_start_date_index" on "events"."event" ("start_date");`);
    this.addSql(`create index "event_place_id_index" on "events"."event" ("place_id");`);
    this.addSql(`create index "event_host_id_index" on "events"."event" ("host_id");`);
    this.addSql(`create index "event_organising_project_id_index" on "events"."event" ("organising_project_id");`);
    this.addSql(`create index "event_organising_network_id_index" on "events"."event" ("organising_network_id");`);
    this.addSql(`create index "event_parent_id_index" on "events"."event" ("parent_id");`);
    this.addSql(`create index "event_prepares_id_index" on "events"."event" ("prepares_id");`);

    this.addSql(`create table "events"."event_participant" ("event_id" text not null, "position" int not null, "organisation_id" text null, "description" text null, "role" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "event_participant_pkey" primary key ("event_id", "position"));`);
    this.addSql(`create index "event_participant_organisation_id_index" on "events"."event_participant" ("organisation_id");`);

    this.addSql(`create table "events"."source" ("id" text not null, "title" text null, "kind" text not null, "publisher" text null, "published_on" date null, "language" text null, "url" text null, "summary" text null, "licence" text null, "attribution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "source_pkey" primary key ("id"));`);
    // GIN indexes for title search and for finding the events an organisation appears in (declared on the entities with @Index({ type: 'gin' }), so later diffs keep them).
    this.addSql(`create index "event_search_keys_gin" on "events"."event" using gin ("search_keys");`);
    this.addSql(`create index "agenda_item_organisation_ids_gin" on "events"."agenda_item" using gin ("organisation_ids");`);
  }

}
