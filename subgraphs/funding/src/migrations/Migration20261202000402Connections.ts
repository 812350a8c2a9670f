import { Migration } from '@mikro-orm/migrations';

/** Connections (issue 9): keyset pages of allocations, programme roles and grants under their parents read these indexes in order. */
export class Migration20261202000402Connections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "allocation_place_id_programme_id_fund_id_id_index" on "funding"."allocation" ("place_id", "programme_id", "fund_id", "id");`);
    this.addSql(`create index "allocation_programme_id_place_code_fund_id_id_index" on "funding"."allocation" ("programme_id", "place_code", "fund_id", "id");`);
    this.addSql(`create index "programme_participant_programme_id_role_id_index" on "funding"."programme_participant" ("programme_id", "role", "id");`);
    this.addSql(`create index "programme_participant_organisation_programme_role_index" on "funding"."programme_participant" ("organisation_id", "programme_id", "role", "id");`);
    this.addSql(`create index "grant_programme_id_id_index" on "funding"."grant" ("programme_id", "id");`);
    this.addSql(`create index "grant_organisation_id_id_index" on "funding"."grant" ("organisation_id", "id");`);
    this.addSql(`create index "grant_project_id_id_index" on "funding"."grant" ("project_id", "id");`);
    this.addSql(`create index "grant_network_id_id_index" on "funding"."grant" ("network_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "funding"."allocation_place_id_programme_id_fund_id_id_index";`);
    this.addSql(`drop index "funding"."allocation_programme_id_place_code_fund_id_id_index";`);
    this.addSql(`drop index "funding"."programme_participant_programme_id_role_id_index";`);
    this.addSql(`drop index "funding"."programme_participant_organisation_programme_role_index";`);
    this.addSql(`drop index "funding"."grant_programme_id_id_index";`);
    this.addSql(`drop index "funding"."grant_organisation_id_id_index";`);
    this.addSql(`drop index "funding"."grant_project_id_id_index";`);
    this.addSql(`drop index "funding"."grant_network_id_id_index";`);
  }

}
