import { Migration } from '@mikro-orm/migrations';

/**
 * Filters (issue 9): an organisation's programmes and project roles, copied from the projects and funding
 * subgraphs for OrganisationFilter.programme and .role. Existing rows start empty; the next ingest command
 * (`npm run ingest -- identities` does it alone) or seed load fills them (data.refreshParticipation).
 */
export class Migration20261202000101Participation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisations"."organisation" add column "takes_part_in" text[] not null default '{}', add column "partner_roles" text[] not null default '{}';`);
    this.addSql(`create index "organisation_takes_part_in_gin" on "organisations"."organisation" using gin ("takes_part_in");`);
    this.addSql(`create index "organisation_partner_roles_gin" on "organisations"."organisation" using gin ("partner_roles");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organisations"."organisation" drop column "takes_part_in", drop column "partner_roles";`);
  }

}
