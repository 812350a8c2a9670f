import type { EntityManager } from '@mikro-orm/postgresql';
import { coverage } from './coverage.js';
import { byKeyLoader, createSourceLoader, groupLoader, BATCH, keyedRows } from '@regiograph/lib';
import DataLoader from 'dataloader';
import { OutcomeTargetType } from './enums.js';
import { Outcome, OutcomeLink } from './outcome/outcome.entity.js';
import { outcomePagesByTarget } from './outcome/outcome-connection.js';

/** The order outcomes are listed in everywhere: oldest first, undated last. */
const OUTCOME_ORDER = { date: 'asc nulls last', id: 'asc' } as const;

/**
 * Outcomes tied to records of one type (every relation), for a batch of record IDs: ONE select on
 * outcome_link, then ONE select on outcome. An outcome tied to a record twice (produced by and
 * addressed to the same municipality) is listed once.
 */
function outcomesByTarget(em: EntityManager, targetType: OutcomeTargetType): DataLoader<string, Outcome[]> {
  return new DataLoader<string, Outcome[]>(async (targetIds) => {
    const links = await em.find(OutcomeLink, { targetType, targetId: { $in: [...targetIds] } });
    const outcomeIds = [...new Set(links.map((l) => l.outcomeId))];
    const outcomes = outcomeIds.length ? await em.find(Outcome, { id: { $in: outcomeIds } }, { orderBy: OUTCOME_ORDER }) : [];
    const wanted = new Map<string, Set<string>>();
    for (const link of links) {
      const set = wanted.get(link.targetId);
      if (set) set.add(link.outcomeId);
      else wanted.set(link.targetId, new Set([link.outcomeId]));
    }
    return targetIds.map((id) => {
      const ids = wanted.get(id);
      return ids ? outcomes.filter((o) => ids.has(o.id)) : [];
    });
  }, BATCH);
}

/** Every per-parent lookup of this subgraph: one SQL statement per batch (two for the reverse lookups). Created per request. */
export function createLoaders(em: EntityManager) {
  return {
    source: createSourceLoader(em),
    coverage: coverage.loader(em),
    outcome: byKeyLoader(keyedRows(em, Outcome, { key: 'id' }), (o) => o.id),
    linksByOutcome: groupLoader(
      keyedRows(em, OutcomeLink, { key: 'outcomeId', orderBy: ['relation', 'targetType', 'targetId'] }),
      (l) => l.outcomeId,
    ),
    outcomesByOrganisation: outcomesByTarget(em, OutcomeTargetType.ORGANISATION),
    outcomesByPlace: outcomesByTarget(em, OutcomeTargetType.PLACE),
    outcomesByProject: outcomesByTarget(em, OutcomeTargetType.PROJECT),
    outcomesByEvent: outcomesByTarget(em, OutcomeTargetType.EVENT),
    outcomesByNetwork: outcomesByTarget(em, OutcomeTargetType.NETWORK),
    outcomesByProgramme: outcomesByTarget(em, OutcomeTargetType.PROGRAMME),
    outcomePagesByOrganisation: outcomePagesByTarget(em, OutcomeTargetType.ORGANISATION),
    outcomePagesByPlace: outcomePagesByTarget(em, OutcomeTargetType.PLACE),
    outcomePagesByProject: outcomePagesByTarget(em, OutcomeTargetType.PROJECT),
    outcomePagesByEvent: outcomePagesByTarget(em, OutcomeTargetType.EVENT),
    outcomePagesByNetwork: outcomePagesByTarget(em, OutcomeTargetType.NETWORK),
    outcomePagesByProgramme: outcomePagesByTarget(em, OutcomeTargetType.PROGRAMME),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
