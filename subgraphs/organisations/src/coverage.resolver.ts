import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { ListPage, type PageArgs, page, SourceDocument, tableOf } from '@regiograph/lib';
import type { Context } from './context.js';
import { coverage } from './coverage.js';

const { Coverage } = coverage;

@Resolver(() => Coverage)
export class CoverageResolver {
  /**
   * The sources come from this subgraph's `source` table, which every seed and ingest run writes in full (the
   * other subgraphs keep only what their rows cite); each subgraph then adds its own rows to each Coverage.
   */
  @Query(() => [Coverage], {
    description:
      'Fill rates per source (a dataset, or one article), entity type and field, as a researcher needs them to judge a figure: one Coverage per source, by name.',
  })
  async coverage(
    @Ctx() ctx: Context,
    @Args(() => ListPage) p: PageArgs,
    @Arg('sources', () => [String], { nullable: true, description: 'Only these sources: datasets (eea-grants) or article source IDs.' })
    sources?: string[],
  ): Promise<Array<InstanceType<typeof Coverage>>> {
    const { limit, offset } = page(p.limit, p.offset);
    const only = sources?.length ? `where coalesce(s.dataset, s.id) in (${sources.map(() => '?').join(', ')})` : '';
    const rows = (await ctx.em.execute(
      `select distinct coalesce(s.dataset, s.id) as source from ${tableOf(ctx.em, SourceDocument)} s ${only}
        order by source limit ? offset ?`,
      [...(sources ?? []), limit, offset],
    )) as Array<{ source: string }>;
    return rows.map((r) => coverage.resolveReference(r));
  }
}
