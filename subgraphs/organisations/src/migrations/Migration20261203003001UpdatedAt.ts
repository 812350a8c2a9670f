import { Migration } from '@mikro-orm/migrations';

/** Filters (issue 9): updatedSince on the large lists reads (updated_at, id) instead of scanning every row. */
export class Migration20261203003001UpdatedAt extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "organisation_updated_at_id_index" on "organisations"."organisation" ("updated_at", "id");`);
    this.addSql(`create index "organisation_record_updated_at_id_index" on "organisations"."organisation_record" ("updated_at", "id");`);
    this.addSql(`create index "place_updated_at_id_index" on "organisations"."place" ("updated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisations"."organisation_updated_at_id_index";`);
    this.addSql(`drop index "organisations"."organisation_record_updated_at_id_index";`);
    this.addSql(`drop index "organisations"."place_updated_at_id_index";`);
  }

}
