import { Migration } from '@mikro-orm/migrations';

/** Filters (issue 9): each event's place with the places above it (EventFilter.region, .municipality), filled at seed load. */
export class Migration20261203003003EventFilters extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "events"."event" add column "place_path" text[] not null default '{}';`);
    this.addSql(`create index "event_place_path_gin" on "events"."event" using gin ("place_path");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "events"."event_place_path_gin";`);
    this.addSql(`alter table "events"."event" drop column "place_path";`);
  }

}
