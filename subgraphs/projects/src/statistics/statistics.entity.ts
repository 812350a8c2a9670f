import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type Decimal, PlaceFact } from '@regiograph/lib';
import { moneyColumn } from '../numeric.js';

/**
 * One row per project, rebuilt by `data.refreshStatistics` at the end of every ingest command and after
 * the seeds: what projectStatistics groups and sums. A project is counted at one place only, the most
 * precise place that holds all of its places (the regions it works in and its partners' places): a project
 * in two NUTS 3 regions of one NUTS 2 region counts at the NUTS 2 region, so no region counts it twice.
 */
@Entity({ tableName: 'project_fact' })
export class ProjectFact extends PlaceFact {
  @PrimaryKey({ type: 'text' })
  projectId!: string;

  @Index()
  @Property({ type: 'text', nullable: true })
  programmeId?: string | null;

  @Property({ type: 'text' })
  status!: string;

  /** Year the project started; null when no source dates it. */
  @Property({ type: 'integer', nullable: true })
  year?: number | null;

  @Property(moneyColumn())
  budget?: Decimal | null;

  @Property(moneyColumn())
  euContribution?: Decimal | null;

  @Property({ type: 'text', nullable: true })
  currency?: string | null;
}

/** One row per partnership, at the partner's own place (its city or region, else its country). */
@Entity({ tableName: 'partnership_fact' })
export class PartnershipFact extends PlaceFact {
  @PrimaryKey({ type: 'text' })
  partnershipId!: string;

  @Index()
  @Property({ type: 'text' })
  projectId!: string;

  @Index()
  @Property({ type: 'text', nullable: true })
  programmeId?: string | null;

  @Property({ type: 'integer', nullable: true })
  year?: number | null;

  @Property({ type: 'text' })
  role!: string;

  @Index()
  @Property({ type: 'text', nullable: true })
  organisationId?: string | null;

  /** The organisation's kind, copied from the organisations subgraph at refresh time. */
  @Property({ type: 'text', nullable: true })
  organisationKind?: string | null;
}

/**
 * The whole graph's figures per group of one dimension (or the ungrouped total, dimension 'total'), rebuilt
 * from the two fact tables in the same refresh (rollup.ts): what the root projectStatistics reads without
 * filter. `ord` is the group's place in the key order (nulls last, codepoint order), `key` its value as text.
 * Money is one {currency, total, direct, within} per currency, the sums as exact decimal text.
 */
@Entity({ tableName: 'project_rollup' })
export class ProjectRollup {
  @PrimaryKey({ type: 'text' })
  dimension!: string;

  @PrimaryKey({ type: 'integer' })
  ord!: number;

  @Property({ type: 'text', nullable: true })
  key?: string | null;

  @Property({ type: 'integer' })
  projects!: number;

  @Property({ type: 'integer' })
  projectsDirect!: number;

  @Property({ type: 'integer' })
  partnerships!: number;

  @Property({ type: 'integer' })
  partnershipsDirect!: number;

  @Property({ type: 'integer' })
  organisations!: number;

  @Property({ type: 'integer' })
  organisationsDirect!: number;

  @Property({ type: 'integer' })
  organisationsWithin!: number;

  @Property({ type: 'json' })
  budget!: unknown;

  @Property({ type: 'json' })
  euContribution!: unknown;
}
