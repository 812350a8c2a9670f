import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000001Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "outcomes";`);
    this.addSql(`create table "outcomes"."outcome" ("id" text not null, "kind" text not null, "name" text not null, "title" text null, "title_en" text null, "language" text null, "summary" text null, "objectives" jsonb not null, "actions" text[] not null, "steps" text[] not null, "ideas" text[] not null, "questions" text[] not null, "status" text not null default 'UNKNOWN', "date" date null, "date_precision" text null, "search_keys" text[] not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "outcome_pkey" primary key ("id"));`);
    this.addSql(`create index "outcome_kind_index" on "outcomes"."outcome" ("kind");`);
    this.addSql(`create index "outcome_date_index" on "outcomes"."outcome" ("date");`);

    this.addSql(`create table "outcomes"."outcome_link" ("outcome_id" text not null, "relation" text not null, "target_type" text not null, "target_id" text not null, "source_ids" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "outcome_link_pkey" primary key ("outcome_id", "relation", "target_type", "target_id"));`);
    this.addSql(`create index "outcome_link_target_type_target_id_index" on "outcomes"."outcome_link" ("target_type", "target_id");`);

    this.addSql(`create table "outcomes"."source" ("id" text not null, "title" text null, "kind" text not null, "publisher" text null, "published_on" date null, "language" text null, "url" text null, "summary" text null, "licence" text null, "attribution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "source_pkey" primary key ("id"));`);
    // GIN index for name search (declared on the entities with @Index({ type: 'gin' }), so later diffs keep them).
    this.addSql(`create index "outcome_search_keys_gin" on "outcomes"."outcome" using gin ("search_keys");`);
  }

}
