import type { Money } from './money.js';
import type { PageArgs } from './paging.js';
import { page, slicePage } from './paging.js';
import { dimensionOf, type StatisticsArgs, type StatisticsFilterValues, type StatisticsGroup } from './statistics.js';

/** The description every groupBy argument carries. */
export const GROUP_BY_DESCRIPTION = 'Dimensions to group by (none: one row for everything); a row per combination that has facts.';
/** Units the gateway's cost estimate counts for one statistics field (one grouped scan of a fact table). */
export const STATISTICS_COST = 10;

/** A page of the groups of one scope, from a per-request statistics loader (the page is cut in SQL). */
export async function scopedPage(
  loader: (args: StatisticsArgs) => {
    load(id: string): Promise<StatisticsGroup[]>;
  },
  id: string,
  groupBy: readonly string[],
  filter: StatisticsFilterValues | null | undefined,
  p: PageArgs,
): Promise<StatisticsGroup[]> {
  return loader({ groupBy: groupBy.map(dimensionOf), filter, page: page(p.limit, p.offset) }).load(id);
}

/** A page of a figure's amounts (one per currency), as every list field is a page. */
export const moneyPage = (figures: object, name: string, p: PageArgs): Money[] =>
  slicePage(((figures as Record<string, unknown>)[name] as Money[] | undefined) ?? [], p);
