import type { EntityClass, EntityManager, EntityMetadata, EntityName, EntityProperty } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { BATCH } from './loaders.js';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { ListPage, type PageArgs, slicePage } from './paging.js';
import { RECORD_SEPARATOR } from './provenance.js';
import { tableOf } from './search.js';
import { SourceDocument } from './source.js';

/**
 * Coverage answers "how far can a figure be trusted": for each source, entity type and field, how many of the
 * records the source asserts have a value there (keep.eu publishes such notes for its own fields). A source is
 * a dataset (every file of eea-grants together) or one article. The `Coverage` entity is keyed by that source:
 * the organisations subgraph lists the sources, and every subgraph adds the rows of its own entity types, so no
 * subgraph reads another's tables.
 */
@Directive('@shareable')
@ObjectType({ description: 'How many records of one entity type that one source asserts have a value in one field.' })
export class CoverageRow {
  @Field(() => String, { description: 'The GraphQL type of the records, e.g. Project.' })
  entityType!: string;

  @Field(() => String, { description: 'The stored field, by its property name (a link by its ID field, e.g. placeId).' })
  field!: string;

  @Field(() => String, { description: 'The dataset (eea-grants, keep-eu...) or, for an article, its source ID.' })
  source!: string;

  @Field(() => Int, { description: 'Records of this type that cite the source.' })
  records!: number;

  @Field(() => Int, { description: 'Of those, the records with a value in the field (not null, not empty text, not an empty list).' })
  withValue!: number;

  @Field(() => Float, { description: 'withValue / records, from 0 to 1.' })
  fillRate!: number;
}

/** The SQL expression that is true when a stored value counts as known. */
function present(prop: EntityProperty, column: string): string {
  const type = String(prop.columnTypes?.[0] ?? prop.type).toLowerCase();
  if (prop.array || type.endsWith('[]')) return `cardinality(${column}) > 0`;
  if (type === 'jsonb' || type === 'json') return `${column} is not null and ${column} not in ('null'::jsonb, '{}'::jsonb, '[]'::jsonb)`;
  if (type === 'text' || type === 'string' || type.startsWith('varchar')) return `nullif(btrim(${column}), '') is not null`;
  return `${column} is not null`;
}

// Besides bookkeeping, the columns denormalised from other subgraphs for the filters: no source states them.
const NOT_COVERED = new Set([
  'sourceIds',
  'createdAt',
  'updatedAt',
  'searchKeys',
  'placePath',
  'organisationKind',
  'programmeFundIds',
  'takesPartIn',
  'partnerRoles',
]);

/**
 * The fields coverage reports for an entity: the stored scalars that may be unknown (nullable ones and lists),
 * read from the MikroORM metadata so a new column is reported without a second list. Required fields are
 * always filled and are left out.
 */
function coveredFields(meta: EntityMetadata): Array<{ name: string; column: string; prop: EntityProperty }> {
  return meta.props
    .filter((p) => p.kind === 'scalar' && !p.primary && p.persist !== false && !NOT_COVERED.has(p.name) && p.fieldNames?.length === 1)
    .filter((p) => p.nullable || p.array || String(p.columnTypes?.[0] ?? '').endsWith('[]'))
    .map((p) => ({ name: p.name, column: `t."${p.fieldNames[0]}"`, prop: p }));
}

/**
 * Rows of the given sources (every source: null) for the given entity types: ONE statement per table, whatever
 * the number of sources or records. A record is counted once per source, however many of its files or records
 * it cites.
 */
export async function coverageRows(
  em: EntityManager,
  entities: readonly CoveredEntity[],
  sources: readonly string[] | null,
): Promise<CoverageRow[]> {
  const sourceTable = tableOf(em, SourceDocument as EntityName<object>);
  const out: CoverageRow[] = [];
  for (const entity of entities) {
    const type = entity.name; // the class name is the GraphQL type name
    const meta = em.getMetadata().get(type);
    const fields = coveredFields(meta);
    if (!fields.length) continue;
    // Each (record, source) pair once, with a flag per field; flat joins rather than a subquery per record,
    // which on the full open data took four times as long (and set off PostgreSQL's JIT compiler).
    const flags = fields.map((f, i) => `(${present(f.prop, f.column)}) as "f${i}"`).join(', ');
    const counts = fields.map((_, i) => `count(*) filter (where c."f${i}")::int as "f${i}"`).join(', ');
    const sql = `with k as (
          select s.id, coalesce(s.dataset, s.id) as source from ${sourceTable} s
          ${sources ? `where coalesce(s.dataset, s.id) in (${sources.map(() => '?').join(', ')})` : ''}
        )
        select c.source, count(*)::int as records, ${counts}
        from (
          select distinct t.ctid, k.source, ${flags}
          from ${tableOf(em, entity)} t
          cross join unnest(t.source_ids) as r(ref)
          join k on k.id = split_part(r.ref, '${RECORD_SEPARATOR}', 1)
        ) c
        group by c.source`;
    const rows = (await em.execute(sql, [...(sources ?? [])])) as Array<Record<string, number | string>>;
    for (const row of rows) {
      const records = Number(row.records);
      fields.forEach((f, i) => {
        const withValue = Number(row[`f${i}`]);
        out.push({ entityType: type, field: f.name, source: String(row.source), records, withValue, fillRate: withValue / records });
      });
    }
  }
  return out.sort((a, b) => a.entityType.localeCompare(b.entityType) || a.field.localeCompare(b.field));
}

/** An entity class whose fill rates a subgraph reports: its class name is its GraphQL type's. */
export type CoveredEntity = EntityClass<object>;

/**
 * The data generation: PostgreSQL's current snapshot (`xmin:xmax:in-progress`), which stays the same as long as
 * no transaction that writes has begun or ended, so it changes with every commit (of an ingest, a seed load...).
 * One statement without a table, where `max(updated_at)` would scan every table and miss deletions, a counter
 * table would need every writer to bump it, and the statistics views lag behind commits by up to seconds. The snapshot is the cluster's, so a write to another
 * database also counts as a new generation: a recomputation too many, never a stale answer.
 */
async function dataGeneration(em: EntityManager): Promise<string> {
  const rows = (await em.execute('select pg_current_snapshot()::text as generation')) as Array<{ generation: string }>;
  return String(rows[0]?.generation);
}

interface CoverageState {
  /** The rows of every source, and the generation they were computed at. */
  done?: { generation: string; bySource: Map<string, CoverageRow[]> };
  /** The computation under way: every request that comes meanwhile waits for it instead of starting its own. */
  running?: Promise<Map<string, CoverageRow[]>>;
}

/**
 * One subgraph's coverage of every source, computed at most once per data generation and at most once at a
 * time. Coverage scans whole tables (0.6 s with all sources loaded); without this, every request ran those
 * scans again (its aliases shared one loader), and clients looping it held the database for everybody (see the
 * README's coverage section for the figures). A request that comes while a computation
 * runs takes its result, which may miss a commit made during those few hundred milliseconds.
 */
export class CoverageCache {
  /** Per ORM (one per database), so two hubs in one process never share rows. */
  private readonly states = new WeakMap<object, CoverageState>();

  constructor(private readonly entities: readonly CoveredEntity[]) {}

  async bySource(em: EntityManager): Promise<Map<string, CoverageRow[]>> {
    const driver = em.getDriver();
    const state = this.states.get(driver) ?? {};
    this.states.set(driver, state);
    if (state.running) return state.running;
    const generation = await dataGeneration(em);
    if (state.done?.generation === generation) return state.done.bySource;
    if (state.running) return state.running; // another request started one while we read the generation
    const running = (async () => {
      const bySource = new Map<string, CoverageRow[]>();
      for (const row of await coverageRows(em, this.entities, null)) {
        const rows = bySource.get(row.source);
        if (rows) rows.push(row);
        else bySource.set(row.source, [row]);
      }
      state.done = { generation, bySource };
      return bySource;
    })();
    state.running = running;
    try {
      return await running;
    } finally {
      if (state.running === running) state.running = undefined;
    }
  }
}

/** A loader of one subgraph's coverage rows per source, for a request: from the cache of its data generation. */
export function createCoverageLoader(em: EntityManager, cache: CoverageCache): DataLoader<string, CoverageRow[]> {
  return new DataLoader(async (sources) => {
    const bySource = await cache.bySource(em);
    return sources.map((source) => bySource.get(source) ?? []);
  }, BATCH);
}

/** What a subgraph's Coverage type holds: the source it is keyed by. */
export interface CoverageKey {
  source: string;
}

/**
 * One subgraph's `Coverage` entity type (keyed by source) with its field `<fieldName>(entityType, limit,
 * offset): [CoverageRow!]!`, the rows of the given entity types ordered by type and field, and the loader
 * of those rows for a request's context. Each subgraph
 * gets its own class: type-graphql files field resolvers under the class, and one shared class would carry
 * every subgraph's fields into each schema. The fields of the subgraphs that do not list the sources are
 * nullable, like every field one subgraph adds to another's entity: when one is down, its rows are null.
 */
export function createCoverage(fieldName: string, entities: readonly CoveredEntity[], options: { nullable: boolean }) {
  const description = `Fill rates of the fields of ${entities.map((e) => e.name).join(', ')}, for the records that cite this source.`;
  @Directive('@key(fields: "source")')
  @ObjectType('Coverage', {
    description: 'The fill rates of one source (a dataset, or one article) across the entity types of every subgraph.',
  })
  class Coverage implements CoverageKey {
    @Field(() => String, { description: 'The dataset (eea-grants, keep-eu...) or, for an article, its source ID.' })
    source!: string;
  }

  @Resolver(() => Coverage)
  class CoverageFieldResolver {
    @FieldResolver(() => [CoverageRow], { name: fieldName, description, nullable: options.nullable })
    async rows(
      @Root() root: Coverage,
      @Ctx() ctx: { loaders: { coverage: DataLoader<string, CoverageRow[]> } },
      @Args(() => ListPage) p: PageArgs,
      @Arg('entityType', () => String, { nullable: true, description: 'Only this entity type, e.g. Project.' }) entityType?: string,
    ): Promise<CoverageRow[]> {
      const rows = await ctx.loaders.coverage.load(root.source);
      return slicePage(entityType ? rows.filter((r) => r.entityType === entityType) : rows, p);
    }
  }

  // A Coverage is its key: each subgraph computes its rows from the source's name.
  const resolveReference = (ref: CoverageKey): Coverage => Object.assign(new Coverage(), { source: ref.source });
  const cache = new CoverageCache(entities);
  return { Coverage, CoverageFieldResolver, resolveReference, cache, loader: (em: EntityManager) => createCoverageLoader(em, cache) };
}
