import {
  type BulkColumns,
  bulkUpsert,
  identifierKey,
  type OrganisationLink,
  relinkByRecord,
  searchKeysOf,
  type Sql,
  uniqueIdentifiers,
  type WriteCounts,
  writeSources,
} from '@regiograph/lib';
import type { PartnershipRow, ProjectRow, ProjectsRows } from './rows.js';

const SCHEMA = 'projects';

const union = { type: 'text[]', merge: 'union' } as const;
/** A value some sources (or the seeds) know and others do not: a row without it never erases it. */
const coalesce = (type: string) => ({ type, merge: 'coalesce' }) as const;

/**
 * Project rows may meet seed rows with the same ID, so arrays accumulate ('union') and the nullable
 * scalars a source may not know are coalesced. Identifiers are the row's own list, replaced as a whole
 * (they and their lookup keys come from the same list, so they never disagree); attributes merge key by key.
 */
const PROJECT_COLUMNS: BulkColumns = {
  id: 'text',
  title: 'text',
  status: 'text',
  acronym: coalesce('text'),
  code: coalesce('text'),
  summary: coalesce('text'),
  start_date: coalesce('date'),
  end_date: coalesce('date'),
  date_precision: coalesce('text'),
  status_as_of: coalesce('date'),
  programme_id: coalesce('text'),
  total_budget: coalesce('numeric'),
  eu_funding: coalesce('numeric'),
  co_financing_rate: coalesce('numeric'),
  currency: coalesce('text'),
  // Sources give no themes; [] on creation only, so the seeds' ordered themes are never touched.
  themes: { type: 'text[]', merge: 'insert' },
  country_ids: union,
  place_ids: union,
  identifiers: 'jsonb',
  identifier_keys: 'text[]',
  attributes: { type: 'jsonb', merge: 'merge' },
  search_keys: union,
  source_ids: union,
};

/**
 * Partnerships come from ingest only (seed partnerships have their own IDs): the latest file states
 * them ('replace'), except the places resolved from it, which a later, less complete resolution must not
 * erase. `organisation_id` is not written here: relinkOrganisations sets it after identity resolution.
 */
const PARTNERSHIP_COLUMNS: BulkColumns = {
  id: 'text',
  project_id: 'text',
  organisation_record_id: 'text',
  place_id: coalesce('text'),
  country_id: coalesce('text'),
  role: 'text',
  budget: 'numeric',
  co_financing: 'numeric',
  currency: 'text',
  town: 'text',
  postcode: 'text',
  address: 'text',
  lat: 'float8',
  lng: 'float8',
  legal_status: 'text',
  organisation_type: 'text',
  source_ids: union,
};

function projectRecord(p: ProjectRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(p.identifiers ?? []);
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    acronym: p.acronym,
    code: p.code,
    summary: p.summary,
    start_date: p.startDate,
    end_date: p.endDate,
    date_precision: p.startDate || p.endDate ? 'DAY' : null,
    status_as_of: p.statusAsOf,
    programme_id: p.programmeId,
    total_budget: p.totalBudget,
    eu_funding: p.euFunding,
    co_financing_rate: p.coFinancingRate,
    currency: p.currency,
    themes: [],
    country_ids: p.countryIds ?? [],
    place_ids: p.placeIds ?? [],
    identifiers,
    identifier_keys: identifiers.map((i) => identifierKey(i.scheme, i.value)),
    attributes: p.attributes ?? {},
    search_keys: searchKeysOf(
      p.title,
      p.acronym,
      p.code,
      identifiers.map((i) => i.value),
    ),
    source_ids: p.sourceIds,
  };
}

function partnershipRecord(s: PartnershipRow): Record<string, unknown> {
  return {
    id: s.id,
    project_id: s.projectId,
    organisation_record_id: s.organisationRecordId,
    place_id: s.placeId,
    country_id: s.countryId,
    role: s.role,
    budget: s.budget,
    co_financing: s.coFinancing,
    currency: s.currency,
    town: s.town,
    postcode: s.postcode,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
    legal_status: s.legalStatus,
    organisation_type: s.organisationType,
    source_ids: s.sourceIds,
  };
}

/**
 * The projects subgraph's data module: the only writer of its tables for ingested data. Every statement
 * goes through the caller's `sql`, so the ingest command can run it inside its one transaction per file.
 */
export const data = {
  schema: SCHEMA,

  /** Writes one file's rows (sources, then projects, then partnerships); returns per-table counts. */
  async write(sql: Sql, rows: ProjectsRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    if (rows.sources?.length) counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources);
    if (rows.projects?.length) {
      counts[`${SCHEMA}.project`] = await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'project' },
        PROJECT_COLUMNS,
        rows.projects.map(projectRecord),
      );
      // A source that gives a project's whole partnership list (a keep.eu project record) also says which
      // partnerships are gone: those of its own ID prefix that the new record no longer lists are removed.
      const complete = rows.projects.filter((p) => p.partnerships);
      if (complete.length) {
        const removed = await sql<{ id: string }>(
          `delete from "${SCHEMA}"."partnership" t
           using jsonb_to_recordset($1::jsonb) as c("projectId" text, "prefix" text, "ids" jsonb)
           where t.project_id = c."projectId" and starts_with(t.id, c."prefix")
             and not (c."ids" ? t.id)
           returning t.id`,
          [JSON.stringify(complete.map((p) => ({ projectId: p.id, prefix: p.partnerships?.idPrefix, ids: p.partnerships?.ids })))],
        );
        if (removed.length) counts[`${SCHEMA}.partnership (removed)`] = { created: 0, updated: removed.length, unchanged: 0 };
      }
    }
    if (rows.partnerships?.length) {
      counts[`${SCHEMA}.partnership`] = await bulkUpsert(
        sql,
        { schema: SCHEMA, name: 'partnership' },
        PARTNERSHIP_COLUMNS,
        rows.partnerships.map(partnershipRecord),
      );
    }
    return counts;
  },

  /**
   * Points partnerships at canonical organisations after identity resolution: every partnership whose
   * source record is in `links` gets that record's organisation. Set-based; only rows whose organisation
   * changes are touched, so a repeated call returns 0. Returns the number of partnerships changed.
   */
  async relinkOrganisations(sql: Sql, links: ReadonlyArray<OrganisationLink>): Promise<number> {
    return relinkByRecord(sql, { schema: SCHEMA, name: 'partnership' }, links);
  },
};
