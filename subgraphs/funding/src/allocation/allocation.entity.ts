import { DecimalType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type Decimal, Tracked } from '@regiograph/lib';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

// Amounts are PostgreSQL `numeric`, read as exact decimal strings (lib's Money); the Float fields stay for
// the clients that use them, deprecated. A fresh DecimalType per property: MikroORM binds each to its property.
const numeric = (nullable: boolean) => ({ type: new DecimalType('string'), columnType: 'numeric', nullable }) as const;
const FLOAT_DEPRECATED = 'A binary float may lose cents: use the Money field.';

@ObjectType({
  description:
    'Money a fund puts into a programme for one place: the whole beneficiary country or one NUTS region, as the source breaks it down.',
})
// Keyset pages of the connections over this table read these in order.
@Index({ name: 'allocation_place_id_programme_id_fund_id_id_index', properties: ['placeId', 'programmeId', 'fundId', 'id'] })
@Index({ name: 'allocation_programme_id_place_code_fund_id_id_index', properties: ['programmeId', 'placeCode', 'fundId', 'id'] })
@Index({ name: 'allocation_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'allocation' })
export class Allocation extends Tracked {
  @Field(() => ID, { description: 'Stable ID: allocation:<programme>:<fund>:<place>.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  programmeId!: string;

  @Index()
  @Property({ type: 'text' })
  fundId!: string;

  /**
   * Place ID of the organisations subgraph: place:country:PL or a NUTS 2024 region (older codes resolved
   * through the ingest's correspondence table); null when the code resolves to no place.
   */
  @Index()
  @Property({ type: 'text', nullable: true })
  placeId?: string | null;

  @Field(() => String, { description: 'The place code exactly as the source gives it, e.g. PL113 (possibly an older NUTS version).' })
  @Property({ type: 'text' })
  placeCode!: string;

  @Field(() => String, { nullable: true, description: 'Priority sector as the source names it.' })
  @Property({ type: 'text', nullable: true })
  sector?: string | null;

  @Field(() => String, { nullable: true, description: 'Programme area as the source names it.' })
  @Property({ type: 'text', nullable: true })
  area?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "How the source breaks the money down: null for the programme's own allocation to the beneficiary country; PROJECTS when spread over the places of its projects (at the most precise NUTS level each project gives), GRANTS when spread evenly over NUTS 3 regions. The breakdowns repeat the same money: a total adds up one of them, never several.",
  })
  @Property({ type: 'text', nullable: true })
  breakdown?: string | null;

  @Field(() => Float, { description: 'Amount allocated, in currency.', deprecationReason: FLOAT_DEPRECATED })
  @Property(numeric(false))
  amount!: Decimal;

  @Field(() => Float, {
    nullable: true,
    description: 'Net allocation (after management costs), when the source states it.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(numeric(true))
  netAmount?: Decimal | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Part reserved for bilateral cooperation with the donor states, when stated.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(numeric(true))
  bilateralAmount?: Decimal | null;

  @Field(() => Float, { nullable: true, description: 'Part contracted to projects, when stated.', deprecationReason: FLOAT_DEPRECATED })
  @Property(numeric(true))
  projectAmount?: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'Number of projects the source counts for this allocation.' })
  @Property({ type: 'integer', nullable: true })
  projectCount?: number | null;

  @Field(() => String, { description: 'ISO 4217 currency of the amounts.' })
  @Property({ type: 'text' })
  currency!: string;
}
