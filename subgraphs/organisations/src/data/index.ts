import {
  ancestryPaths,
  BULK_CHUNK,
  identifierKey,
  type MergeRule,
  type Sql,
  searchKeysOf,
  sumResults,
  uniqueIdentifiers,
  type UpsertResult,
  type WriteCounts,
  stageRows,
  type WriteTable,
  writeRows,
  writeSources,
  writeTable,
} from '@regiograph/lib';
import type { AnchorInput, PlaceInput, RecordInput, ResolutionInput, ResolutionResult } from '../identity/types.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { OrganisationRecord } from '../organisation/organisation-record.entity.js';
import { Place, PlaceIdentifier, PlaceStatistic } from '../place/place.entity.js';
import { organisations } from '../subgraph.js';
import { refreshParticipation } from './participation.js';
import type { OrganisationRecordRow, OrganisationsRows, PlaceRow } from './rows.js';
import { refreshOrganisationFacts, stageStatisticsInput } from '../statistics/refresh.js';

const SCHEMA = 'organisations';
const entities = organisations.entities;

/**
 * Places are written by seeds AND ingest. Names, citations and search keys accumulate ('union'). For a place
 * an article cites (a seed), what the seeds state (names, codes, parent) is only filled in where the stored
 * row has none ('fill'): a seed may know a municipality's NUTS 3 parent where a register knows only the
 * region, and a data file's different spelling is kept as an alternative name. Values only data files give
 * (Wikidata ID, coordinates) follow the latest file unless it is silent ('coalesce'). Places no article
 * cites use DATA_PLACE_TABLE below. So seeds -> data -> seeds, and data -> seeds -> data, change nothing
 * on the second pass. Columns and types come from the entities (writeTable).
 */
const PLACE_STATED = ['name', 'nameEn', 'kind', 'countryCode', 'isoAlpha3', 'nutsCode', 'lauCode', 'parentId'] as const;
const placeMerge = (stated: MergeRule) =>
  ({
    ...Object.fromEntries(PLACE_STATED.map((p) => [p, stated])),
    wikidataId: 'coalesce',
    lat: 'coalesce',
    lng: 'coalesce',
    altNames: 'union',
    designations: 'insert',
    searchKeys: 'union',
    sourceIds: 'union',
  }) as const satisfies Partial<Record<keyof Place, MergeRule>>;
export const PLACE_TABLE = writeTable<Place>({ schema: SCHEMA, entity: Place, entities, merge: placeMerge('fill') });

/**
 * A place no seed cites belongs to the data: its official name, codes and parent follow the latest file that
 * states them ('coalesce'), and a former name stays findable as an alternative name. Names that are only an
 * English label (nameIsLocal: false) never replace one.
 */
export const DATA_PLACE_TABLE = writeTable<Place>({ schema: SCHEMA, entity: Place, entities, merge: placeMerge('coalesce') });

export const PLACE_IDENTIFIER_TABLE = writeTable<PlaceIdentifier>({
  schema: SCHEMA,
  perCommand: true,
  entity: PlaceIdentifier,
  entities,
  merge: { sourceIds: 'union' },
});

export const PLACE_STATISTIC_TABLE = writeTable<PlaceStatistic>({
  schema: SCHEMA,
  perCommand: true,
  entity: PlaceStatistic,
  entities,
  merge: { sourceIds: 'union' },
});

const RESOLVED = 'identity resolution sets it (applyResolution), never a file';

/** Records are written only by ingest: the source's latest word replaces scalars; citations and attributes accumulate. */
export const RECORD_TABLE = writeTable<OrganisationRecord>({
  schema: SCHEMA,
  perCommand: true,
  entity: OrganisationRecord,
  entities,
  // Several files can describe one record (partners.json and the CSV derived from it); one that does not
  // know a value (the CSV has no donor country) must not erase what another said.
  merge: {
    nameEn: 'coalesce',
    nameLatin: 'coalesce',
    countryCode: 'coalesce',
    placeId: 'coalesce',
    placeText: 'coalesce',
    kindHint: 'coalesce',
    kindRule: 'coalesce',
    attributes: 'merge',
    sourceIds: 'union',
  },
  skip: { organisationId: RESOLVED, matchRule: RESOLVED, matchConfidence: RESOLVED, matchExplanation: RESOLVED },
});

const NOT_DERIVED = 'curated organisations (seeds) only; identity resolution does not derive it';
const PARTICIPATION = 'copied from the projects and funding subgraphs by refreshParticipation, after the command';

/** The organisations identity resolution derives: written whole by applyResolution. */
export const DERIVED_ORGANISATION_TABLE = writeTable<Organisation>({
  schema: SCHEMA,
  entity: Organisation,
  entities,
  skip: {
    acronym: NOT_DERIVED,
    parentId: NOT_DERIVED,
    website: NOT_DERIVED,
    description: NOT_DERIVED,
    takesPartIn: PARTICIPATION,
    partnerRoles: PARTICIPATION,
  },
});

function recordColumns(r: OrganisationRecordRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(r.identifiers ?? []);
  return {
    ...r,
    identifiers,
    identifierKeys: [...new Set([identifierKey(r.scheme, r.key), ...identifiers.map((i) => identifierKey(i.scheme, i.value))])].sort(),
    attributes: r.attributes ?? {},
    searchKeys: searchKeysOf(r.name, r.nameEn, r.nameLatin),
  };
}

/** What decides how a file's row merges into a stored place. */
interface StoredPlace {
  name: string;
  /** Cited by a seed (an article): its curated values win over data files. */
  curated: boolean;
}

// Lists travel as one jsonb parameter (like bulkUpsert's rows): an executor that rewrites `$n` to `?` for
// knex would otherwise expand a JS array into a comma list.
async function storedPlaces(sql: Sql, ids: string[]): Promise<Map<string, StoredPlace>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string; curated: boolean }>(
    `select id, name, exists (select 1 from unnest(source_ids) s where strpos(s, '#') = 0) as curated
     from "${SCHEMA}"."place" where id in (select jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, curated: r.curated }]));
}

function ownedByData(p: PlaceRow, stored: StoredPlace | undefined): boolean {
  return p.nameIsLocal !== false && !stored?.curated;
}

function placeColumns(p: PlaceRow, stored: StoredPlace | undefined): Record<string, unknown> {
  const altNames = [...(p.altNames ?? [])];
  // The name that does not become the place's name stays findable: the file's (curated place) or the
  // former one (data place renamed by a newer file).
  if (stored !== undefined && stored.name !== p.name) altNames.push(ownedByData(p, stored) ? stored.name : p.name);
  return {
    ...p,
    altNames,
    designations: [],
    searchKeys: searchKeysOf(p.name, p.nameEn, p.altNames, p.nutsCode, p.lauCode),
  };
}

export interface ResolutionCounts {
  /** Records whose link (organisation, rule, confidence or explanation) changed. */
  recordsChanged: number;
  /** Records that were linked and are not in the result any more (now unlinked). */
  recordsUnlinked: number;
  /** Organisations identity resolution created (derived = true): created / updated / unchanged / deleted. */
  derived: UpsertResult & { deleted: number };
  /** IDs of derived organisations deleted because no record links to them any more (other subgraphs relink). */
  deletedOrganisationIds: string[];
}

async function chunks<T>(items: T[], work: (part: T[]) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < items.length; i += BULK_CHUNK) total += await work(items.slice(i, i + BULK_CHUNK));
  return total;
}

/** The organisations subgraph's data module: what the ingest command calls, inside its one transaction. */
export const data = {
  schema: SCHEMA,
  /** The place tree (each place's ancestry) and the organisation kinds the other subgraphs' fact tables copy. */
  stageStatisticsInput,
  /** Rebuilds the fact table organisationStatistics reads. */
  refreshStatistics: refreshOrganisationFacts,
  /** The tables this module writes, with their columns from the entities (the write-path test reads them). */
  tables: [
    PLACE_TABLE,
    DATA_PLACE_TABLE,
    PLACE_IDENTIFIER_TABLE,
    PLACE_STATISTIC_TABLE,
    RECORD_TABLE,
    DERIVED_ORGANISATION_TABLE,
  ] as WriteTable[],

  /** Writes one file's rows with set-based upserts; a second identical write reports 0 created, 0 updated. */
  async write(sql: Sql, rows: OrganisationsRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources ?? []);

    const places = rows.places ?? [];
    const stored = await storedPlaces(sql, [...new Set(places.map((p) => p.id))]);
    const dataOwned = places.filter((p) => ownedByData(p, stored.get(p.id)));
    const curated = places.filter((p) => !ownedByData(p, stored.get(p.id)));
    counts[`${SCHEMA}.place`] = sumResults([
      await writeRows(
        sql,
        DATA_PLACE_TABLE,
        dataOwned.map((p) => placeColumns(p, stored.get(p.id))),
      ),
      await writeRows(
        sql,
        PLACE_TABLE,
        curated.map((p) => placeColumns(p, stored.get(p.id))),
      ),
    ]);

    counts[`${SCHEMA}.place_identifier`] = await writeRows(
      sql,
      PLACE_IDENTIFIER_TABLE,
      (rows.placeIdentifiers ?? []).map((i) => ({ ...i, scheme: i.scheme.trim().toLowerCase(), value: String(i.value).trim() })),
    );

    counts[`${SCHEMA}.place_statistic`] = await writeRows(
      sql,
      PLACE_STATISTIC_TABLE,
      (rows.placeStatistics ?? []).map((s) => ({ ...s, id: `${s.placeId}|${s.indicator}|${s.period}` })),
    );

    counts[`${SCHEMA}.organisation_record`] = await writeRows(sql, RECORD_TABLE, (rows.organisationRecords ?? []).map(recordColumns));
    return counts;
  },

  /**
   * What other subgraphs copy for their filters (see the projects data module's refreshDerived): the given
   * places, each with the IDs of itself and every place it lies in (cycles cut), and the given organisations' kinds.
   */
  async placeAncestry(sql: Sql, placeIds: readonly string[]): Promise<Array<{ id: string; path: string[] }>> {
    // The places asked for and those above them, by one walk up the parent links; the paths are made in memory.
    const pairs = await sql<{ id: string; parent: string | null }>(
      `with recursive up(id, parent) as (
         select id, parent_id from "${SCHEMA}"."place" where id = any($1::text[])
         union select p.id, p.parent_id from up join "${SCHEMA}"."place" p on p.id = up.parent)
       select id, parent from up`,
      [placeIds],
    );
    const asked = new Set(placeIds);
    return ancestryPaths(pairs).filter((p) => asked.has(p.id));
  },

  async organisationKinds(sql: Sql, organisationIds: readonly string[]): Promise<Array<{ id: string; kind: string }>> {
    return sql<{ id: string; kind: string }>(`select id, kind from "${SCHEMA}"."organisation" where id = any($1::text[])`, [
      organisationIds,
    ]);
  },

  /** See data/participation.ts: the organisation filters' copies of projects' and funding's data. */
  refreshParticipation,

  /** True when some record has no canonical organisation yet (a load committed, its identity step did not run). */
  async hasUnresolvedRecords(sql: Sql): Promise<boolean> {
    const rows = await sql(`select 1 from "${SCHEMA}"."organisation_record" where organisation_id is null limit 1`);
    return rows.length > 0;
  },

  /**
   * Every organisation record, the curated (non-derived) organisations as anchors, and the places that have a
   * government (LAU municipalities and regions; not localities) for the identity resolver.
   */
  async loadResolutionInput(sql: Sql): Promise<ResolutionInput> {
    const records = await sql<{
      id: string;
      scheme: string;
      key: string;
      dataset: string;
      name: string;
      name_en: string | null;
      name_latin: string | null;
      country_code: string | null;
      place_id: string | null;
      place_text: string | null;
      identifiers: Array<{ scheme: string; value: string }>;
      source_ids: string[];
      organisation_id: string | null;
      kind_hint: string | null;
      kind_rule: string | null;
    }>(
      `select id, scheme, key, dataset, name, name_en, name_latin, country_code, place_id, place_text, identifiers, source_ids,
         organisation_id, kind_hint, kind_rule
       from "${SCHEMA}"."organisation_record" order by id`,
    );
    const anchors = await sql<{
      id: string;
      name: string;
      name_en: string | null;
      acronym: string | null;
      alt_names: string[];
      kind: string;
      country_code: string | null;
      place_id: string | null;
      place_ids: string[];
      identifiers: Array<{ scheme: string; value: string }>;
    }>(
      // place_ids: the places enclosing the organisation's place (its NUTS 3, NUTS 2... regions), excluding countries.
      `with recursive up(organisation_id, place_id, depth) as (
         select o.id, p.parent_id, 1 from "${SCHEMA}"."organisation" o join "${SCHEMA}"."place" p on p.id = o.place_id
           where not o.derived and p.parent_id is not null
         union all
         select up.organisation_id, p.parent_id, up.depth + 1 from up join "${SCHEMA}"."place" p on p.id = up.place_id
           where p.parent_id is not null and up.depth < 10)
       select o.id, o.name, o.name_en, o.acronym, o.alt_names, o.kind, o.country_code, o.place_id,
         array(select up.place_id from up join "${SCHEMA}"."place" p on p.id = up.place_id
               where up.organisation_id = o.id and p.kind <> 'COUNTRY' order by up.depth) as place_ids,
         coalesce((select jsonb_agg(jsonb_build_object('scheme', i.scheme, 'value', i.value) order by i.scheme, i.value)
                   from "${SCHEMA}"."organisation_identifier" i where i.organisation_id = o.id), '[]'::jsonb) as identifiers
       from "${SCHEMA}"."organisation" o where not o.derived order by o.id`,
    );
    const places = await sql<{
      id: string;
      kind: string;
      country_code: string | null;
      name: string;
      name_en: string | null;
      alt_names: string[] | null;
      parent_id: string | null;
      lau_code: string | null;
      nuts_code: string | null;
      source_ids: string[] | null;
    }>(
      `select id, kind, country_code, name, name_en, alt_names, parent_id, lau_code, nuts_code, source_ids
       from "${SCHEMA}"."place" where kind in ('MUNICIPALITY', 'NUTS1', 'NUTS2', 'NUTS3') order by id`,
    );
    return {
      places: places.map(
        (p): PlaceInput => ({
          id: p.id,
          kind: p.kind,
          countryCode: p.country_code,
          name: p.name,
          nameEn: p.name_en,
          altNames: p.alt_names ?? [],
          parentId: p.parent_id,
          lauCode: p.lau_code,
          nutsCode: p.nuts_code,
          sourceIds: p.source_ids ?? [],
        }),
      ),
      records: records.map(
        (r): RecordInput => ({
          id: r.id,
          scheme: r.scheme,
          key: r.key,
          dataset: r.dataset,
          name: r.name,
          nameEn: r.name_en,
          nameLatin: r.name_latin,
          countryCode: r.country_code,
          placeId: r.place_id,
          placeText: r.place_text,
          identifiers: r.identifiers ?? [],
          sourceIds: r.source_ids ?? [],
          organisationId: r.organisation_id,
          kindHint: r.kind_hint,
          kindRule: r.kind_rule,
        }),
      ),
      anchors: anchors.map(
        (a): AnchorInput => ({
          id: a.id,
          name: a.name,
          nameEn: a.name_en,
          acronym: a.acronym,
          altNames: a.alt_names ?? [],
          kind: a.kind,
          countryCode: a.country_code,
          placeId: a.place_id,
          placeIds: a.place_ids ?? [],
          identifiers: a.identifiers ?? [],
        }),
      ),
    };
  },

  /**
   * Stores a COMPLETE resolution (one assignment per record loadResolutionInput returned), set-based:
   * upserts the derived organisations (never touching a curated one: for a cluster anchored on a seeded
   * organisation only the record links change), re-links records whose link changed, unlinks records the
   * result no longer assigns, and deletes derived organisations nothing links to any more, so undoing a
   * merge leaves no orphan.
   */
  async applyResolution(sql: Sql, result: ResolutionResult): Promise<ResolutionCounts> {
    // The curated organisations are the seeded few: reading their IDs costs less than sending every result's.
    const curated = new Set(
      result.organisations.length
        ? (await sql<{ id: string }>(`select id from "${SCHEMA}"."organisation" where not derived`)).map((r) => r.id)
        : [],
    );
    const derivedRows = result.organisations
      .filter((o) => !o.anchored && !curated.has(o.id))
      .map((o) => ({
        id: o.id,
        name: o.name,
        nameEn: o.nameEn ?? null,
        kind: o.kind,
        kindRule: o.kindRule ?? null,
        countryCode: o.countryCode ?? null,
        placeId: o.placeId ?? null,
        altNames: [...new Set(o.altNames.filter((n) => n && n !== o.name))].sort(),
        searchKeys: searchKeysOf(o.name, o.nameEn, o.altNames),
        sourceIds: [...new Set(o.sourceIds)].sort(),
        derived: true,
      }));
    const derived = await writeRows(sql, DERIVED_ORGANISATION_TABLE, derivedRows);

    const links = result.assignments.map((a) => ({
      record_id: a.recordId,
      organisation_id: a.organisationId,
      rule: a.rule,
      confidence: a.confidence,
      // The resolver joins a key's parts with NUL; an explanation quoting a key must not carry one into a
      // PostgreSQL text column, which cannot hold it (the whole identity step would fail).
      explanation: a.explanation.replaceAll(String.fromCharCode(0), ' '),
    }));
    // The assignments and the derived organisations' IDs are staged by COPY where the connection can (one
    // statement each then), else they travel as jsonb.
    const staged = await stageRows(
      sql,
      'assignments',
      { record_id: 'text', organisation_id: 'text', rule: 'text', confidence: 'double precision', explanation: 'text' },
      links,
    );
    const relink = (from: string) =>
      `update "${SCHEMA}"."organisation_record" r
       set organisation_id = x.organisation_id, match_rule = x.rule, match_confidence = x.confidence,
           match_explanation = x.explanation, updated_at = now()
       from ${from}
       where r.id = x.record_id
         and (r.organisation_id, r.match_rule, r.match_confidence, r.match_explanation)
             is distinct from (x.organisation_id, x.rule, x.confidence, x.explanation)
       returning 1`;
    // Counted by the server: a first load changes every record's link, and their IDs need not travel back.
    const counted = async (statement: string, params: unknown[] = []) =>
      (await sql<{ n: number }>(`with changed as (${statement}) select count(*)::int as n from changed`, params))[0]?.n ?? 0;
    const recordsChanged = staged
      ? await counted(relink(`${staged} x`))
      : await chunks(links, (part) =>
          counted(
            relink(
              'jsonb_to_recordset($1::jsonb) as x(record_id text, organisation_id text, rule text, confidence double precision, explanation text)',
            ),
            [JSON.stringify(part)],
          ),
        );
    const unlink = `update "${SCHEMA}"."organisation_record" r
         set organisation_id = null, match_rule = null, match_confidence = null, match_explanation = null, updated_at = now()
       where r.organisation_id is not null and not exists (select 1 from ${staged ? `${staged} x` : 'jsonb_to_recordset($1::jsonb) as x(record_id text)'} where x.record_id = r.id)
       returning 1`;
    const recordsUnlinked = await counted(unlink, staged ? [] : [JSON.stringify(links.map((l) => ({ record_id: l.record_id })))]);

    const kept = await stageRows(
      sql,
      'derived_ids',
      { id: 'text' },
      derivedRows.map((o) => ({ id: o.id })),
    );
    const deleted = await sql<{ id: string }>(
      `delete from "${SCHEMA}"."organisation" o
       where o.derived and not exists (select 1 from ${kept ? `${kept} k` : 'jsonb_to_recordset($1::jsonb) as k(id text)'} where k.id = o.id)
         and not exists (select 1 from "${SCHEMA}"."organisation_record" r where r.organisation_id = o.id)
       returning o.id`,
      kept ? [] : [JSON.stringify(derivedRows.map((o) => ({ id: o.id })))],
    );
    return {
      recordsChanged,
      recordsUnlinked,
      derived: { ...derived, deleted: deleted.length },
      deletedOrganisationIds: deleted.map((d) => d.id).sort(),
    };
  },
};
