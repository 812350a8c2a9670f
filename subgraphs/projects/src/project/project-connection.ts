import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionTypes, listTotalSql, type RowSource, type SortKey, schemaOf, searchKey, tableOf } from '@regiograph/lib';
import { PARTNER_ROLE_ORDER } from '../enums.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { Project } from './project.entity.js';
import { type ProjectFilter, projectFilterSql } from './project-filter.js';
import { type PartnershipFilter, partnershipFilterSql } from '../partnership/partnership-filter.js';

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
 * A place's projects, by title then ID, as the member table `project_place_members` (alias `m`) keeps them: its
 * index (place_id, title, project_id) gives this order, so a page reads only its page. The cursor's values
 * are the same as BY_TITLE's (title, ID).
 */
export const BY_TITLE_IN_PLACE: readonly SortKey[] = [
  { sql: 'm.title', type: 'text' },
  { sql: 'm.project_id', type: 'text' },
];

/** The member table of the places' projects (Migration20261204100000MaintainedTotals). */
export const projectPlaceTable = (em: EntityManager) => `"${schemaOf(em, Project)}"."project_place_members"`;

/**
 * The projects of one place (`parent`, an SQL expression): those that name the place among their countries
 * or the places they work in, or have a partner located there (city, region or, for a country, the
 * country), each once, narrowed by the filter. Read from `project_place_members`, kept by triggers at every write
 * (lib/src/totals.ts), in BY_TITLE_IN_PLACE order.
 */
export function projectsOfPlace(em: EntityManager, parent: string, filter?: ProjectFilter | null): RowSource {
  const narrowed = projectFilterSql(filter, tableOf(em, Partnership));
  return {
    params: narrowed.params,
    from: `${projectPlaceTable(em)} m join ${tableOf(em, Project)} t on t.id = m.project_id where m.place_id = ${parent} ${narrowed.and()}`,
  };
}

/**
 * The partnerships located in one place (`parent`): partner in the place, or, for a country, in the country.
 * Two disjoint branches, each an index range in BY_PROJECT order ((place_id | country_id, project_id, id)),
 * a page cut from each and merged: `place_id = P or country_id = P` sorted every partnership of a capital
 * or a country first (2.4 s for Warszawa's 38,000 at 300k projects).
 */
export function partnershipsOfPlace(em: EntityManager, parent: string, filter?: PartnershipFilter | null): RowSource {
  const partnership = tableOf(em, Partnership);
  const narrowed = partnershipFilterSql(filter);
  const branch = (where: string): RowSource => ({ from: `${partnership} t where ${where} ${narrowed.and()}`, params: narrowed.params });
  return {
    ...branch(`(t.place_id = ${parent} or t.country_id = ${parent})`),
    branches: [branch(`t.place_id = ${parent}`), branch(`t.country_id = ${parent} and t.place_id is distinct from ${parent}`)],
  };
}

/** The maintained total of an unfiltered list of this schema (`parent`: SQL naming the parent; '' for a root list). */
export function projectsListTotal(em: EntityManager, list: string, parent: string) {
  return listTotalSql(schemaOf(em, Project), list, parent);
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
