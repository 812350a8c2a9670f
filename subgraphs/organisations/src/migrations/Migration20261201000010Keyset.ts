import { Migration } from '@mikro-orm/migrations';

/** Connections (issue 9): keyset pages of organisations by (name, id), and of a place's by (place_id, name, id), read these indexes in order. */
export class Migration20261201000010Keyset extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "organisation_name_id_index" on "organisations"."organisation" ("name", "id");`);
    this.addSql(`create index "organisation_place_id_name_id_index" on "organisations"."organisation" ("place_id", "name", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisations"."organisation_name_id_index";`);
    this.addSql(`drop index "organisations"."organisation_place_id_name_id_index";`);
  }

}
