import { type Sql, searchKeysOf, type WriteCounts, type WriteTable, writeRows, writeSources, writeTable } from '@regiograph/lib';
import { OutcomeKind, OutcomeRelation, OutcomeStatus, OutcomeTargetType } from '../enums.js';
import { Outcome, OutcomeLink } from '../outcome/outcome.entity.js';
import { outcomes } from '../subgraph.js';
import type { IndicatorRow, OutcomeLinkRow, OutcomeRow, OutcomesRows } from './rows.js';

const SCHEMA = 'outcomes';
const SEEDS_ONLY = 'only the seeds (articles) state it; no data file does';

// Outcomes from data files (programme results) belong to their file: its values replace the stored ones,
// and citations accumulate. Lists only the seeds' hand-written outcomes carry are empty when a file creates
// the row, never touched after ('insert'). Columns and types come from the entities (writeTable).
export const OUTCOME_TABLE = writeTable<Outcome>({
  schema: SCHEMA,
  perCommand: true,
  entity: Outcome,
  entities: outcomes.entities,
  merge: { objectives: 'insert', actions: 'insert', steps: 'insert', ideas: 'insert', questions: 'insert', sourceIds: 'union' },
  skip: { titleEn: SEEDS_ONLY, date: SEEDS_ONLY, datePrecision: SEEDS_ONLY },
});

export const OUTCOME_LINK_TABLE = writeTable<OutcomeLink>({
  schema: SCHEMA,
  perCommand: true,
  entity: OutcomeLink,
  entities: outcomes.entities,
  merge: { sourceIds: 'union' },
});

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
  /** The tables this module writes, with their columns from the entities (the write-path test reads them). */
  tables: [OUTCOME_TABLE, OUTCOME_LINK_TABLE] as WriteTable[],

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
      counts[`${SCHEMA}.outcome`] = await writeRows(
        sql,
        OUTCOME_TABLE,
        rows.outcomes.map((o) => ({
          ...o,
          status: o.status ?? OutcomeStatus.UNKNOWN,
          indicators: indicatorsOf(o),
          objectives: [],
          actions: [],
          steps: [],
          ideas: [],
          questions: [],
          searchKeys: searchKeysOf(o.name, o.title),
        })),
      );
    }
    if (rows.links) counts[`${SCHEMA}.outcome_link`] = await writeRows(sql, OUTCOME_LINK_TABLE, rows.links);
    return counts;
  },
};
