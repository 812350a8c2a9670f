import {
  BULK_CHUNK,
  type BulkColumns,
  bulkUpsert,
  identifierKey,
  type Sql,
  searchKeysOf,
  sumResults,
  uniqueIdentifiers,
  type UpsertResult,
  type WriteCounts,
  writeSources,
} from '@regiograph/lib';
import type { AnchorInput, PlaceInput, RecordInput, ResolutionInput, ResolutionResult } from '../identity/types.js';
import type { OrganisationRecordRow, OrganisationsRows, PlaceRow } from './rows.js';

const SCHEMA = 'organisations';

/**
 * Places are written by seeds AND ingest. Names, citations and search keys accumulate ('union'). For a place
 * an article cites (a seed), what the seeds state (names, codes, parent) is only filled in where the stored
 * row has none ('fill'): a seed may know a municipality's NUTS 3 parent where a register knows only the
 * region, and a data file's different spelling is kept as an alternative name. Values only data files give
 * (Wikidata ID, coordinates) follow the latest file unless it is silent ('coalesce'). Places no article
 * cites use DATA_PLACE_COLUMNS below. So seeds -> data -> seeds, and data -> seeds -> data, change nothing
 * on the second pass.
 */
const FILL = (type: string) => ({ type, merge: 'fill' as const });
const PLACE_COLUMNS: BulkColumns = {
  id: 'text',
  name: FILL('text'),
  name_en: FILL('text'),
  kind: FILL('text'),
  country_code: FILL('text'),
  iso_alpha3: FILL('text'),
  nuts_code: FILL('text'),
  lau_code: FILL('text'),
  parent_id: FILL('text'),
  wikidata_id: { type: 'text', merge: 'coalesce' },
  lat: { type: 'double precision', merge: 'coalesce' },
  lng: { type: 'double precision', merge: 'coalesce' },
  alt_names: { type: 'text[]', merge: 'union' },
  designations: { type: 'jsonb', merge: 'insert' },
  search_keys: { type: 'text[]', merge: 'union' },
  source_ids: { type: 'text[]', merge: 'union' },
};

/** Records are written only by ingest: the source's latest word replaces scalars; citations and attributes accumulate. */
const RECORD_COLUMNS: BulkColumns = {
  id: 'text',
  scheme: 'text',
  key: 'text',
  dataset: 'text',
  name: 'text',
  // Several files can describe one record (partners.json and the CSV derived from it); one that does not
  // know a value (the CSV has no donor country) must not erase what another said.
  name_en: { type: 'text', merge: 'coalesce' },
  name_latin: { type: 'text', merge: 'coalesce' },
  country_code: { type: 'text', merge: 'coalesce' },
  place_id: { type: 'text', merge: 'coalesce' },
  place_text: { type: 'text', merge: 'coalesce' },
  identifiers: 'jsonb',
  identifier_keys: 'text[]',
  attributes: { type: 'jsonb', merge: 'merge' },
  search_keys: 'text[]',
  source_ids: { type: 'text[]', merge: 'union' },
};

function recordColumns(r: OrganisationRecordRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(r.identifiers ?? []);
  return {
    id: r.id,
    scheme: r.scheme,
    key: r.key,
    dataset: r.dataset,
    name: r.name,
    name_en: r.nameEn,
    name_latin: r.nameLatin,
    country_code: r.countryCode,
    place_id: r.placeId,
    place_text: r.placeText,
    identifiers,
    identifier_keys: [...new Set([identifierKey(r.scheme, r.key), ...identifiers.map((i) => identifierKey(i.scheme, i.value))])].sort(),
    attributes: r.attributes ?? {},
    search_keys: searchKeysOf(r.name, r.nameEn, r.nameLatin),
    source_ids: r.sourceIds,
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

/**
 * A place no seed cites belongs to the data: its official name, codes and parent follow the latest file that
 * states them ('coalesce'), and a former name stays findable as an alternative name. Names that are only an
 * English label (nameIsLocal: false) never replace one.
 */
const DATA_PLACE_COLUMNS: BulkColumns = {
  ...PLACE_COLUMNS,
  name: { type: 'text', merge: 'coalesce' },
  name_en: { type: 'text', merge: 'coalesce' },
  kind: { type: 'text', merge: 'coalesce' },
  country_code: { type: 'text', merge: 'coalesce' },
  iso_alpha3: { type: 'text', merge: 'coalesce' },
  nuts_code: { type: 'text', merge: 'coalesce' },
  lau_code: { type: 'text', merge: 'coalesce' },
  parent_id: { type: 'text', merge: 'coalesce' },
};

function ownedByData(p: PlaceRow, stored: StoredPlace | undefined): boolean {
  return p.nameIsLocal !== false && !stored?.curated;
}

function placeColumns(p: PlaceRow, stored: StoredPlace | undefined): Record<string, unknown> {
  const altNames = [...(p.altNames ?? [])];
  // The name that does not become the place's name stays findable: the file's (curated place) or the
  // former one (data place renamed by a newer file).
  if (stored !== undefined && stored.name !== p.name) altNames.push(ownedByData(p, stored) ? stored.name : p.name);
  return {
    id: p.id,
    name: p.name,
    name_en: p.nameEn,
    kind: p.kind,
    country_code: p.countryCode,
    iso_alpha3: p.isoAlpha3,
    nuts_code: p.nutsCode,
    lau_code: p.lauCode,
    parent_id: p.parentId,
    wikidata_id: p.wikidataId,
    lat: p.lat,
    lng: p.lng,
    alt_names: altNames,
    designations: [],
    search_keys: searchKeysOf(p.name, p.nameEn, p.altNames, p.nutsCode, p.lauCode),
    source_ids: p.sourceIds,
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

  /** Writes one file's rows with set-based upserts; a second identical write reports 0 created, 0 updated. */
  async write(sql: Sql, rows: OrganisationsRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources ?? []);

    const places = rows.places ?? [];
    const stored = await storedPlaces(sql, [...new Set(places.map((p) => p.id))]);
    const dataOwned = places.filter((p) => ownedByData(p, stored.get(p.id)));
    const curated = places.filter((p) => !ownedByData(p, stored.get(p.id)));
    counts[`${SCHEMA}.place`] = sumResults([
      await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'place' },
        DATA_PLACE_COLUMNS,
        dataOwned.map((p) => placeColumns(p, stored.get(p.id))),
      ),
      await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'place' },
        PLACE_COLUMNS,
        curated.map((p) => placeColumns(p, stored.get(p.id))),
      ),
    ]);

    counts[`${SCHEMA}.place_identifier`] = await bulkUpsert(
      sql,
      { schema: SCHEMA, name: 'place_identifier', key: ['scheme', 'value', 'place_id'] },
      { scheme: 'text', value: 'text', place_id: 'text', source_ids: { type: 'text[]', merge: 'union' } },
      (rows.placeIdentifiers ?? []).map((i) => ({
        scheme: i.scheme.trim().toLowerCase(),
        value: String(i.value).trim(),
        place_id: i.placeId,
        source_ids: i.sourceIds,
      })),
    );

    counts[`${SCHEMA}.place_statistic`] = await bulkUpsert(
      sql,
      { schema: SCHEMA, name: 'place_statistic' },
      {
        id: 'text',
        place_id: 'text',
        indicator: 'text',
        value: 'numeric',
        unit: 'text',
        period: 'text',
        note: 'text',
        source_ids: { type: 'text[]', merge: 'union' },
      },
      (rows.placeStatistics ?? []).map((s) => ({
        id: `${s.placeId}|${s.indicator}|${s.period}`,
        place_id: s.placeId,
        indicator: s.indicator,
        value: s.value,
        unit: s.unit,
        period: s.period,
        note: s.note,
        source_ids: s.sourceIds,
      })),
    );

    counts[`${SCHEMA}.organisation_record`] = await bulkUpsert(
      sql,
      { schema: SCHEMA, name: 'organisation_record' },
      RECORD_COLUMNS,
      (rows.organisationRecords ?? []).map(recordColumns),
    );
    return counts;
  },

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
    }>(
      `select id, scheme, key, dataset, name, name_en, name_latin, country_code, place_id, place_text, identifiers, source_ids,
         organisation_id
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
    }>(
      `select id, kind, country_code, name, name_en, alt_names, parent_id, lau_code, nuts_code
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
    const ids = [...new Set(result.organisations.map((o) => o.id))];
    const curated = new Set(
      ids.length
        ? (
            await sql<{ id: string }>(
              `select id from "${SCHEMA}"."organisation" where not derived and id in (select jsonb_array_elements_text($1::jsonb))`,
              [JSON.stringify(ids)],
            )
          ).map((r) => r.id)
        : [],
    );
    const derivedRows = result.organisations
      .filter((o) => !o.anchored && !curated.has(o.id))
      .map((o) => ({
        id: o.id,
        name: o.name,
        name_en: o.nameEn ?? null,
        kind: o.kind,
        country_code: o.countryCode ?? null,
        place_id: o.placeId ?? null,
        alt_names: [...new Set(o.altNames.filter((n) => n && n !== o.name))].sort(),
        search_keys: searchKeysOf(o.name, o.nameEn, o.altNames),
        source_ids: [...new Set(o.sourceIds)].sort(),
        derived: true,
      }));
    const derived = await bulkUpsert(
      sql,
      { schema: SCHEMA, name: 'organisation' },
      {
        id: 'text',
        name: 'text',
        name_en: 'text',
        kind: 'text',
        country_code: 'text',
        place_id: 'text',
        alt_names: 'text[]',
        search_keys: 'text[]',
        source_ids: 'text[]',
        derived: 'boolean',
      },
      derivedRows,
    );

    const links = result.assignments.map((a) => ({
      record_id: a.recordId,
      organisation_id: a.organisationId,
      rule: a.rule,
      confidence: a.confidence,
      explanation: a.explanation,
    }));
    const recordsChanged = await chunks(
      links,
      async (part) =>
        (
          await sql(
            `update "${SCHEMA}"."organisation_record" r
             set organisation_id = x.organisation_id, match_rule = x.rule, match_confidence = x.confidence,
                 match_explanation = x.explanation, updated_at = now()
           from jsonb_to_recordset($1::jsonb) as x(record_id text, organisation_id text, rule text, confidence double precision, explanation text)
           where r.id = x.record_id
             and (r.organisation_id, r.match_rule, r.match_confidence, r.match_explanation)
                 is distinct from (x.organisation_id, x.rule, x.confidence, x.explanation)
           returning r.id`,
            [JSON.stringify(part)],
          )
        ).length,
    );
    const recordsUnlinked = (
      await sql(
        `update "${SCHEMA}"."organisation_record"
           set organisation_id = null, match_rule = null, match_confidence = null, match_explanation = null, updated_at = now()
         where organisation_id is not null and id not in (select jsonb_array_elements_text($1::jsonb))
         returning id`,
        [JSON.stringify(links.map((l) => l.record_id))],
      )
    ).length;

    const deleted = await sql<{ id: string }>(
      `delete from "${SCHEMA}"."organisation" o
       where o.derived and o.id not in (select jsonb_array_elements_text($1::jsonb))
         and not exists (select 1 from "${SCHEMA}"."organisation_record" r where r.organisation_id = o.id)
       returning o.id`,
      [JSON.stringify(derivedRows.map((o) => o.id))],
    );
    return {
      recordsChanged,
      recordsUnlinked,
      derived: { ...derived, deleted: deleted.length },
      deletedOrganisationIds: deleted.map((d) => d.id).sort(),
    };
  },
};
