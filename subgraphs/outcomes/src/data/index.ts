import { type BulkColumn, bulkUpsert, type Sql, searchKeysOf, type WriteCounts, writeSources } from '@regiograph/lib';
import { OutcomeKind, OutcomeRelation, OutcomeStatus, OutcomeTargetType } from '../enums.js';
import type { IndicatorRow, OutcomeLinkRow, OutcomeRow, OutcomesRows } from './rows.js';

const SCHEMA = 'outcomes';

const union: BulkColumn = { type: 'text[]', merge: 'union' };
// Lists only the seeds' hand-written outcomes carry: empty when a file creates the row, never touched after.
const onCreate = (type: string): BulkColumn => ({ type, merge: 'insert' });

// Outcomes from data files (programme results) belong to their file: its values replace the stored ones,
// and citations accumulate.
const OUTCOME_COLUMNS = {
  id: 'text',
  kind: 'text',
  name: 'text',
  title: 'text',
  language: 'text',
  summary: 'text',
  status: 'text',
  indicators: 'jsonb',
  objectives: onCreate('jsonb'),
  actions: onCreate('text[]'),
  steps: onCreate('text[]'),
  ideas: onCreate('text[]'),
  questions: onCreate('text[]'),
  search_keys: 'text[]',
  source_ids: union,
} as const;

const LINK_COLUMNS = { outcome_id: 'text', relation: 'text', target_type: 'text', target_id: 'text', source_ids: union } as const;

const KINDS = new Set<string>(Object.values(OutcomeKind));
const STATUSES = new Set<string>(Object.values(OutcomeStatus));
const RELATIONS = new Set<string>(Object.values(OutcomeRelation));
const TARGET_TYPES = new Set<string>(Object.values(OutcomeTargetType));

/** A value the GraphQL enums could not serve would break every query that reaches the row: refuse it. */
function check(o: OutcomeRow | OutcomeLinkRow, field: string, value: string | null | undefined, allowed: Set<string>): void {
  if (value != null && !allowed.has(value)) {
    const id = 'id' in o ? o.id : `${o.outcomeId} -> ${o.targetType} ${o.targetId}`;
    throw new Error(`outcomes data: ${id}: ${field} "${value}" is not one of ${[...allowed].join(', ')}`);
  }
}

/** Indicators in the source's order (then by name), so an unchanged list compares equal. */
function indicatorsOf(o: OutcomeRow): IndicatorRow[] {
  return (o.indicators ?? [])
    .map((i) => ({ name: i.name, achievement: i.achievement ?? null, order: i.order ?? null }))
    .sort(
      (a, b) =>
        (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}

/** The outcomes subgraph's writer for the ingest command: set-based upserts into its own schema only. */
export const data = {
  schema: SCHEMA,

  /** Writes one file's rows; called inside the ingest transaction. Returns per-table counts. */
  async write(sql: Sql, rows: OutcomesRows): Promise<WriteCounts> {
    for (const o of rows.outcomes ?? []) {
      check(o, 'kind', o.kind, KINDS);
      check(o, 'status', o.status, STATUSES);
    }
    for (const l of rows.links ?? []) {
      check(l, 'relation', l.relation, RELATIONS);
      check(l, 'targetType', l.targetType, TARGET_TYPES);
    }
    const counts: WriteCounts = {};
    if (rows.sources) counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources);
    if (rows.outcomes) {
      counts[`${SCHEMA}.outcome`] = await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'outcome' },
        OUTCOME_COLUMNS,
        rows.outcomes.map((o) => ({
          id: o.id,
          kind: o.kind,
          name: o.name,
          title: o.title,
          language: o.language,
          summary: o.summary,
          status: o.status ?? OutcomeStatus.UNKNOWN,
          indicators: indicatorsOf(o),
          objectives: [],
          actions: [],
          steps: [],
          ideas: [],
          questions: [],
          search_keys: searchKeysOf(o.name, o.title),
          source_ids: o.sourceIds,
        })),
      );
    }
    if (rows.links) {
      counts[`${SCHEMA}.outcome_link`] = await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'outcome_link', key: ['outcome_id', 'relation', 'target_type', 'target_id'] },
        LINK_COLUMNS,
        rows.links.map((l) => ({
          outcome_id: l.outcomeId,
          relation: l.relation,
          target_type: l.targetType,
          target_id: l.targetId,
          source_ids: l.sourceIds,
        })),
      );
    }
    return counts;
  },
};
