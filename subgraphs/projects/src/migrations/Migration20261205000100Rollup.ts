import { Migration } from '@mikro-orm/migrations';
import { rollupStatements } from '../statistics/rollup.js';

/**
 * Issue 9 §3 (fast at scale): the whole graph's figures per group, maintained by the statistics refresh
 * (statistics/rollup.ts) so the root projectStatistics reads a few rows instead of grouping the fact tables
 * per request. Built here from the facts already there, so the figures hold before the next ingest.
 */

export class Migration20261205000100Rollup extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "projects"."project_rollup" ("dimension" text not null, "ord" int not null, "key" text null, "projects" int not null, "projects_direct" int not null, "partnerships" int not null, "partnerships_direct" int not null, "organisations" int not null, "organisations_direct" int not null, "organisations_within" int not null, "budget" jsonb not null, "eu_contribution" jsonb not null, constraint "project_rollup_pkey" primary key ("dimension", "ord"));`);
    for (const statement of rollupStatements()) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "projects"."project_rollup" cascade;`);
  }

}
