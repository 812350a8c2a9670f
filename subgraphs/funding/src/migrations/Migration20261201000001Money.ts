import { Migration } from '@mikro-orm/migrations';

/**
 * Money as exact `numeric` (lib's Money) instead of `double precision`; an allocation may have no place (a
 * NUTS code no table resolves) and says which breakdown of the source it belongs to.
 */
export class Migration20261201000001Money extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "funding"."allocation" alter column "amount" type numeric using ("amount"::numeric), alter column "net_amount" type numeric using ("net_amount"::numeric), alter column "bilateral_amount" type numeric using ("bilateral_amount"::numeric), alter column "project_amount" type numeric using ("project_amount"::numeric), alter column "place_id" drop not null, add column "breakdown" text null;`);
    this.addSql(`update "funding"."allocation" set "breakdown" = upper(substring("id" from ':(projects|grants)$')) where "id" ~ ':(projects|grants)$';`);
    this.addSql(`alter table "funding"."grant" alter column "amount" type numeric using ("amount"::numeric);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "funding"."allocation" alter column "amount" type double precision using ("amount"::double precision), alter column "net_amount" type double precision using ("net_amount"::double precision), alter column "bilateral_amount" type double precision using ("bilateral_amount"::double precision), alter column "project_amount" type double precision using ("project_amount"::double precision), drop column "breakdown";`);
    this.addSql(`alter table "funding"."grant" alter column "amount" type double precision using ("amount"::double precision);`);
  }

}
