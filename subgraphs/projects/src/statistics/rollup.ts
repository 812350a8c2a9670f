import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DIMENSION_COLUMNS,
  type Figures,
  type Money,
  mergeGroups,
  PLACE_LEVELS,
  type Sql,
  type StatisticsArgs,
  type StatisticsDimension,
  type StatisticsGroup,
  type StatisticsKey,
  type StatisticsReader,
} from '@regiograph/lib';
import { BigNumber } from 'bignumber.js';

/**
 * Pre-aggregated figures of the whole graph (issue 9 §3, "fast at scale"): projects.project_rollup holds,
 * for every single dimension projectStatistics groups by and for the ungrouped total, one row per group
 * with the very figures the fact-table statements give (projects and their money per currency from
 * project_fact, partnerships and distinct organisations from partnership_fact; each split into what is
 * placed nowhere, `direct`, and the rest). It is rebuilt from the fact tables in the same refresh, so in
 * the same ingest transaction. The root field without filter and with at most one dimension reads it (one
 * statement, however many facts); everything else, and a rollup not built yet, reads the fact tables.
 */

/** What projectStatistics groups by (its enum), each single one kept in the rollup. */
export const PROJECT_STATISTICS_DIMENSIONS = [
  ...PLACE_LEVELS,
  'programme',
  'year',
  'organisationKind',
  'role',
] as const satisfies readonly StatisticsDimension[];
/** The rollup's dimension value of the ungrouped total (always present once the rollup is built). */
const TOTAL = 'total';

const PARTNERSHIP_ONLY: readonly StatisticsDimension[] = ['role', 'organisationKind'];

/**
 * The project rows the figures are read from: project_fact, or with the partnership dimensions asked for
 * (grouped or filtered) one row per project and distinct value among its partnerships.
 */
export function projectFactsFrom(dims: readonly StatisticsDimension[]): string {
  const columns = PARTNERSHIP_ONLY.filter((d) => dims.includes(d)).map((d) => (d === 'role' ? 'pa.role' : 'pa.organisation_kind'));
  return columns.length
    ? `(select distinct pf.*, ${columns.join(', ')} from projects.project_fact pf join projects.partnership_fact pa on pa.project_id = pf.project_id) f`
    : 'projects.project_fact f';
}

const DIRECT = 'f.place_id is null';
/** The amounts of one money column in a group of one currency (as `statistics` sums them), null without any. */
const money = (column: string) =>
  `case when f.currency is null or sum(${column}) is null then null else jsonb_build_object('currency', f.currency, ` +
  `'total', sum(${column})::text, 'direct', (sum(${column}) filter (where ${DIRECT}))::text, ` +
  `'within', (sum(${column}) filter (where not (${DIRECT})))::text) end`;

/** The statement building the rollup rows of one dimension (null: the ungrouped total) from the fact tables. */
function rollupInsert(d: StatisticsDimension | null): string {
  const key = d ? `f.${DIMENSION_COLUMNS[d]}` : 'null::text';
  const by = d ? `group by ${key}` : '';
  // A project once per distinct value of a partnership dimension, as projectFactsFrom gives it, but with
  // only the columns the figures read: the distinct over whole fact rows (their place paths) took seconds.
  const pa = d === 'role' || d === 'organisationKind' ? DIMENSION_COLUMNS[d] : null;
  const projects = pa
    ? `(select pf.place_id, pf.budget, pf.eu_contribution, pf.currency, pa.${pa} from projects.project_fact pf
        join (select distinct project_id, ${pa} from projects.partnership_fact) pa on pa.project_id = pf.project_id) f`
    : projectFactsFrom([]);
  // One pass over each fact table: the projects by key and currency (counts and both money columns), the
  // partnerships by key; the groups of either are the rollup's rows.
  const branches = [
    `select ${key} as k, count(*) as projects, count(*) filter (where ${DIRECT}) as projects_direct,
       null::bigint, null::bigint, null::bigint, null::bigint, null::bigint, ${money('f.budget')}, ${money('f.eu_contribution')}
       from ${projects} group by ${d ? `${key}, ` : ''}f.currency`,
    `select ${key}, null::bigint, null::bigint, count(*), count(*) filter (where ${DIRECT}), count(distinct f.organisation_id),
       count(distinct f.organisation_id) filter (where ${DIRECT}), count(distinct f.organisation_id) filter (where not (${DIRECT})), null::jsonb, null::jsonb
       from projects.partnership_fact f ${by}`,
  ];
  // The order of the group keys (groupKeyValues): nulls last, then codepoint order (years as numbers).
  const order = d === 'year' ? 'u.k is null, coalesce(u.k, 0)' : `u.k is null, coalesce(u.k, '') collate "C"`;
  const [dimension, ord, k] = d ? [`'${d}'`, `(row_number() over (order by ${order}))::int`, 'u.k::text'] : [`'${TOTAL}'`, '1', 'null'];
  return `insert into projects.project_rollup (dimension, ord, key, projects, projects_direct, partnerships, partnerships_direct,
      organisations, organisations_direct, organisations_within, budget, eu_contribution)
    select ${dimension}, ${ord}, ${k}, coalesce(sum(u.projects), 0), coalesce(sum(u.projects_direct), 0),
      coalesce(sum(u.partnerships), 0), coalesce(sum(u.partnerships_direct), 0), coalesce(sum(u.organisations), 0),
      coalesce(sum(u.organisations_direct), 0), coalesce(sum(u.organisations_within), 0),
      coalesce(jsonb_agg(u.budget) filter (where u.budget is not null), '[]'), coalesce(jsonb_agg(u.eu) filter (where u.eu is not null), '[]')
    from (${branches.join(' union all ')})
      as u(k, projects, projects_direct, partnerships, partnerships_direct, organisations, organisations_direct, organisations_within, budget, eu)
    ${d ? 'group by u.k' : ''}`;
}

/** Every statement of a rollup rebuild, in order (the migration runs them too, on the facts already there). */
export const rollupStatements = (): string[] => [
  'delete from projects.project_rollup',
  ...[null, ...PROJECT_STATISTICS_DIMENSIONS].map(rollupInsert),
];

/** Rebuilds projects.project_rollup from the fact tables, in the caller's transaction; returns its rows. */
export async function refreshProjectRollup(sql: Sql): Promise<number> {
  for (const statement of rollupStatements()) await sql(statement);
  const [n] = await sql<{ n: number }>('select count(*)::int as n from projects.project_rollup');
  return n?.n ?? 0;
}

interface RollupRow {
  key: string | null;
  projects: number;
  projects_direct: number;
  partnerships: number;
  partnerships_direct: number;
  organisations: number;
  organisations_direct: number;
  organisations_within: number;
  budget: MoneyItem[];
  eu_contribution: MoneyItem[];
  built: boolean;
  dimension: string | null;
}
interface MoneyItem {
  currency: string;
  total: string | null;
  direct: string | null;
  within: string | null;
}

const amounts = (items: MoneyItem[], part: 'total' | 'direct' | 'within'): Money[] =>
  items
    .filter((m) => m[part] !== null)
    .map((m) => ({ amount: new BigNumber(m[part] as string).toFixed(), currency: m.currency }))
    .sort((x, y) => x.currency.localeCompare(y.currency));

function groupOf(row: RollupRow, d: StatisticsDimension | undefined): StatisticsGroup {
  const key: StatisticsKey = {};
  if (d) (key as Record<string, unknown>)[d] = row.key === null ? null : d === 'year' ? Number(row.key) : row.key;
  const n = (v: unknown) => Number(v);
  const figures = (projects: number, partnerships: number, organisations: number, part: 'total' | 'direct' | 'within'): Figures => ({
    projects,
    budget: amounts(row.budget, part),
    euContribution: amounts(row.eu_contribution, part),
    partnerships,
    organisations,
  });
  return {
    key,
    total: figures(n(row.projects), n(row.partnerships), n(row.organisations), 'total'),
    direct: figures(n(row.projects_direct), n(row.partnerships_direct), n(row.organisations_direct), 'direct'),
    withinChildren: figures(
      n(row.projects) - n(row.projects_direct),
      n(row.partnerships) - n(row.partnerships_direct),
      n(row.organisations_within),
      'within',
    ),
  };
}

/** Whether the rollup answers these arguments exactly: the whole graph, no filter, at most one rollup dimension. */
export function rollupCovers(args: StatisticsArgs, ids?: readonly string[]): boolean {
  if (ids) return false;
  if (args.filter && Object.values(args.filter).some((v) => v !== null && v !== undefined)) return false;
  return (
    args.groupBy.length === 0 ||
    (args.groupBy.length === 1 && (PROJECT_STATISTICS_DIMENSIONS as readonly string[]).includes(args.groupBy[0] as string))
  );
}

/**
 * The root figures from the rollup where it covers the arguments (one statement, which also says whether the
 * rollup is built), else from `fallback` (the fact tables). Same groups, keys, order and pages as the fallback.
 */
export function rollupReader<A extends StatisticsArgs>(em: EntityManager, fallback: StatisticsReader<A>): StatisticsReader<A> {
  return {
    async groups(args, ids) {
      if (!rollupCovers(args, ids)) return fallback.groups(args, ids);
      const d = args.groupBy[0];
      const p = args.page;
      const params: unknown[] = [d ?? TOTAL];
      const where: string[] = ['dimension = ?'];
      let tail = 'order by ord';
      if (d && p && 'size' in p) {
        const sorted = d === 'year' ? '(key is null), coalesce(key::int, 0)' : `(key is null), (coalesce(key, '') collate "C")`;
        const type = d === 'year' ? 'integer' : 'text';
        for (const [values, op] of [
          [p.after, '>'],
          [p.before, '<'],
        ] as const) {
          if (!values) continue;
          where.push(`(${sorted}) ${op} (?::boolean, ?::${type})`);
          params.push(...values);
        }
        tail = `order by ord${p.backward ? ' desc' : ''} limit ?`;
        params.push(p.size);
      } else if (d && p && !('size' in p)) {
        tail = 'order by ord limit ? offset ?';
        params.push(p.limit, p.offset);
      }
      const rows = (await em.execute(
        `select r.*, b.built from (select exists (select 1 from projects.project_rollup where dimension = '${TOTAL}') as built) b
         left join lateral (select * from projects.project_rollup where ${where.join(' and ')} ${tail}) r on true`,
        params,
      )) as RollupRow[];
      if (!rows[0]?.built) return fallback.groups(args, ids);
      let groups = mergeGroups(
        args.groupBy,
        rows.filter((r) => r.dimension !== null).map((r) => groupOf(r, d)),
      );
      // Ungrouped, there is one group: a page of it as the fact-table path cuts it.
      if (!d && p) {
        if ('size' in p) groups = p.after || p.before ? [] : groups.slice(0, p.size);
        else groups = groups.slice(p.offset, p.offset + p.limit);
      }
      return [groups];
    },
    async counts(args, ids) {
      const d = args.groupBy[0];
      if (!d || !rollupCovers(args, ids)) return fallback.counts(args, ids);
      // The groups are ranked 1..n: the last rank is their number, read off the primary key's end.
      const rows = (await em.execute(
        `select coalesce((select max(ord) from projects.project_rollup where dimension = ?), 0)::int as n,
           exists (select 1 from projects.project_rollup where dimension = '${TOTAL}') as built`,
        [d],
      )) as Array<{ n: number; built: boolean }>;
      if (!rows[0]?.built) return fallback.counts(args, ids);
      return [Number(rows[0].n)];
    },
  };
}
