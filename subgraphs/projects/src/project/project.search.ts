import type { EntityManager } from '@mikro-orm/postgresql';
import { searchKey, tableOf } from '@regiograph/lib';
import { Project } from './project.entity.js';

/**
 * lib's searchByName orders ties by a `name` column, which projects do not have (they have acronym and
 * title), so this is the same one-statement lookup ordered for projects: an exact acronym/code/title
 * first, then a key that starts with the text, then by title.
 */
export async function searchProjects(
  em: EntityManager,
  options: { name: string; limit?: number; offset?: number },
): Promise<Project[]> {
  const key = searchKey(options.name);
  if (!key) return [];
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  const sql = `select t.* from ${tableOf(em, Project)} t
    where exists (select 1 from unnest(t.search_keys) k where k like ?)
    order by (? = any(t.search_keys)) desc,
      exists (select 1 from unnest(t.search_keys) k where k like ?) desc,
      t.title, t.id
    limit ? offset ?`;
  const rows = await em
    .execute(sql, [`%${escaped}%`, key, `${escaped}%`, options.limit ?? 50, options.offset ?? 0]);
  // biome-ignore lint/suspicious/noExplicitAny: raw rows are mapped by the ORM
  return (rows as any[]).map((row) => em.map(Project, row));
}
