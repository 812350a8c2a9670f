import { Migration } from '@mikro-orm/migrations';

/** Connections (issue 9): the keyset pages of the nested lists read (parent, sort keys) in order from these indexes. */
export class Migration20261202000400Connections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "place_name_id_index" on "organisations"."place" ("name", "id");`);
    this.addSql(`create index "place_parent_id_name_id_index" on "organisations"."place" ("parent_id", "name", "id");`);
    this.addSql(`create index "organisation_parent_id_name_id_index" on "organisations"."organisation" ("parent_id", "name", "id");`);
    this.addSql(`create index "organisation_record_organisation_id_dataset_id_index" on "organisations"."organisation_record" ("organisation_id", "dataset", "id");`);
    this.addSql(`create index "network_member_network_id_role_organisation_id_index" on "organisations"."network_member" ("network_id", "role", "organisation_id");`);
    this.addSql(`create index "network_member_organisation_id_network_id_index" on "organisations"."network_member" ("organisation_id", "network_id");`);
    this.addSql(`create index "network_name_id_index" on "organisations"."network" ("name", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisations"."place_name_id_index";`);
    this.addSql(`drop index "organisations"."place_parent_id_name_id_index";`);
    this.addSql(`drop index "organisations"."organisation_parent_id_name_id_index";`);
    this.addSql(`drop index "organisations"."organisation_record_organisation_id_dataset_id_index";`);
    this.addSql(`drop index "organisations"."network_member_network_id_role_organisation_id_index";`);
    this.addSql(`drop index "organisations"."network_member_organisation_id_network_id_index";`);
    this.addSql(`drop index "organisations"."network_name_id_index";`);
  }

}
