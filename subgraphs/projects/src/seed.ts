import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  addResults,
  ancestryPaths,
  checkRecords,
  emSql,
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
import { existsSync } from 'node:fs';
import { refreshDerived, type DerivedInput } from './data/derived.js';
import { PartnerRole, ProjectStatus } from './enums.js';

interface PartnershipSeed {
  id: string;
  organisation?: string | null;
  place?: string | null;
  country?: string | null;
  role: string;
  description?: string | null;
  sources?: string[];
}
interface ProjectSeed {
  id: string;
  acronym?: string | null;
  title: string;
  titleLocal?: string | null;
  code?: string | null;
  summary?: string | null;
  themes?: string[];
  startDate?: string | null;
  endDate?: string | null;
  datePrecision?: string | null;
  status: string;
  statusAsOf?: string | null;
  website?: string | null;
  countries?: string[];
  altNames?: string[];
  sources?: string[];
  partnerships?: PartnershipSeed[];
}
export interface ProjectsSeed {
  projects?: ProjectSeed[];
}

const DATE_PRECISIONS = new Set(['DAY', 'MONTH', 'SEASON', 'YEAR']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Rec = Array<Record<string, unknown>>;

const UNION = { type: 'text[]', merge: 'union' } as const;

/** Catches typos in the hand-written seed before they reach the database as silent bad rows. */
function check(data: ProjectsSeed, file = 'projects.yaml'): void {
  checkRecords(file, 'projects', data.projects as unknown as Rec, {
    required: ['id', 'title', 'status'],
    optional: [
      'acronym',
      'titleLocal',
      'code',
      'summary',
      'themes',
      'startDate',
      'endDate',
      'datePrecision',
      'statusAsOf',
      'website',
      'countries',
      'altNames',
      'sources',
      'partnerships',
    ],
    values: {
      status: seedValue.oneOf(Object.values(ProjectStatus)),
      startDate: seedValue.date,
      endDate: seedValue.date,
      datePrecision: seedValue.oneOf([...DATE_PRECISIONS]),
      statusAsOf: seedValue.date,
      themes: seedValue.texts,
      countries: seedValue.texts,
      altNames: seedValue.texts,
      sources: seedValue.texts,
    },
  });
  for (const p of data.projects ?? []) {
    checkRecords(file, `projects(${p.id}).partnerships`, p.partnerships as unknown as Rec, {
      required: ['id', 'role'],
      optional: ['organisation', 'place', 'country', 'description', 'sources'],
      values: { role: seedValue.oneOf(Object.values(PartnerRole)), sources: seedValue.texts },
    });
  }
  const ids = new Set<string>();
  for (const p of data.projects ?? []) {
    if (ids.has(p.id)) throw new SeedError(`${seedAt(file, p, 'id')}: project ${p.id} appears twice`);
    ids.add(p.id);
    if (!(p.status in ProjectStatus)) throw new SeedError(`${seedAt(file, p, 'status')}: ${p.id} has unknown status ${p.status}`);
    if (p.datePrecision && !DATE_PRECISIONS.has(p.datePrecision)) {
      throw new SeedError(`${seedAt(file, p, 'datePrecision')}: ${p.id} has unknown datePrecision ${p.datePrecision}`);
    }
    if (p.statusAsOf != null && !ISO_DATE.test(String(p.statusAsOf))) {
      throw new SeedError(`${seedAt(file, p, 'statusAsOf')}: ${p.id} has statusAsOf ${p.statusAsOf}, expected YYYY-MM-DD`);
    }
    const suffix = p.id.replace(/^project:/, '');
    for (const s of p.partnerships ?? []) {
      if (ids.has(s.id)) throw new SeedError(`${seedAt(file, s, 'id')}: partnership ${s.id} appears twice`);
      ids.add(s.id);
      if (!(s.role in PartnerRole)) throw new SeedError(`${seedAt(file, s, 'role')}: ${s.id} has unknown role ${s.role}`);
      const party = (s.organisation ?? s.place ?? s.country ?? '').replace(/^(org|place):/, '');
      if (s.id !== `partnership:${suffix}:${party}`) {
        throw new SeedError(`${seedAt(file, s, 'id')}: partnership ${s.id} should be partnership:${suffix}:${party}`);
      }
    }
  }
}

export async function seedProjects(orm: MikroORM, dir: string): Promise<UpsertResult> {
  const sources = readSources(dir);
  const file = join(dir, 'projects.yaml');
  const data = readYaml<ProjectsSeed>(file);
  check(data, file);
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (em) => {
    const result = await loadProjects(em as EntityManager, schema, sources, data);
    // The seeds' own rows get the filters' copies of the other subgraphs' seeded facts through the data
    // module's path, as ingest gives every row them; the seeds are shared files, read here as data.
    const projectIds = (data.projects ?? []).map((p) => p.id);
    await refreshDerived(emSql(em as EntityManager), seededDerivedInput(dir), { projectIds });
    return result;
  });
}

/** Place ancestry and organisation kinds from seeds/organisations.yaml, programme funds from seeds/funding.yaml. */
export function seededDerivedInput(dir: string): DerivedInput {
  const read = <T>(name: string): T | null => (existsSync(join(dir, name)) ? readYaml<T>(join(dir, name)) : null);
  const orgs = read<{ places?: Array<{ id: string; parent?: string | null }>; organisations?: Array<{ id: string; kind: string }> }>(
    'organisations.yaml',
  );
  const funding = read<{ programmes?: Array<{ id: string; funds?: string[] }> }>('funding.yaml');
  const places = ancestryPaths((orgs?.places ?? []).map((p) => ({ id: p.id, parent: p.parent })));
  return {
    places,
    organisationKinds: (orgs?.organisations ?? []).map((o) => ({ id: o.id, kind: o.kind })),
    programmeFunds: (funding?.programmes ?? []).map((p) => ({ id: p.id, fundIds: p.funds ?? [] })),
  };
}

export async function loadProjects(
  em: EntityManager,
  schema: string,
  sources: Array<Record<string, unknown>>,
  data: ProjectsSeed,
): Promise<UpsertResult> {
  let total = await upsertSources(em, schema, sources);
  const projects = data.projects ?? [];
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'project' },
      {
        id: 'text',
        acronym: 'text',
        title: 'text',
        title_local: 'text',
        code: 'text',
        summary: 'text',
        themes: 'text[]',
        start_date: 'date',
        end_date: 'date',
        date_precision: 'text',
        status: 'text',
        status_as_of: 'date',
        website: 'text',
        // Union (as in the data module), so reloading the seeds never strips the countries, search keys and
        // citations ingest added to a project: seeds, then data, then seeds again changes nothing.
        country_ids: UNION,
        search_keys: UNION,
        source_ids: UNION,
      },
      projects.map((p) => ({
        id: p.id,
        acronym: p.acronym,
        title: p.title,
        title_local: p.titleLocal,
        code: p.code,
        summary: p.summary,
        themes: p.themes ?? [],
        start_date: p.startDate,
        end_date: p.endDate,
        date_precision: p.datePrecision,
        status: p.status,
        status_as_of: p.statusAsOf,
        website: p.website,
        country_ids: p.countries ?? [],
        search_keys: searchKeysOf(p.acronym, p.code, p.title, p.titleLocal, p.altNames),
        source_ids: p.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'partnership' },
      {
        id: 'text',
        project_id: 'text',
        organisation_id: 'text',
        place_id: 'text',
        country_id: 'text',
        role: 'text',
        description: 'text',
        source_ids: UNION,
      },
      projects.flatMap((p) =>
        (p.partnerships ?? []).map((s) => ({
          id: s.id,
          project_id: p.id,
          organisation_id: s.organisation,
          place_id: s.place,
          country_id: s.country,
          role: s.role,
          description: s.description,
          source_ids: s.sources ?? p.sources ?? [],
        })),
      ),
    ),
  );
  return total;
}
