import { Money, money } from '@regiograph/lib';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Fund } from '../fund/fund.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { PlaceRef, placeRef } from '../refs/place.ref.js';
import { Allocation } from './allocation.entity.js';

@Resolver(() => Allocation)
export class AllocationResolver {
  @FieldResolver(() => Money, { description: 'Amount allocated, exact, with its currency.' })
  allocated(@Root() a: Allocation): Money {
    return money(a.amount, a.currency) as Money;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Net allocation (after management costs), when the source states it.' })
  net(@Root() a: Allocation): Money | null {
    return money(a.netAmount, a.currency);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Part reserved for bilateral cooperation with the donor states, when stated.',
  })
  bilateral(@Root() a: Allocation): Money | null {
    return money(a.bilateralAmount, a.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Part contracted to projects, when stated.' })
  contracted(@Root() a: Allocation): Money | null {
    return money(a.projectAmount, a.currency);
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The programme that receives the money.' })
  programme(@Root() allocation: Allocation, @Ctx() ctx: Context): Promise<Programme | null> {
    return ctx.loaders.programme.load(allocation.programmeId);
  }

  @FieldResolver(() => Fund, { nullable: true, description: 'The fund the money comes from.' })
  fund(@Root() allocation: Allocation, @Ctx() ctx: Context): Promise<Fund | null> {
    return ctx.loaders.fund.load(allocation.fundId);
  }

  // Nullable: the organisations subgraph owns places; its failure should cost this field, not the allocation.
  @FieldResolver(() => PlaceRef, { nullable: true, description: 'The place the money is for: the beneficiary country or a NUTS region.' })
  place(@Root() allocation: Allocation): PlaceRef | null {
    return allocation.placeId ? placeRef(allocation.placeId) : null;
  }
}
