import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000002Ingest extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "outcomes"."outcome" add column "indicators" jsonb not null default '[]';`);

    // Data files as source documents: which dataset and file, and when the snapshot was taken (lib's SourceDocument).
    this.addSql(`alter table "outcomes"."source" add column "dataset" text null, add column "file" text null, add column "retrieved_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outcomes"."outcome" drop column "indicators";`);
    this.addSql(`alter table "outcomes"."source" drop column "dataset", drop column "file", drop column "retrieved_on";`);
  }

}
