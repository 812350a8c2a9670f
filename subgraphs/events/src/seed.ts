import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  ancestryPaths,
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
import { AgendaItemKind, EventKind, EventRole, EventStatus } from './enums.js';

/** Citations accumulate: a seed load keeps the sources another load (e.g. ingest) added to a row. */
const SOURCE_IDS: BulkColumn = { type: 'text[]', merge: 'union' };

interface ParticipantSeed {
  organisation?: string;
  description?: string;
  role: string;
  sources?: string[];
}
interface AgendaItemSeed {
  name: string;
  title?: string | null;
  kind: string;
  description?: string;
  organisations?: string[];
  place?: string;
  sources?: string[];
}
interface EventSeed {
  id: string;
  name: string;
  title?: string | null;
  kind: string;
  startDate?: string;
  endDate?: string;
  datePrecision?: string;
  startTime?: string;
  online?: boolean;
  language?: string;
  url?: string;
  status: string;
  summary?: string;
  theme?: string;
  themeEn?: string;
  format?: string;
  participantGroups?: string[];
  note?: string;
  place?: string;
  host?: string;
  organisingProject?: string;
  organisingNetwork?: string;
  parent?: string;
  prepares?: string;
  altTitles?: string[];
  sources?: string[];
  participants?: ParticipantSeed[];
  agenda?: AgendaItemSeed[];
}
export interface EventsSeed {
  events?: EventSeed[];
}

/** YAML 1.1 readers turn an unquoted 2023-06-01 into a Date; the columns want the calendar date as written. */
function day(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

type Rec = Array<Record<string, unknown>>;

/** Rejects typos and missing fields before anything is written, naming the record. */
function check(file: string, data: EventsSeed): void {
  const events = data.events ?? [];
  checkRecords(file, 'events', events as unknown as Rec, {
    required: ['id', 'name', 'kind', 'status'],
    optional: [
      'title',
      'startDate',
      'endDate',
      'datePrecision',
      'startTime',
      'online',
      'language',
      'url',
      'summary',
      'theme',
      'themeEn',
      'format',
      'participantGroups',
      'note',
      'place',
      'host',
      'organisingProject',
      'organisingNetwork',
      'parent',
      'prepares',
      'altTitles',
      'sources',
      'participants',
      'agenda',
    ],
    values: {
      kind: seedValue.oneOf(Object.values(EventKind)),
      status: seedValue.oneOf(Object.values(EventStatus)),
      startDate: seedValue.date,
      endDate: seedValue.date,
      datePrecision: seedValue.oneOf(['DAY', 'MONTH', 'SEASON', 'YEAR']),
      startTime: seedValue.time,
      online: seedValue.boolean,
      participantGroups: seedValue.texts,
      altTitles: seedValue.texts,
      sources: seedValue.texts,
    },
  });
  for (const e of events) {
    checkRecords(file, `events(${e.id}).participants`, e.participants as unknown as Rec, {
      required: ['role'],
      optional: ['organisation', 'description', 'sources'],
      values: { role: seedValue.oneOf(Object.values(EventRole)), sources: seedValue.texts },
    });
    checkRecords(file, `events(${e.id}).agenda`, e.agenda as unknown as Rec, {
      required: ['name', 'kind'],
      optional: ['title', 'description', 'organisations', 'place', 'sources'],
      values: { kind: seedValue.oneOf(Object.values(AgendaItemKind)), organisations: seedValue.texts, sources: seedValue.texts },
    });
    for (const p of e.participants ?? []) {
      if (!p.organisation && !p.description)
        throw new SeedError(`${seedAt(file, p)}: ${e.id}: a participant needs an organisation or a description`);
    }
    if (e.startTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(e.startTime))
      throw new SeedError(`${seedAt(file, e, 'startTime')}: ${e.id}: startTime must be HH:MM`);
    if (e.startDate && !e.datePrecision) throw new SeedError(`${seedAt(file, e, 'startDate')}: ${e.id}: a dated event needs datePrecision`);
  }
}

export async function seedEvents(orm: MikroORM, dir: string): Promise<UpsertResult> {
  const sources = readSources(dir);
  const file = join(dir, 'events.yaml');
  const data = readYaml<EventsSeed>(file);
  check(file, data);
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (em) => {
    const result = await loadEvents(em as EntityManager, schema, sources, data);
    await eventPlacePaths(em as EntityManager, schema, dir);
    return result;
  });
}

/**
 * Fills each event's `place_path` (its place and the places above it) from the seeded places' parents in
 * seeds/organisations.yaml (read here as data: the seeds are shared files); a place the seeds do not
 * know stands for itself. Only rows whose path changes are written, and `updated_at` stays: it is a copy.
 */
export async function eventPlacePaths(em: EntityManager, schema: string, dir: string): Promise<void> {
  const file = join(dir, 'organisations.yaml');
  const places = existsSync(file) ? (readYaml<{ places?: Array<{ id: string; parent?: string | null }> }>(file).places ?? []) : [];
  const paths = ancestryPaths(places.map((p) => ({ id: p.id, parent: p.parent })));
  await em.execute(
    `update "${schema}"."event" t set place_path = coalesce(x.path, case when t.place_id is null then '{}' else array[t.place_id] end)
     from "${schema}"."event" e left join jsonb_to_recordset(?::jsonb) as x(id text, path text[]) on x.id = e.place_id
     where e.id = t.id and t.place_path is distinct from coalesce(x.path, case when t.place_id is null then '{}' else array[t.place_id] end)`,
    [JSON.stringify(paths)],
  );
}

export async function loadEvents(
  em: EntityManager,
  schema: string,
  sources: Array<Record<string, unknown>>,
  data: EventsSeed,
): Promise<UpsertResult> {
  let total = await upsertSources(em, schema, sources);
  const events = data.events ?? [];
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'event' },
      {
        id: 'text',
        name: 'text',
        title: 'text',
        kind: 'text',
        start_date: 'date',
        end_date: 'date',
        date_precision: 'text',
        start_time: 'text',
        online: 'boolean',
        language: 'text',
        url: 'text',
        status: 'text',
        summary: 'text',
        theme: 'text',
        theme_en: 'text',
        format: 'text',
        participant_groups: 'text[]',
        note: 'text',
        place_id: 'text',
        host_id: 'text',
        organising_project_id: 'text',
        organising_network_id: 'text',
        parent_id: 'text',
        prepares_id: 'text',
        search_keys: 'text[]',
        source_ids: SOURCE_IDS,
      },
      events.map((e) => ({
        id: e.id,
        name: e.name,
        title: e.title,
        kind: e.kind,
        start_date: day(e.startDate),
        end_date: day(e.endDate),
        date_precision: e.datePrecision,
        start_time: e.startTime,
        online: e.online,
        language: e.language,
        url: e.url,
        status: e.status,
        summary: e.summary,
        theme: e.theme,
        theme_en: e.themeEn,
        format: e.format,
        participant_groups: e.participantGroups ?? [],
        note: e.note,
        place_id: e.place,
        host_id: e.host,
        organising_project_id: e.organisingProject,
        organising_network_id: e.organisingNetwork,
        parent_id: e.parent,
        prepares_id: e.prepares,
        search_keys: searchKeysOf(e.name, e.title, e.theme, e.themeEn, e.altTitles),
        source_ids: e.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'event_participant', key: ['event_id', 'position'] },
      { event_id: 'text', position: 'integer', organisation_id: 'text', description: 'text', role: 'text', source_ids: SOURCE_IDS },
      events.flatMap((e) =>
        (e.participants ?? []).map((p, i) => ({
          event_id: e.id,
          position: i + 1,
          organisation_id: p.organisation,
          description: p.description,
          role: p.role,
          source_ids: p.sources ?? e.sources ?? [],
        })),
      ),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'agenda_item', key: ['event_id', 'position'] },
      {
        event_id: 'text',
        position: 'integer',
        name: 'text',
        title: 'text',
        kind: 'text',
        description: 'text',
        organisation_ids: 'text[]',
        place_id: 'text',
        source_ids: SOURCE_IDS,
      },
      events.flatMap((e) =>
        (e.agenda ?? []).map((a, i) => ({
          event_id: e.id,
          position: i + 1,
          name: a.name,
          title: a.title,
          kind: a.kind,
          description: a.description,
          organisation_ids: a.organisations ?? [],
          place_id: a.place,
          source_ids: a.sources ?? e.sources ?? [],
        })),
      ),
    ),
  );
  return total;
}
