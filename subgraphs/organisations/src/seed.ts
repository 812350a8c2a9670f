import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  addResults,
  checkRecords,
  emSql,
  readSources,
  readYaml,
  searchKeysOf,
  seedValue,
  type UpsertResult,
  upsertRows,
  upsertSources,
} from '@regiograph/lib';
import { existsSync } from 'node:fs';
import { refreshParticipation } from './data/participation.js';
import { NetworkRole, OrganisationKind, PlaceKind } from './enums.js';

interface PlaceSeed {
  id: string;
  name: string;
  nameEn?: string;
  kind: string;
  countryCode: string;
  isoAlpha3?: string;
  nutsCode?: string;
  lauCode?: string;
  parent?: string;
  altNames?: string[];
  designations?: Array<{ title: string; year?: number }>;
  sources?: string[];
}
interface OrganisationSeed {
  id: string;
  name: string;
  nameEn?: string;
  acronym?: string;
  kind: string;
  countryCode?: string;
  place?: string;
  parent?: string;
  website?: string;
  description?: string;
  altNames?: string[];
  identifiers?: Array<{ scheme: string; value: string }>;
  sources?: string[];
}
interface NetworkSeed {
  id: string;
  name: string;
  nameEn?: string;
  family?: string;
  position?: number;
  theme?: string;
  themeEn?: string;
  coordinator?: string;
  website?: string;
  launchedOn?: string;
  launchedPrecision?: string;
  description?: string;
  altNames?: string[];
  sources?: string[];
  members?: Array<{ organisation: string; role: string; basis?: string; sources?: string[] }>;
  people?: Array<{ name: string; role: string; sources?: string[] }>;
}
export interface OrganisationsSeed {
  places?: PlaceSeed[];
  organisations?: OrganisationSeed[];
  networks?: NetworkSeed[];
}

/**
 * Names, citations and search keys accumulate: ingest adds its own to rows the seeds also write, and a
 * later seed run must not strip them. Nullable place codes use 'coalesce' so a seed that omits one never
 * erases what a data file filled in; a curated organisation is never `derived`.
 */
const UNION = { type: 'text[]', merge: 'union' } as const;

export async function seedOrganisations(orm: MikroORM, dir: string): Promise<UpsertResult> {
  const sources = readSources(dir);
  const file = join(dir, 'organisations.yaml');
  const data = readYaml<OrganisationsSeed>(file);
  validateOrganisationsSeed(file, data);
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (em) => {
    const result = await loadOrganisations(em as EntityManager, schema, sources, data);
    // The seeded organisations' programmes and project roles, from the seeds of projects and funding (shared
    // files, read as data), through the data module's path as ingest fills them for every organisation.
    const organisationIds = (data.organisations ?? []).map((o) => o.id);
    await refreshParticipation(emSql(em as EntityManager), seededParticipation(dir), { organisationIds });
    return result;
  });
}

export async function loadOrganisations(
  em: EntityManager,
  schema: string,
  sources: Array<Record<string, unknown>>,
  data: OrganisationsSeed,
): Promise<UpsertResult> {
  let total = await upsertSources(em, schema, sources);
  const places = data.places ?? [];
  total = addResults(
    total,
    await (async () => {
      const columns = {
        id: 'text',
        name: 'text',
        name_en: { type: 'text', merge: 'coalesce' },
        kind: 'text',
        country_code: 'text',
        iso_alpha3: { type: 'text', merge: 'coalesce' },
        nuts_code: { type: 'text', merge: 'coalesce' },
        lau_code: { type: 'text', merge: 'coalesce' },
        parent_id: { type: 'text', merge: 'coalesce' },
        alt_names: UNION,
        designations: 'jsonb',
        search_keys: UNION,
        source_ids: UNION,
      } as const;
      // A place no article cites is in the seeds only as a frame for those that are (a voivodeship around
      // a town): the official data describe it better (its NUTS 1 parent), so there the stored value wins
      // and the seed only fills gaps, and seeds after data change nothing.
      const frame = {
        ...columns,
        name: { type: 'text', merge: 'fill' },
        kind: { type: 'text', merge: 'fill' },
        country_code: { type: 'text', merge: 'fill' },
        parent_id: { type: 'text', merge: 'fill' },
      } as const;
      const row = (p: (typeof places)[number]) => ({
        id: p.id,
        name: p.name,
        name_en: p.nameEn,
        kind: p.kind,
        country_code: p.countryCode,
        iso_alpha3: p.isoAlpha3,
        nuts_code: p.nutsCode,
        lau_code: p.lauCode,
        parent_id: p.parent,
        alt_names: p.altNames ?? [],
        designations: p.designations ?? [],
        search_keys: searchKeysOf(p.name, p.nameEn, p.altNames, p.nutsCode, p.lauCode),
        source_ids: p.sources ?? [],
      });
      return addResults(
        await upsertRows(em, { schema, name: 'place' }, columns, places.filter((p) => p.sources?.length).map(row)),
        await upsertRows(em, { schema, name: 'place' }, frame, places.filter((p) => !p.sources?.length).map(row)),
      );
    })(),
  );
  const orgs = data.organisations ?? [];
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'organisation' },
      {
        id: 'text',
        name: 'text',
        name_en: 'text',
        acronym: 'text',
        kind: 'text',
        country_code: 'text',
        place_id: 'text',
        parent_id: 'text',
        website: 'text',
        description: 'text',
        alt_names: UNION,
        search_keys: UNION,
        source_ids: UNION,
        derived: 'boolean',
      },
      orgs.map((o) => ({
        id: o.id,
        name: o.name,
        name_en: o.nameEn,
        acronym: o.acronym,
        kind: o.kind,
        country_code: o.countryCode,
        place_id: o.place,
        parent_id: o.parent,
        website: o.website,
        description: o.description,
        alt_names: o.altNames ?? [],
        search_keys: searchKeysOf(o.name, o.nameEn, o.acronym, o.altNames),
        source_ids: o.sources ?? [],
        derived: false,
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'organisation_identifier', key: ['scheme', 'value', 'organisation_id'] },
      { scheme: 'text', value: 'text', organisation_id: 'text', source_ids: UNION },
      orgs.flatMap((o) =>
        (o.identifiers ?? []).map((i) => ({
          scheme: i.scheme,
          value: String(i.value),
          organisation_id: o.id,
          source_ids: o.sources ?? [],
        })),
      ),
    ),
  );
  const networks = data.networks ?? [];
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'network' },
      {
        id: 'text',
        name: 'text',
        name_en: 'text',
        family_id: 'text',
        position: 'integer',
        theme: 'text',
        theme_en: 'text',
        coordinator_id: 'text',
        website: 'text',
        launched_on: 'date',
        launched_precision: 'text',
        description: 'text',
        alt_names: UNION,
        search_keys: UNION,
        source_ids: UNION,
      },
      networks.map((n) => ({
        id: n.id,
        name: n.name,
        name_en: n.nameEn,
        family_id: n.family,
        position: n.position,
        theme: n.theme,
        theme_en: n.themeEn,
        coordinator_id: n.coordinator,
        website: n.website,
        launched_on: n.launchedOn,
        launched_precision: n.launchedPrecision,
        description: n.description,
        alt_names: n.altNames ?? [],
        search_keys: searchKeysOf(n.name, n.nameEn, n.theme, n.themeEn, n.altNames),
        source_ids: n.sources ?? [],
      })),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'network_member', key: ['network_id', 'organisation_id'] },
      { network_id: 'text', organisation_id: 'text', role: 'text', basis: 'text', source_ids: UNION },
      networks.flatMap((n) =>
        (n.members ?? []).map((m) => ({
          network_id: n.id,
          organisation_id: m.organisation,
          role: m.role,
          basis: m.basis,
          source_ids: m.sources ?? n.sources ?? [],
        })),
      ),
    ),
  );
  total = addResults(
    total,
    await upsertRows(
      em,
      { schema, name: 'network_person', key: ['network_id', 'name', 'role'] },
      { network_id: 'text', name: 'text', role: 'text', source_ids: UNION },
      networks.flatMap((n) =>
        (n.people ?? []).map((p) => ({ network_id: n.id, name: p.name, role: p.role, source_ids: p.sources ?? n.sources ?? [] })),
      ),
    ),
  );
  return total;
}

export function validateOrganisationsSeed(file: string, data: OrganisationsSeed): void {
  type Rec = Array<Record<string, unknown>>;
  checkRecords(file, 'places', data.places as unknown as Rec, {
    required: ['id', 'name', 'kind', 'countryCode'],
    optional: ['nameEn', 'isoAlpha3', 'nutsCode', 'lauCode', 'parent', 'altNames', 'sources'],
    values: {
      kind: seedValue.oneOf(Object.values(PlaceKind)),
      countryCode: seedValue.text,
      altNames: seedValue.texts,
      sources: seedValue.texts,
    },
    nested: { designations: { required: ['title'], optional: ['year'], values: { title: seedValue.text, year: seedValue.year } } },
  });
  checkRecords(file, 'organisations', data.organisations as unknown as Rec, {
    required: ['id', 'name', 'kind'],
    optional: ['nameEn', 'acronym', 'countryCode', 'place', 'parent', 'website', 'description', 'altNames', 'sources'],
    values: { kind: seedValue.oneOf(Object.values(OrganisationKind)), altNames: seedValue.texts, sources: seedValue.texts },
    nested: { identifiers: { required: ['scheme', 'value'], optional: [], values: { scheme: seedValue.text, value: seedValue.text } } },
  });
  checkRecords(file, 'networks', data.networks as unknown as Rec, {
    required: ['id', 'name'],
    optional: [
      'nameEn',
      'family',
      'position',
      'theme',
      'themeEn',
      'coordinator',
      'website',
      'launchedOn',
      'launchedPrecision',
      'description',
      'altNames',
      'sources',
    ],
    values: {
      position: seedValue.integer,
      launchedOn: seedValue.date,
      launchedPrecision: seedValue.oneOf(['DAY', 'MONTH', 'SEASON', 'YEAR']),
      altNames: seedValue.texts,
      sources: seedValue.texts,
    },
    nested: {
      members: {
        required: ['organisation', 'role'],
        optional: ['basis', 'sources'],
        values: {
          organisation: seedValue.text,
          role: seedValue.oneOf(Object.values(NetworkRole)),
          basis: seedValue.text,
          sources: seedValue.texts,
        },
      },
      people: {
        required: ['name', 'role'],
        optional: ['sources'],
        values: { name: seedValue.text, role: seedValue.oneOf(Object.values(NetworkRole)), sources: seedValue.texts },
      },
    },
  });
}

/** (organisation, programme, role) as seeds/projects.yaml (partners' roles) and seeds/funding.yaml (operators) state them. */
function seededParticipation(dir: string): Array<{ organisationId: string; programmeId: string | null; role: string | null }> {
  const read = <T>(name: string): T | null => (existsSync(join(dir, name)) ? readYaml<T>(join(dir, name)) : null);
  const projects = read<{ projects?: Array<{ partnerships?: Array<{ organisation?: string | null; role: string }> }> }>('projects.yaml');
  const funding = read<{ programmes?: Array<{ id: string; operator?: string | null }> }>('funding.yaml');
  return [
    ...(projects?.projects ?? []).flatMap((p) =>
      (p.partnerships ?? []).flatMap((s) => (s.organisation ? [{ organisationId: s.organisation, programmeId: null, role: s.role }] : [])),
    ),
    ...(funding?.programmes ?? []).flatMap((p) => (p.operator ? [{ organisationId: p.operator, programmeId: p.id, role: null }] : [])),
  ];
}
