import {
  identifierKey,
  type OrganisationLink,
  relinkByRecord,
  type Sql,
  searchKeysOf,
  uniqueIdentifiers,
  type WriteCounts,
  type WriteTable,
  writeRows,
  writeSources,
  writeTable,
} from '@regiograph/lib';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from '../project/project.entity.js';
import { projects } from '../subgraph.js';
import { derivedNeeds, participation, refreshDerived } from './derived.js';
import type { ProjectRow, ProjectsRows } from './rows.js';
import { refreshProjectFacts } from '../statistics/refresh.js';

const SCHEMA = 'projects';
const SEEDS_ONLY = 'only the seeds (articles) state it; no data file does';
const DERIVED = 'denormalised from the other subgraphs by refreshDerived, after the command';

/**
 * Project rows may meet seed rows with the same ID, so arrays accumulate ('union') and the nullable
 * scalars a source may not know are coalesced. Identifiers are the row's own list, replaced as a whole
 * (they and their lookup keys come from the same list, so they never disagree); attributes merge key by key.
 * Sources give no themes: [] on creation only ('insert'), so the seeds' ordered themes are never touched.
 * Columns and types come from the entity (writeTable).
 */
export const PROJECT_TABLE = writeTable<Project>({
  schema: SCHEMA,
  perCommand: true,
  entity: Project,
  entities: projects.entities,
  merge: {
    acronym: 'coalesce',
    code: 'coalesce',
    summary: 'coalesce',
    startDate: 'coalesce',
    endDate: 'coalesce',
    datePrecision: 'coalesce',
    statusAsOf: 'coalesce',
    programmeId: 'coalesce',
    totalBudget: 'coalesce',
    euFunding: 'coalesce',
    coFinancingRate: 'coalesce',
    currency: 'coalesce',
    themes: 'insert',
    countryIds: 'union',
    placeIds: 'union',
    attributes: 'merge',
    searchKeys: 'union',
    sourceIds: 'union',
  },
  skip: { titleLocal: SEEDS_ONLY, website: SEEDS_ONLY, placePath: DERIVED, programmeFundIds: DERIVED },
});

/**
 * Partnerships come from ingest only (seed partnerships have their own IDs): the latest file states
 * them ('replace'), except the places resolved from it, which a later, less complete resolution must not
 * erase.
 */
export const PARTNERSHIP_TABLE = writeTable<Partnership>({
  schema: SCHEMA,
  entity: Partnership,
  entities: projects.entities,
  merge: { placeId: 'coalesce', countryId: 'coalesce', sourceIds: 'union' },
  skip: {
    organisationId: 'set by relinkOrganisations after identity resolution: a load never clears a link',
    description: SEEDS_ONLY,
    placePath: DERIVED,
    organisationKind: DERIVED,
  },
});

function projectRecord(p: ProjectRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(p.identifiers ?? []);
  return {
    ...p,
    datePrecision: p.startDate || p.endDate ? 'DAY' : null,
    themes: [],
    countryIds: p.countryIds ?? [],
    placeIds: p.placeIds ?? [],
    identifiers,
    identifierKeys: identifiers.map((i) => identifierKey(i.scheme, i.value)),
    attributes: p.attributes ?? {},
    searchKeys: searchKeysOf(
      p.title,
      p.acronym,
      p.code,
      identifiers.map((i) => i.value),
    ),
  };
}

/**
 * The projects subgraph's data module: the only writer of its tables for ingested data. Every statement
 * goes through the caller's `sql`, so the ingest command can run it inside its one transaction per file.
 */
export const data = {
  schema: SCHEMA,
  /** The tables this module writes, with their columns from the entities (the write-path test reads them). */
  tables: [PROJECT_TABLE, PARTNERSHIP_TABLE] as WriteTable[],

  /** Writes one file's rows (sources, then projects, then partnerships); returns per-table counts. */
  async write(sql: Sql, rows: ProjectsRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    if (rows.sources?.length) counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources);
    if (rows.projects?.length) {
      counts[`${SCHEMA}.project`] = await writeRows(sql, PROJECT_TABLE, rows.projects.map(projectRecord));
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
      counts[`${SCHEMA}.partnership`] = await writeRows(sql, PARTNERSHIP_TABLE, rows.partnerships);
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

  /** See refreshDerived (data/derived.ts): the filters' copies of other subgraphs' data. */
  refreshDerived,
  derivedNeeds,
  /** Partners' programmes and roles, for the organisations subgraph's filters. */
  participation,
  /** Rebuilds the fact tables projectStatistics reads (at the end of an ingest command, after the seeds). */
  refreshStatistics: refreshProjectFacts,
};

export type { DerivedInput } from './derived.js';
