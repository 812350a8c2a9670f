import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Tracked } from '@regiograph/lib';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

// Amounts are `double precision`, not `numeric`: the PostgreSQL driver returns numeric as strings, and
// GraphQL serves them as Float anyway. Source amounts (euros with cents, below 10^13) keep their cents
// exactly in a double's 15-16 significant digits.

@ObjectType({
  description:
    'Money a fund puts into a programme for one place: the whole beneficiary country or one NUTS region, as the source breaks it down.',
})
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

  /** Place ID of the organisations subgraph: place:country:PL or place:nuts:PL113. */
  @Index()
  @Property({ type: 'text' })
  placeId!: string;

  @Field(() => String, { description: 'The place code exactly as the source gives it, e.g. PL113 (possibly an older NUTS version).' })
  @Property({ type: 'text' })
  placeCode!: string;

  @Field(() => String, { nullable: true, description: 'Priority sector as the source names it.' })
  @Property({ type: 'text', nullable: true })
  sector?: string | null;

  @Field(() => String, { nullable: true, description: 'Programme area as the source names it.' })
  @Property({ type: 'text', nullable: true })
  area?: string | null;

  @Field(() => Float, { description: 'Amount allocated, in currency.' })
  @Property({ type: 'double', runtimeType: 'number' })
  amount!: number;

  @Field(() => Float, { nullable: true, description: 'Net allocation (after management costs), when the source states it.' })
  @Property({ type: 'double', nullable: true, runtimeType: 'number' })
  netAmount?: number | null;

  @Field(() => Float, { nullable: true, description: 'Part reserved for bilateral cooperation with the donor states, when stated.' })
  @Property({ type: 'double', nullable: true, runtimeType: 'number' })
  bilateralAmount?: number | null;

  @Field(() => Float, { nullable: true, description: 'Part contracted to projects, when stated.' })
  @Property({ type: 'double', nullable: true, runtimeType: 'number' })
  projectAmount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of projects the source counts for this allocation.' })
  @Property({ type: 'integer', nullable: true })
  projectCount?: number | null;

  @Field(() => String, { description: 'ISO 4217 currency of the amounts.' })
  @Property({ type: 'text' })
  currency!: string;
}
