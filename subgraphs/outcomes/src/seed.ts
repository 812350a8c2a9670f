import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  addResults,
  type BulkColumn,
  checkRecords,
  readSources,
  readYaml,
  SeedError,
  searchKeysOf,
  seedAt,
  seedValue,
  type UpsertResult,
  upsertRows,
  upsertSources,
} from '@regiograph/lib';
import { OutcomeKind, OutcomeObjectiveKind, OutcomeRelation, OutcomeStatus, OutcomeTargetType } from './enums.js';

/** Citations accumulate: reloading the seeds keeps the sources an ingest load added to a row. */
const SOURCE_IDS: BulkColumn = { type: 'text[]', merge: 'union' };

/** Seed list field -> how the outcome is tied to the IDs it lists, and the ID prefix those IDs must carry. */
const LINK_FIELDS = {
  producedByProjects: [OutcomeRelation.PRODUCED_BY, OutcomeTargetType.PROJECT, 'project:'],
  producedByNetworks: [OutcomeRelation.PRODUCED_BY, OutcomeTargetType.NETWORK, 'network:'],
  producedByOrganisations: [OutcomeRelation.PRODUCED_BY, OutcomeTargetType.ORGANISATION, 'org:'],
  producedAtEvents: [OutcomeRelation.PRODUCED_AT, OutcomeTargetType.EVENT, 'event:'],
  presentedAtEvents: [OutcomeRelation.PRESENTED_AT, OutcomeTargetType.EVENT, 'event:'],
  discussedAtEvents: [OutcomeRelation.DISCUSSED_AT, OutcomeTargetType.EVENT, 'event:'],
  presentedInNetworks: [OutcomeRelation.PRESENTED_IN, OutcomeTargetType.NETWORK, 'network:'],
  addressedToOrganisations: [OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.ORGANISATION, 'org:'],
  addressedToPlaces: [OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PLACE, 'place:'],
  addressedToProgrammes: [OutcomeRelation.ADDRESSED_TO, OutcomeTargetType.PROGRAMME, 'programme:'],
  aboutOrganisations: [OutcomeRelation.ABOUT, OutcomeTargetType.ORGANISATION, 'org:'],
  respondsToOutcomes: [OutcomeRelation.RESPONDS_TO, OutcomeTargetType.OUTCOME, 'outcome:'],
} as const;
type LinkField = keyof typeof LINK_FIELDS;

type OutcomeSeed = {
  id: string;
  kind: string;
  name: string;
  title?: string;
  titleEn?: string;
  language?: string;
  summary?: string;
  objectives?: Array<{ kind: string; text: string }>;
  actions?: string[];
  steps?: string[];
  ideas?: string[];
  questions?: string[];
  status?: string;
  date?: string;
  datePrecision?: string;
  sources?: string[];
} & Partial<Record<LinkField, string[]>>;

export interface OutcomesSeed {
  outcomes?: OutcomeSeed[];
}

const FILE = 'outcomes.yaml';

/** Field names, enum values and ID prefixes, checked before anything is written. */
export function checkOutcomesSeed(data: OutcomesSeed, file = FILE): void {
  checkRecords(file, 'outcomes', data.outcomes as Array<Record<string, unknown>> | undefined, {
    required: ['id', 'kind', 'name', 'sources'],
    optional: [
      'title',
      'titleEn',
      'language',
      'summary',
      'actions',
      'steps',
      'ideas',
      'questions',
      'status',
      'date',
      'datePrecision',
      ...Object.keys(LINK_FIELDS),
    ],
    values: {
      kind: seedValue.oneOf(Object.values(OutcomeKind)),
      status: seedValue.oneOf(Object.values(OutcomeStatus)),
      date: seedValue.date,
      datePrecision: seedValue.oneOf(['DAY', 'MONTH', 'SEASON', 'YEAR']),
      sources: seedValue.texts,
      actions: seedValue.texts,
      steps: seedValue.texts,
      ideas: seedValue.texts,
      questions: seedValue.texts,
      ...Object.fromEntries(Object.keys(LINK_FIELDS).map((field) => [field, seedValue.texts])),
    },
    nested: {
      objectives: {
        required: ['kind', 'text'],
        optional: [],
        values: { kind: seedValue.oneOf(Object.values(OutcomeObjectiveKind)), text: seedValue.text },
      },
    },
  });
  const ids = new Set<string>();
  for (const o of data.outcomes ?? []) {
    if (!o.id.startsWith('outcome:')) throw new SeedError(`${seedAt(file, o, 'id')}: ${o.id}: outcome IDs start with "outcome:"`);
    if (ids.has(o.id)) throw new SeedError(`${seedAt(file, o, 'id')}: ${o.id}: duplicate ID`);
    ids.add(o.id);
    if ((o.date == null) !== (o.datePrecision == null))
      throw new SeedError(`${seedAt(file, o, o.date == null ? 'datePrecision' : 'date')}: ${o.id}: date and datePrecision go together`);
    for (const [field, [, , prefix]] of Object.entries(LINK_FIELDS)) {
      for (const target of o[field as LinkField] ?? []) {
        if (!target.startsWith(prefix))
          throw new SeedError(`${seedAt(file, o, field)}: ${o.id}: ${field} lists "${target}", expected an ID starting "${prefix}"`);
      }
    }
  }
}

export async function seedOutcomes(orm: MikroORM, dir: string): Promise<UpsertResult> {
  const sources = readSources(dir);
  const file = join(dir, FILE);
  const data = readYaml<OutcomesSeed>(file);
  checkOutcomesSeed(data, file);
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (em) => loadOutcomes(em as EntityManager, schema, sources, data));
}

export async function loadOutcomes(
  em: EntityManager,
  schema: string,
  sources: Array<Record<string, unknown>>,
  data: OutcomesSeed,
): Promise<UpsertResult> {
  let total = await upsertSources(em, schema, sources);
  const outcomes = data.outcomes ?? [];
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'outcome' },
      {
        id: 'text',
        kind: 'text',
        name: 'text',
        title: 'text',
        title_en: 'text',
        language: 'text',
        summary: 'text',
        objectives: 'jsonb',
        actions: 'text[]',
        steps: 'text[]',
        ideas: 'text[]',
        questions: 'text[]',
        status: 'text',
        date: 'date',
        date_precision: 'text',
        search_keys: 'text[]',
        source_ids: SOURCE_IDS,
      },
      outcomes.map((o) => ({
        id: o.id,
        kind: o.kind,
        name: o.name,
        title: o.title,
        title_en: o.titleEn,
        language: o.language,
        summary: o.summary,
        objectives: o.objectives ?? [],
        actions: o.actions ?? [],
        steps: o.steps ?? [],
        ideas: o.ideas ?? [],
        questions: o.questions ?? [],
        status: o.status ?? OutcomeStatus.UNKNOWN,
        date: o.date,
        date_precision: o.datePrecision,
        search_keys: searchKeysOf(o.name, o.title, o.titleEn),
        source_ids: o.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'outcome_link', key: ['outcome_id', 'relation', 'target_type', 'target_id'] },
      { outcome_id: 'text', relation: 'text', target_type: 'text', target_id: 'text', source_ids: SOURCE_IDS },
      outcomes.flatMap((o) =>
        Object.entries(LINK_FIELDS).flatMap(([field, [relation, targetType]]) =>
          (o[field as LinkField] ?? []).map((targetId) => ({
            outcome_id: o.id,
            relation,
            target_type: targetType,
            target_id: targetId,
            source_ids: o.sources ?? [],
          })),
        ),
      ),
    ),
  );
  return total;
}
