import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000002StatusAsOf extends Migration {

  override async up(): Promise<void> {
    // The generated diff also dropped the hand-written GIN indexes (they were not declared on the entities then; now they are); they stay.
    this.addSql(`alter table "projects"."project" add column "status_as_of" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "projects"."project" drop column "status_as_of";`);
  }

}
