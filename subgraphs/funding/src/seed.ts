import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  addResults,
  type BulkColumn,
  checkRecords,
  readSources,
  readYaml,
  searchKeysOf,
  SeedError,
  seedAt,
  seedValue,
  type UpsertResult,
  upsertRows,
  upsertSources,
} from '@regiograph/lib';
import { FundKind, ProgrammeOperatorRole } from './enums.js';

// Ingested data files write funds and programmes too. Lists the seeds share with them accumulate ('union')
// and a value the seeds leave open never erases one a file gave ('coalesce'), so reloading the seeds keeps
// what ingest added; scalars the seeds state still win.
const UNION: BulkColumn = { type: 'text[]', merge: 'union' };
const coalesce = (type = 'text'): BulkColumn => ({ type, merge: 'coalesce' });

interface FundSeed {
  id: string;
  name: string;
  nameLocal?: string;
  acronym?: string;
  kind: string;
  donors?: string[];
  period?: string;
  description?: string;
  website?: string;
  altNames?: string[];
  sources?: string[];
}
interface ProgrammeSeed {
  id: string;
  name: string;
  nameLocal?: string;
  code?: string;
  startYear?: number;
  endYear?: number;
  period?: string;
  country?: string;
  funds?: string[];
  operator?: string;
  operatorRole?: string;
  description?: string;
  website?: string;
  altNames?: string[];
  sources?: string[];
}
interface GrantSeed {
  id: string;
  programme: string;
  project?: string;
  network?: string;
  organisation?: string;
  amount?: number;
  currency?: string;
  description?: string;
  sources?: string[];
}
export interface FundingSeed {
  funds?: FundSeed[];
  programmes?: ProgrammeSeed[];
  grants?: GrantSeed[];
}

export async function seedFunding(orm: MikroORM, dir: string): Promise<UpsertResult> {
  const sources = readSources(dir);
  const file = join(dir, 'funding.yaml');
  const data = readYaml<FundingSeed>(file);
  validateFundingSeed(file, data);
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (em) => loadFunding(em as EntityManager, schema, sources, data));
}

export function validateFundingSeed(file: string, data: FundingSeed): void {
  type Rec = Array<Record<string, unknown>>;
  checkRecords(file, 'funds', data.funds as unknown as Rec, {
    required: ['id', 'name', 'kind'],
    optional: ['nameLocal', 'acronym', 'donors', 'period', 'description', 'website', 'altNames', 'sources'],
    values: {
      kind: seedValue.oneOf(Object.values(FundKind)),
      donors: seedValue.texts,
      altNames: seedValue.texts,
      sources: seedValue.texts,
    },
  });
  checkRecords(file, 'programmes', data.programmes as unknown as Rec, {
    required: ['id', 'name'],
    optional: [
      'nameLocal',
      'code',
      'startYear',
      'endYear',
      'period',
      'country',
      'funds',
      'operator',
      'operatorRole',
      'description',
      'website',
      'altNames',
      'sources',
    ],
    values: {
      startYear: seedValue.year,
      endYear: seedValue.year,
      funds: seedValue.texts,
      operatorRole: seedValue.oneOf(Object.values(ProgrammeOperatorRole)),
      altNames: seedValue.texts,
      sources: seedValue.texts,
    },
  });
  checkRecords(file, 'grants', data.grants as unknown as Rec, {
    required: ['id', 'programme'],
    optional: ['project', 'network', 'organisation', 'amount', 'currency', 'description', 'sources'],
    values: { amount: seedValue.amount, currency: seedValue.currency, sources: seedValue.texts },
  });
  const fundIds = new Set((data.funds ?? []).map((f) => f.id));
  for (const p of data.programmes ?? []) {
    const unknown = (p.funds ?? []).find((id) => !fundIds.has(id));
    if (unknown) throw new SeedError(`${seedAt(file, p, 'funds')}: programme ${p.id} names unknown fund ${unknown}`);
  }
  // A grant pays exactly one recipient, under a programme this file defines.
  const programmeIds = new Set((data.programmes ?? []).map((p) => p.id));
  for (const g of data.grants ?? []) {
    const recipients = [g.project, g.network, g.organisation].filter(Boolean).length;
    if (recipients !== 1) throw new SeedError(`${seedAt(file, g)}: grant ${g.id} must name exactly one of project, network, organisation`);
    if (!programmeIds.has(g.programme))
      throw new SeedError(`${seedAt(file, g, 'programme')}: grant ${g.id} names unknown programme ${g.programme}`);
  }
}

export async function loadFunding(
  em: EntityManager,
  schema: string,
  sources: Array<Record<string, unknown>>,
  data: FundingSeed,
): Promise<UpsertResult> {
  const funds = data.funds ?? [];
  const programmes = data.programmes ?? [];
  const grants = data.grants ?? [];
  let total = await upsertSources(em, schema, sources);
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'fund' },
      {
        id: 'text',
        name: 'text',
        name_local: coalesce(),
        acronym: coalesce(),
        kind: 'text',
        donor_ids: UNION,
        period: coalesce(),
        description: coalesce(),
        website: coalesce(),
        alt_names: UNION,
        search_keys: UNION,
        source_ids: UNION,
      },
      funds.map((f) => ({
        id: f.id,
        name: f.name,
        name_local: f.nameLocal,
        acronym: f.acronym,
        kind: f.kind,
        donor_ids: f.donors ?? [],
        period: f.period,
        description: f.description,
        website: f.website,
        alt_names: f.altNames ?? [],
        search_keys: searchKeysOf(f.name, f.nameLocal, f.acronym, f.altNames),
        source_ids: f.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'programme' },
      {
        id: 'text',
        name: 'text',
        name_local: coalesce(),
        code: coalesce(),
        start_year: coalesce('integer'),
        end_year: coalesce('integer'),
        period: coalesce(),
        country_id: coalesce(),
        fund_ids: UNION,
        operator_id: coalesce(),
        operator_role: coalesce(),
        description: coalesce(),
        website: coalesce(),
        alt_names: UNION,
        search_keys: UNION,
        source_ids: UNION,
      },
      programmes.map((p) => ({
        id: p.id,
        name: p.name,
        name_local: p.nameLocal,
        code: p.code,
        start_year: p.startYear,
        end_year: p.endYear,
        period: p.period,
        country_id: p.country,
        fund_ids: p.funds ?? [],
        operator_id: p.operator,
        operator_role: p.operatorRole,
        description: p.description,
        website: p.website,
        alt_names: p.altNames ?? [],
        search_keys: searchKeysOf(p.name, p.nameLocal, p.code, p.altNames),
        source_ids: p.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'grant' },
      {
        id: 'text',
        programme_id: 'text',
        project_id: 'text',
        network_id: 'text',
        organisation_id: 'text',
        amount: 'double precision',
        currency: 'text',
        description: 'text',
        source_ids: UNION,
      },
      grants.map((g) => ({
        id: g.id,
        programme_id: g.programme,
        project_id: g.project,
        network_id: g.network,
        organisation_id: g.organisation,
        amount: g.amount,
        currency: g.currency,
        description: g.description,
        source_ids: g.sources ?? [],
      })),
    ),
  );
  return total;
}
