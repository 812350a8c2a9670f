import {
  identifierKey,
  type OrganisationLink,
  relinkByRecord,
  type Sql,
  searchKeysOf,
  sumResults,
  uniqueIdentifiers,
  type WriteCounts,
  type WriteTable,
  writeRows,
  writeSources,
  writeTable,
} from '@regiograph/lib';
import { Allocation } from '../allocation/allocation.entity.js';
import { Fund } from '../fund/fund.entity.js';
import { Grant } from '../grant/grant.entity.js';
import { ProgrammeParticipant } from '../participant/programme-participant.entity.js';
import { Programme } from '../programme/programme.entity.js';
import { funding } from '../subgraph.js';
import type { FundingRows, ProgrammeRow } from './rows.js';
import { refreshFundingFacts } from '../statistics/refresh.js';

const SCHEMA = 'funding';
const SEEDS_ONLY = 'only the seeds (articles) state it; no data file does';
const RELINKED = 'set by relinkOrganisations after identity resolution: a load never clears a link';

// Funds and programmes are also seeded from the articles. Names, sources and search keys from every load
// accumulate ('union'), a value a source does not know never erases one another gave ('coalesce'), and the
// display name is set by whoever creates the row ('insert': the seeds' English name is not renamed by a
// data file; the file's name stays findable through the search keys). So seeds, then data, then seeds
// again changes nothing. Allocations, participants and grants come from data files only: the file wins.
// Columns and types come from the entities (writeTable).
export const FUND_TABLE = writeTable<Fund>({
  schema: SCHEMA,
  perCommand: true,
  entity: Fund,
  entities: funding.entities,
  merge: {
    name: 'insert',
    acronym: 'coalesce',
    kind: 'coalesce',
    donorIds: 'union',
    period: 'coalesce',
    website: 'coalesce',
    altNames: 'union',
    searchKeys: 'union',
    sourceIds: 'union',
  },
  skip: { nameLocal: SEEDS_ONLY, description: SEEDS_ONLY },
});

const PROGRAMME_MERGE = {
  name: 'insert',
  code: 'coalesce',
  startYear: 'coalesce',
  endYear: 'coalesce',
  period: 'coalesce',
  countryId: 'coalesce',
  fundIds: 'union',
  sector: 'coalesce',
  area: 'coalesce',
  website: 'coalesce',
  altNames: 'union',
  searchKeys: 'union',
  sourceIds: 'union',
} as const;
const PROGRAMME_SEEDS_ONLY = { nameLocal: SEEDS_ONLY, operatorId: SEEDS_ONLY, operatorRole: SEEDS_ONLY, description: SEEDS_ONLY };

// A programme's identifiers are the list its source gives; a row that gives none (a file that names the
// programme without its codes) is written without these columns, keeping the stored list.
export const PROGRAMME_TABLE = writeTable<Programme>({
  schema: SCHEMA,
  entity: Programme,
  entities: funding.entities,
  merge: PROGRAMME_MERGE,
  skip: {
    ...PROGRAMME_SEEDS_ONLY,
    identifiers: 'the row gives none: the stored list stays',
    identifierKeys: 'the row gives none: the stored keys stay',
  },
});
// Every file adds the codes it knows (keep.eu's API gives the keep ID, the programme list adds the CCI).
export const PROGRAMME_IDENTIFIER_TABLE = writeTable<Programme>({
  schema: SCHEMA,
  entity: Programme,
  entities: funding.entities,
  merge: { ...PROGRAMME_MERGE, identifiers: 'insert', identifierKeys: 'union' },
  skip: PROGRAMME_SEEDS_ONLY,
});

// projects.json and grants.json describe the same allocation, each with figures the other lacks: a file's
// null never erases the other's figure.
export const ALLOCATION_TABLE = writeTable<Allocation>({
  schema: SCHEMA,
  perCommand: true,
  entity: Allocation,
  entities: funding.entities,
  merge: {
    sector: 'coalesce',
    area: 'coalesce',
    amount: 'coalesce',
    netAmount: 'coalesce',
    bilateralAmount: 'coalesce',
    projectAmount: 'coalesce',
    projectCount: 'coalesce',
    currency: 'coalesce',
    sourceIds: 'union',
  },
});

export const PARTICIPANT_TABLE = writeTable<ProgrammeParticipant>({
  schema: SCHEMA,
  perCommand: true,
  entity: ProgrammeParticipant,
  entities: funding.entities,
  merge: { sourceIds: 'union' },
  skip: { organisationId: RELINKED },
});

export const GRANT_TABLE = writeTable<Grant>({
  schema: SCHEMA,
  perCommand: true,
  entity: Grant,
  entities: funding.entities,
  merge: { sourceIds: 'union' },
  skip: { organisationId: RELINKED, networkId: SEEDS_ONLY },
});

function programmeRecord(p: ProgrammeRow): Record<string, unknown> {
  const identifiers = uniqueIdentifiers(p.identifiers ?? []);
  return {
    ...p,
    fundIds: p.fundIds ?? [],
    identifiers,
    identifierKeys: identifiers.map((i) => identifierKey(i.scheme, i.value)),
    altNames: p.altNames ?? [],
    searchKeys: searchKeysOf(p.name, p.code, p.altNames),
  };
}

/** The funding subgraph's writer for the ingest command: set-based upserts into its own schema only. */
export const data = {
  schema: SCHEMA,
  /** The tables this module writes, with their columns from the entities (the write-path test reads them). */
  tables: [FUND_TABLE, PROGRAMME_TABLE, PROGRAMME_IDENTIFIER_TABLE, ALLOCATION_TABLE, PARTICIPANT_TABLE, GRANT_TABLE] as WriteTable[],

  /** Each programme's funds, which the projects subgraph copies onto its projects for ProjectFilter.fund. */
  async programmeFunds(sql: Sql, programmeIds: readonly string[]): Promise<Array<{ id: string; fundIds: string[] }>> {
    return sql<{ id: string; fundIds: string[] }>(
      `select id, fund_ids as "fundIds" from "${SCHEMA}"."programme" where id = any($1::text[]) and cardinality(fund_ids) > 0`,
      [programmeIds],
    );
  },

  /** The programmes each organisation takes part in (participant or operator), for the organisations subgraph's filters. */
  async participation(sql: Sql): Promise<Array<{ organisationId: string; programmeId: string | null; role: string | null }>> {
    return sql(
      `select organisation_id as "organisationId", programme_id as "programmeId", null::text as role
       from "${SCHEMA}"."programme_participant" where organisation_id is not null
       union select operator_id, id, null from "${SCHEMA}"."programme" where operator_id is not null`,
    );
  },

  /** Writes one file's rows; called inside the ingest transaction. Returns per-table counts. */
  async write(sql: Sql, rows: FundingRows): Promise<WriteCounts> {
    const counts: WriteCounts = {};
    if (rows.sources) counts[`${SCHEMA}.source`] = await writeSources(sql, SCHEMA, rows.sources);
    if (rows.funds) {
      counts[`${SCHEMA}.fund`] = await writeRows(
        sql,
        FUND_TABLE,
        rows.funds.map((f) => ({
          ...f,
          donorIds: f.donorIds ?? [],
          altNames: f.altNames ?? [],
          searchKeys: searchKeysOf(f.name, f.acronym, f.altNames),
        })),
      );
    }
    if (rows.programmes) {
      const records = rows.programmes.map(programmeRecord);
      const withIds = records.filter((r) => (r.identifiers as unknown[]).length > 0);
      const withoutIds = records.filter((r) => (r.identifiers as unknown[]).length === 0);
      counts[`${SCHEMA}.programme`] = sumResults([
        await writeRows(sql, PROGRAMME_IDENTIFIER_TABLE, withIds),
        await writeRows(sql, PROGRAMME_TABLE, withoutIds),
      ]);
    }
    if (rows.allocations) counts[`${SCHEMA}.allocation`] = await writeRows(sql, ALLOCATION_TABLE, rows.allocations);
    if (rows.participants) counts[`${SCHEMA}.programme_participant`] = await writeRows(sql, PARTICIPANT_TABLE, rows.participants);
    if (rows.grants) counts[`${SCHEMA}.grant`] = await writeRows(sql, GRANT_TABLE, rows.grants);
    return counts;
  },

  /**
   * Points programme participants and grants at the canonical organisation of their source record, after
   * identity resolution. Idempotent: rows already pointing there are not touched. Returns rows changed.
   */
  async relinkOrganisations(sql: Sql, links: ReadonlyArray<OrganisationLink>): Promise<number> {
    return (await relinkByRecord(sql, PARTICIPANT_TABLE, links)) + (await relinkByRecord(sql, GRANT_TABLE, links));
  },

  /** Rebuilds the fact table fundingStatistics reads (at the end of an ingest command, after the seeds). */
  refreshStatistics: refreshFundingFacts,
};
