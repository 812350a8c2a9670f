import { Migration } from '@mikro-orm/migrations';

/**
 * Kinds (issue 8): the kind a source field gives a record (`kind_hint`) and which field gave it
 * (`kind_rule`), and on the organisation the rule that decided its kind.
 */
export class Migration20261201000001Kinds extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisations"."organisation" add column "kind_rule" text null;`);

    this.addSql(`alter table "organisations"."organisation_record" add column "kind_hint" text null, add column "kind_rule" text null;`);
  }

}
