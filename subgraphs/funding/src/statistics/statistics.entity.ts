import { DecimalType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type Decimal, PlaceFact } from '@regiograph/lib';

/**
 * One row per allocation and per grant, rebuilt by `data.refreshStatistics` at the end of every ingest
 * command and after the seeds: what fundingStatistics groups and sums. An allocation sits at its place (a
 * country or NUTS region) and keeps its breakdown, so a figure never adds two breakdowns of one money; a
 * grant sits at its programme's beneficiary country (a grant's project is placed by the projects subgraph).
 */
@Entity({ tableName: 'funding_fact' })
export class FundingFact extends PlaceFact {
  /** The allocation's or the grant's ID. */
  @PrimaryKey({ type: 'text' })
  factId!: string;

  /** ALLOCATION or GRANT. */
  @Property({ type: 'text' })
  kind!: string;

  @Index()
  @Property({ type: 'text' })
  programmeId!: string;

  /** The allocation's fund; for a grant, its programme's fund when the programme has exactly one. */
  @Index()
  @Property({ type: 'text', nullable: true })
  fundId?: string | null;

  /** Null for a programme's own allocation; PROJECTS or GRANTS for the source's regional breakdowns. */
  @Property({ type: 'text', nullable: true })
  breakdown?: string | null;

  @Property({ type: 'text', nullable: true })
  period?: string | null;

  /** The programme's first year. */
  @Property({ type: 'integer', nullable: true })
  year?: number | null;

  @Property({ type: new DecimalType('string'), columnType: 'numeric', nullable: true })
  amount?: Decimal | null;

  @Property({ type: 'text', nullable: true })
  currency?: string | null;
}
