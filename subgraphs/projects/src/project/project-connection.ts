import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, type RowSource, type SortKey, searchKey, tableOf } from '@regiograph/lib';
import { PARTNER_ROLE_ORDER } from '../enums.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from './project.entity.js';
import { type ProjectFilter, projectFilterSql } from './project-filter.js';

/** `ProjectConnection` and `ProjectEdge`. */
export const ProjectConnection = connectionTypes(Project, 'Project', {
  description: 'A page of projects, by title then ID (best name matches first when a name is given).',
});

/** `PartnershipConnection` and `PartnershipEdge`. */
export const PartnershipConnection = connectionTypes(Partnership, 'Partnership', {
  description: 'A page of partnerships: by project then ID, or in a project lead partner first.',
});

/** A place's or organisation's partnerships: by project, then ID (indexes on (place_id | country_id | organisation_id, project_id, id)). */
export const BY_PROJECT: readonly SortKey[] = [
  { sql: 't.project_id', type: 'text' },
  { sql: 't.id', type: 'text' },
];

/** A project's partnerships: lead partner first, as the enum's order, then ID. */
export const BY_ROLE: readonly SortKey[] = [
  {
    sql: `coalesce(array_position(array[${PARTNER_ROLE_ORDER.map((r) => `'${r}'`).join(', ')}]::text[], t.role), ${PARTNER_ROLE_ORDER.length})`,
    type: 'integer',
  },
  { sql: 't.id', type: 'text' },
];

/** Browsing order: by title, then ID (unique, so the order is total and stable). */
export const BY_TITLE: readonly SortKey[] = [
  { sql: 't.title', type: 'text' },
  { sql: 't.id', type: 'text' },
];

/** What selects a list of projects: the old arguments and the `filter` input. */
export interface ProjectSelection {
  name?: string | null;
  programmeId?: string | null;
  filter?: ProjectFilter | null;
}

const escapeLike = (key: string) => key.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The order of the projects a filter selects (needs no database: cursors are checked against it first). */
export function projectOrder(filter: ProjectSelection): readonly SortKey[] {
  if (filter.name === undefined || filter.name === null) return BY_TITLE;
  const key = searchKey(filter.name) ?? '';
  return [
    { sql: '(? = any(t.search_keys))', params: [key], type: 'boolean', descending: true },
    {
      sql: 'exists (select 1 from unnest(t.search_keys) k where k like ?)',
      params: [`${escapeLike(key)}%`],
      type: 'boolean',
      descending: true,
    },
    ...BY_TITLE,
  ];
}

/**
 * The projects a filter selects, as rows `t`, and their order. A name matches the acronym, code or title
 * (any search key), ranked as lib's searchByName ranks it: exact, then starts with, then title and ID.
 * Null when the name has nothing to search for.
 */
export function projectRows(em: EntityManager, filter: ProjectSelection): { source: RowSource; order: readonly SortKey[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  const order = projectOrder(filter);
  if (filter.name !== undefined && filter.name !== null) {
    const key = searchKey(filter.name);
    if (!key) return null;
    where.push('exists (select 1 from unnest(t.search_keys) k where k like ?)');
    params.push(`%${escapeLike(key)}%`);
  }
  if (filter.programmeId) {
    where.push('t.programme_id = ?');
    params.push(filter.programmeId);
  }
  const narrowed = projectFilterSql(filter.filter, tableOf(em, Partnership));
  where.push(...narrowed.conditions);
  params.push(...narrowed.params);
  const condition = where.length ? `where ${where.join(' and ')}` : '';
  return { source: { from: `${tableOf(em, Project)} t ${condition}`, params }, order };
}

/**
 * The projects of one place (`parent`, an SQL expression): those that name the place among their countries
 * or the places they work in, or have a partner located there (city, region or, for a country, the
 * country), each once, narrowed by the filter. Each branch uses an index (GIN on the arrays, b-tree on the partnership's place and
 * country).
 */
export function projectsOfPlace(em: EntityManager, parent: string, filter?: ProjectFilter | null): RowSource {
  const project = tableOf(em, Project);
  const partnership = tableOf(em, Partnership);
  const narrowed = projectFilterSql(filter, partnership);
  return {
    params: narrowed.params,
    from: `(
        select p.id from ${project} p where p.country_ids @> array[${parent}]
        union select p.id from ${project} p where p.place_ids @> array[${parent}]
        union select s.project_id from ${partnership} s where s.place_id = ${parent}
        union select s.project_id from ${partnership} s where s.country_id = ${parent}
      ) m
      join ${project} t on t.id = m.id ${narrowed.where()}`,
  };
}

/** The projects an organisation takes part in, each once (through its partnerships; `parent` names it in SQL), narrowed by the filter. */
export function projectsOfOrganisation(em: EntityManager, parent: string, filter?: ProjectFilter | null): RowSource {
  const narrowed = projectFilterSql(filter, tableOf(em, Partnership));
  return {
    params: narrowed.params,
    from: `(select distinct s.project_id as id from ${tableOf(em, Partnership)} s where s.organisation_id = ${parent}) m
      join ${tableOf(em, Project)} t on t.id = m.id ${narrowed.where()}`,
  };
}
