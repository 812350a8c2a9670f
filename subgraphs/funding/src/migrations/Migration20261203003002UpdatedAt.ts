import { Migration } from '@mikro-orm/migrations';

/** Filters (issue 9): updatedSince on the large lists reads (updated_at, id) instead of scanning every row. */
export class Migration20261203003002UpdatedAt extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "allocation_updated_at_id_index" on "funding"."allocation" ("updated_at", "id");`);
    this.addSql(`create index "grant_updated_at_id_index" on "funding"."grant" ("updated_at", "id");`);
    this.addSql(`create index "programme_participant_updated_at_id_index" on "funding"."programme_participant" ("updated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "funding"."allocation_updated_at_id_index";`);
    this.addSql(`drop index "funding"."grant_updated_at_id_index";`);
    this.addSql(`drop index "funding"."programme_participant_updated_at_id_index";`);
  }

}
