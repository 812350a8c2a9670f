import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000002Ingest extends Migration {

  override async up(): Promise<void> {
    // Data files as source documents: which dataset and file, and when the snapshot was taken (lib's SourceDocument).
    this.addSql(`alter table "events"."source" add column "dataset" text null, add column "file" text null, add column "retrieved_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "events"."source" drop column "dataset", drop column "file", drop column "retrieved_on";`);
  }

}
