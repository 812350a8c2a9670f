import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, filteredGroupLoaders, type SortKey, tableOf } from '@regiograph/lib';
import { type OutcomeFilter, outcomeFilterSql } from './outcome-filter.js';
import { OutcomeTargetType } from '../enums.js';
import { Outcome, OutcomeLink } from './outcome.entity.js';

/** `OutcomeConnection` and `OutcomeEdge`. */
export const OutcomeConnection = connectionTypes(Outcome, 'Outcome', {
  description: 'A page of outcomes, oldest first (undated last), then by ID.',
});

/** Oldest first, undated last, then ID: the date as days since 1900 (an integer key, never null). */
export const OUTCOME_KEYS: readonly SortKey[] = [
  { sql: "coalesce(t.date - date '1900-01-01', 2147483647)", type: 'integer' },
  { sql: 't.id', type: 'text' },
];

/** Keyset pages of the outcomes tied to records of one type (any relation), each outcome once per record, narrowed by a filter. */
export function outcomePagesByTarget(em: EntityManager, targetType: OutcomeTargetType) {
  return filteredGroupLoaders(em, Outcome, {
    source: (parent, filter: OutcomeFilter | null | undefined) => {
      const narrowed = outcomeFilterSql(filter, tableOf(em, OutcomeLink));
      return {
        params: narrowed.params,
        from: `(select distinct l.outcome_id as id from ${tableOf(em, OutcomeLink)} l where l.target_type = '${targetType}' and l.target_id = ${parent}) m
        join ${tableOf(em, Outcome)} t on t.id = m.id ${narrowed.where()}`,
      };
    },
    order: OUTCOME_KEYS,
  });
}
