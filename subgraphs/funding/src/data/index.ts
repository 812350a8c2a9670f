import {
  type BulkColumn,
  bulkUpsert,
  identifierKey,
  type OrganisationLink,
  relinkByRecord,
  type Sql,
  searchKeysOf,
  sumResults,
  uniqueIdentifiers,
  type WriteCounts,
  writeSources,
} from '@regiograph/lib';
import type { FundingRows, ProgrammeRow } from './rows.js';

const SCHEMA = 'funding';

// Funds and programmes are also seeded from the articles. Names, sources and search keys from every load
// accumulate ('union'), a value a source does not know never erases one another gave ('coalesce'), and the
// display name is set by whoever creates the row ('insert': the seeds' English name is not renamed by a
// data file; the file's name stays findable through the search keys). So seeds, then data, then seeds
// again changes nothing. Allocations, participants and grants come from data files only: the file wins.
const union = (type = 'text[]'): BulkColumn => ({ type, merge: 'union' });
const coalesce = (type = 'text'): BulkColumn => ({ type, merge: 'coalesce' });

const FUND_COLUMNS = {
  id: 'text',
  name: { type: 'text', merge: 'insert' },
  acronym: coalesce(),
  kind: coalesce(),
  donor_ids: union(),
  period: coalesce(),
  website: coalesce(),
  alt_names: union(),
  search_keys: union(),
  source_ids: union(),
} as const;

const PROGRAMME_COLUMNS = {
  id: 'text',
  name: { type: 'text', merge: 'insert' },
  code: coalesce(),
  start_year: coalesce('integer'),
  end_year: coalesce('integer'),
  period: coalesce(),
  country_id: coalesce(),
  fund_ids: union(),
  sector: coalesce(),
  area: coalesce(),
  website: coalesce(),
  alt_names: union(),
  search_keys: union(),
  source_ids: union(),
} as const;

// A programme's identifiers are the list its source gives, replaced as a whole; a row that gives none
// (a file that names the programme without its codes) is written without these columns, keeping the stored list.
const PROGRAMME_IDENTIFIER_COLUMNS = {
  ...PROGRAMME_COLUMNS,
  identifiers: { type: 'jsonb', merge: 'insert' },
  // Every file adds the codes it knows (keep.eu's API gives the keep ID, the programme list adds the CCI).
  identifier_keys: union(),
} as const;

// projects.json and grants.json describe the same allocation, each with figures the other lacks: a file's
// null never erases the other's figure.
const ALLOCATION_COLUMNS = {
  id: 'text',
  programme_id: 'text',
  fund_id: 'text',
  place_id: 'text',
  place_code: 'text',
  sector: coalesce(),
  area: coalesce(),
  breakdown: 'text',
  amount: coalesce('numeric'),
  net_amount: coalesce('numeric'),
  bilateral_amount: coalesce('numeric'),
  project_amount: coalesce('numeric'),
  project_count: coalesce('integer'),
  currency: coalesce(),
  source_ids: union(),
} as const;

// organisation_id is left to relinkOrganisations: a load never clears a link identity resolution made.
const PARTICIPANT_COLUMNS = {
  id: 'text',
  programme_id: 'text',
  organisation_record_id: 'text',
  role: 'text',
  project_count: 'integer',
  place_code: 'text',
  source_ids: union(),
} as const;

const GRANT_COLUMNS = {
  id: 'text',
  programme_id: 'text',
  project_id: 'text',
  organisation_record_id: 'text',
  amount: 'numeric',
  currency: 'text',
  description: 'text',
  source_ids: union(),
} as const;

function programmeRecord(p: ProgrammeRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(p.identifiers ?? []);
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    start_year: p.startYear,
    end_year: p.endYear,
    period: p.period,
    country_id: p.countryId,
    fund_ids: p.fundIds ?? [],
    sector: p.sector,
    area: p.area,
    website: p.website,
    identifiers,
    identifier_keys: identifiers.map((i) => identifierKey(i.scheme, i.value)),
    alt_names: p.altNames ?? [],
    search_keys: searchKeysOf(p.name, p.code, p.altNames),
    source_ids: p.sourceIds,
  };
}

const table = (name: string) => ({ schema: SCHEMA, name });

/** The funding subgraph's writer for the ingest command: set-based upserts into its own schema only. */
export const data = {
  schema: SCHEMA,

  /** Writes one file's rows; called inside the ingest transaction. Returns per-table counts. */
  async write(sql: Sql, rows: FundingRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    if (rows.sources) counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources);
    if (rows.funds) {
      counts[`${SCHEMA}.fund`] = await bulkUpsert(
        sql,
        table('fund'),
        FUND_COLUMNS,
        rows.funds.map((f) => ({
          id: f.id,
          name: f.name,
          acronym: f.acronym,
          kind: f.kind,
          donor_ids: f.donorIds ?? [],
          period: f.period,
          website: f.website,
          alt_names: f.altNames ?? [],
          search_keys: searchKeysOf(f.name, f.acronym, f.altNames),
          source_ids: f.sourceIds,
        })),
      );
    }
    if (rows.programmes) {
      const records = rows.programmes.map(programmeRecord);
      const withIds = records.filter((r) => (r.identifiers as unknown[]).length > 0);
      const withoutIds = records.filter((r) => (r.identifiers as unknown[]).length === 0);
      counts[`${SCHEMA}.programme`] = sumResults([
        await bulkUpsert(sql, table('programme'), PROGRAMME_IDENTIFIER_COLUMNS, withIds),
        await bulkUpsert(sql, table('programme'), PROGRAMME_COLUMNS, withoutIds),
      ]);
    }
    if (rows.allocations) {
      counts[`${SCHEMA}.allocation`] = await bulkUpsert(
        sql,
        table('allocation'),
        ALLOCATION_COLUMNS,
        rows.allocations.map((a) => ({
          id: a.id,
          programme_id: a.programmeId,
          fund_id: a.fundId,
          place_id: a.placeId,
          place_code: a.placeCode,
          sector: a.sector,
          area: a.area,
          breakdown: a.breakdown ?? null,
          amount: a.amount,
          net_amount: a.netAmount,
          bilateral_amount: a.bilateralAmount,
          project_amount: a.projectAmount,
          project_count: a.projectCount,
          currency: a.currency,
          source_ids: a.sourceIds,
        })),
      );
    }
    if (rows.participants) {
      counts[`${SCHEMA}.programme_participant`] = await bulkUpsert(
        sql,
        table('programme_participant'),
        PARTICIPANT_COLUMNS,
        rows.participants.map((p) => ({
          id: p.id,
          programme_id: p.programmeId,
          organisation_record_id: p.organisationRecordId,
          role: p.role,
          project_count: p.projectCount,
          place_code: p.placeCode,
          source_ids: p.sourceIds,
        })),
      );
    }
    if (rows.grants) {
      counts[`${SCHEMA}.grant`] = await bulkUpsert(
        sql,
        table('grant'),
        GRANT_COLUMNS,
        rows.grants.map((g) => ({
          id: g.id,
          programme_id: g.programmeId,
          project_id: g.projectId,
          organisation_record_id: g.organisationRecordId,
          amount: g.amount,
          currency: g.currency,
          description: g.description,
          source_ids: g.sourceIds,
        })),
      );
    }
    return counts;
  },

  /**
   * Points programme participants and grants at the canonical organisation of their source record, after
   * identity resolution. Idempotent: rows already pointing there are not touched. Returns rows changed.
   */
  async relinkOrganisations(sql: Sql, links: ReadonlyArray<OrganisationLink>): Promise<number> {
    return (await relinkByRecord(sql, table('programme_participant'), links)) + (await relinkByRecord(sql, table('grant'), links));
  },
};
