import type { Money } from './money.js';
import type { PageArgs } from './paging.js';
import { slicePage } from './paging.js';
import { dimensionOf, type StatisticsFilterValues, type StatisticsGroup } from './statistics.js';

/** The description every groupBy argument carries. */
export const GROUP_BY_DESCRIPTION = 'Dimensions to group by (none: one row for everything); a row per combination that has facts.';
/** Units the gateway's cost estimate counts for one statistics field (one grouped scan of a fact table). */
export const STATISTICS_COST = 10;

/** A page of the groups of one scope, from a per-request statistics loader. */
export async function scopedPage(
  loader: (args: { groupBy: ReturnType<typeof dimensionOf>[]; filter?: StatisticsFilterValues | null }) => {
    load(id: string): Promise<StatisticsGroup[]>;
  },
  id: string,
  groupBy: readonly string[],
  filter: StatisticsFilterValues | null | undefined,
  p: PageArgs,
): Promise<StatisticsGroup[]> {
  return slicePage(await loader({ groupBy: groupBy.map(dimensionOf), filter }).load(id), p);
}

/** A page of a figure's amounts (one per currency), as every list field is a page. */
export const moneyPage = (figures: object, name: string, p: PageArgs): Money[] =>
  slicePage(((figures as Record<string, unknown>)[name] as Money[] | undefined) ?? [], p);
