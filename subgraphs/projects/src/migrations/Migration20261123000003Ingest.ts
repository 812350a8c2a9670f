import { Migration } from '@mikro-orm/migrations';

/**
 * Ingested data: source documents for data files (dataset, file, retrieval date); project money, programme,
 * places, identifiers (GIN-indexed "scheme|value" keys) and source attributes; partnership money, address
 * and the partner's source record ID (linked to a canonical organisation after identity resolution).
 * Money is `numeric` (exact); coordinates are `double precision`.
 */
export class Migration20261123000003Ingest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "projects"."partnership" add column "organisation_record_id" text null, add column "budget" numeric null, add column "co_financing" numeric null, add column "currency" text null, add column "town" text null, add column "postcode" text null, add column "address" text null, add column "lat" double precision null, add column "lng" double precision null, add column "legal_status" text null, add column "organisation_type" text null;`);
    this.addSql(`create index "partnership_organisation_record_id_index" on "projects"."partnership" ("organisation_record_id");`);

    this.addSql(`alter table "projects"."project" add column "programme_id" text null, add column "total_budget" numeric null, add column "eu_funding" numeric null, add column "co_financing_rate" numeric null, add column "currency" text null, add column "place_ids" text[] not null default '{}', add column "identifiers" jsonb not null default '[]', add column "identifier_keys" text[] not null default '{}', add column "attributes" jsonb not null default '{}';`);
    this.addSql(`create index "project_programme_id_index" on "projects"."project" ("programme_id");`);
    this.addSql(`create index "project_place_ids_gin" on "projects"."project" using gin ("place_ids");`);
    this.addSql(`create index "project_identifier_keys_gin" on "projects"."project" using gin ("identifier_keys");`);

    this.addSql(`alter table "projects"."source" add column "dataset" text null, add column "file" text null, add column "retrieved_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "projects"."partnership_organisation_record_id_index";`);
    this.addSql(`alter table "projects"."partnership" drop column "organisation_record_id", drop column "budget", drop column "co_financing", drop column "currency", drop column "town", drop column "postcode", drop column "address", drop column "lat", drop column "lng", drop column "legal_status", drop column "organisation_type";`);

    this.addSql(`drop index "projects"."project_programme_id_index";`);
    this.addSql(`drop index "projects"."project_place_ids_gin";`);
    this.addSql(`drop index "projects"."project_identifier_keys_gin";`);
    this.addSql(`alter table "projects"."project" drop column "programme_id", drop column "total_budget", drop column "eu_funding", drop column "co_financing_rate", drop column "currency", drop column "place_ids", drop column "identifiers", drop column "identifier_keys", drop column "attributes";`);

    this.addSql(`alter table "projects"."source" drop column "dataset", drop column "file", drop column "retrieved_on";`);
  }

}
