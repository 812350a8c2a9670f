import { Migration } from '@mikro-orm/migrations';

/**
 * Drops organisation_record's index on organisation_id alone: (organisation_id, dataset, id), the keyset index
 * of Organisation.recordsConnection, serves every lookup by organisation_id as well, and each written record
 * (300,000 at Kohesio's scale, all rewritten by the identity step) paid for both.
 */
export class Migration20261205100000RedundantIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "organisations"."organisation_record_organisation_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `create index if not exists "organisation_record_organisation_id_index" on "organisations"."organisation_record" ("organisation_id");`,
    );
  }
}
