import type { EntityManager } from '@mikro-orm/postgresql';
import { coverage } from './coverage.js';
import {
  byKeyLoader,
  createSourceLoader,
  filteredByColumn,
  filteredGroupLoaders,
  groupLoader,
  tableOf,
  BATCH,
  keyedRows,
  loaded,
} from '@regiograph/lib';
import DataLoader from 'dataloader';
import { byRole, Partnership } from './partnership/partnership.entity.js';
import {
  BY_PROJECT,
  BY_ROLE,
  BY_TITLE,
  BY_TITLE_IN_PLACE,
  partnershipsOfPlace,
  projectsListTotal,
  projectsOfOrganisation,
  projectsOfPlace,
} from './project/project-connection.js';
import { Project } from './project/project.entity.js';
import { type ProjectFilter, projectFilterSql } from './project/project-filter.js';
import { type PartnershipFilter, partnershipFilterSql } from './partnership/partnership-filter.js';
import { createStatisticsLoaders } from './statistics/statistics.resolver.js';

const sortedByRole = (rows: Partnership[]) => rows.sort(byRole);

/** Every per-parent lookup of this subgraph: one SQL statement per batch. Created per request. */
export function createLoaders(em: EntityManager) {
  const project = byKeyLoader(keyedRows(em, Project, { key: 'id' }), (p) => p.id);
  const partnershipsByOrganisation = groupLoader(
    (ids) => keyedRows(em, Partnership, { key: 'organisationId' })(ids).then(sortedByRole),
    (s) => s.organisationId,
  );
  return {
    source: createSourceLoader(em),
    coverage: coverage.loader(em),
    project,
    partnership: byKeyLoader(keyedRows(em, Partnership, { key: 'id' }), (s) => s.id),
    partnershipsByProject: groupLoader(
      (ids) => keyedRows(em, Partnership, { key: 'projectId' })(ids).then(sortedByRole),
      (s) => s.projectId,
    ),
    partnershipsByOrganisation,
    /** Two statements per batch however many organisations: their partnerships, then those projects. */
    projectsByOrganisation: new DataLoader<string, Project[]>(async (orgIds) => {
      const groups = await partnershipsByOrganisation.loadMany(orgIds);
      const lists = groups.map((g) => (g instanceof Error ? [] : g));
      const projectIds = [...new Set(lists.flat().map((s) => s.projectId))];
      const found = new Map<string, Project>();
      for (const p of loaded(await project.loadMany(projectIds))) found.set(p.id, p);
      return lists.map((list) =>
        [...new Set(list.map((s) => s.projectId))]
          .map((id) => found.get(id))
          .filter((p): p is Project => !!p)
          .sort((a, b) => a.title.localeCompare(b.title)),
      );
    }, BATCH),
    /** Keyset pages of the projects of each place, by title: one statement per batch and page. */
    projectPagesByPlace: filteredGroupLoaders(em, Project, {
      source: (parent, filter: ProjectFilter | null | undefined) => projectsOfPlace(em, parent, filter),
      order: BY_TITLE_IN_PLACE,
      total: (parent) => projectsListTotal(em, 'Place.projectsConnection', parent),
    }),
    /** Keyset pages of the projects of each programme, by title: a programme finances hundreds. */
    projectPagesByProgramme: filteredByColumn(em, Project, {
      key: 'programme_id',
      order: BY_TITLE,
      filter: (filter: ProjectFilter | null | undefined) => projectFilterSql(filter, tableOf(em, Partnership)),
    }),
    /** Keyset pages of the projects each organisation takes part in, by title. */
    projectPagesByOrganisation: filteredGroupLoaders(em, Project, {
      source: (parent, filter: ProjectFilter | null | undefined) => projectsOfOrganisation(em, parent, filter),
      order: BY_TITLE,
    }),
    /** Keyset pages of each project's partnerships, lead partner first. */
    partnershipPagesByProject: filteredByColumn(em, Partnership, { key: 'project_id', order: BY_ROLE, filter: partnershipFilterSql }),
    /** Keyset pages of each organisation's partnerships, by project. */
    partnershipPagesByOrganisation: filteredByColumn(em, Partnership, {
      key: 'organisation_id',
      order: BY_PROJECT,
      filter: partnershipFilterSql,
    }),
    /** Keyset pages of the partnerships located in each place (its city or region, or for a country the country), by project. */
    partnershipPagesByPlace: filteredGroupLoaders(em, Partnership, {
      source: (parent, filter: PartnershipFilter | null | undefined) => partnershipsOfPlace(em, parent, filter),
      order: BY_PROJECT,
      total: (parent) => projectsListTotal(em, 'Place.partnershipsConnection', parent),
    }),
    projectStatistics: createStatisticsLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
