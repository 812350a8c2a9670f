import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { sqlIdent as ident, sqlLiteral as literal } from './change-log.js';

/**
 * Maintained totals and member lists (issue 9 §5): what a `totalCount` or a long list under an entity reads
 * at any size, kept at write time so that a request reads one row, or one page of an index, instead of
 * counting or sorting millions.
 *
 * Kept by PostgreSQL triggers, as the change log is (lib/src/change-log.ts), and not by the ingest's write
 * path: rows change by several paths (the merge of staged rows, the keep.eu partner removal, identity
 * resolution's relinking, the seeds, `npm run generate -- --remove`'s deletes by ID prefix), and a trigger
 * sees them all, in the transaction that writes them, so a total commits or rolls back with its rows.
 * Statement-level, with transition tables: a merge of 10,000 rows costs one grouped upsert per table, not
 * 10,000 trigger calls, and a hot total (a country's) is written once per statement. TRUNCATE rebuilds
 * from the table (tests empty their schemas). The ingest runs one command at a time (its advisory lock),
 * so concurrent writers of the same totals are not expected; the updates are relative (`n = n + delta`)
 * all the same, so two would still add up.
 *
 * - `<schema>.list_total (list, parent, n)`: the count of a list per parent ('' for a root list), e.g.
 *   ('Query.projectsConnection', '', 1002453), ('Place.projectsConnection', 'place:country:PL', 611000).
 * - a member table (maintainedListMigration): the (parent, child) pairs of a list whose members come from
 *   several tables (a place's projects: the project's own places and countries, and its partners' places
 *   and countries), each with how many rows name it (`refs`) and the child's sort columns copied, so a
 *   page is one index range (parent, sort columns, child) and its total a row of list_total.
 *
 * What these generate must not change in place once a migration calls it (as for the change log): a new
 * version is a new function.
 */

/** The tables these keep, no entity's: the schema generator leaves them alone (member tables are named `<...>_members`). */
export const MAINTAINED_TABLES: Array<string | RegExp> = ['list_total', /_members$/];

/** The table of totals of a schema (create it once, before the lists that keep totals in it). */
export function listTotalTable(schema: string): { up: string[]; down: string[] } {
  const s = ident(schema);
  return {
    up: [
      `create table ${s}."list_total" (
         "list" text not null,
         "parent" text not null,
         "n" bigint not null,
         primary key ("list", "parent"));`,
    ],
    down: [`drop table ${s}."list_total";`],
  };
}

/** A list whose rows are the rows of one table, counted per parent. */
export interface CountedList {
  /** The list's coordinate, its key in list_total: `Query.projectsConnection`. */
  list: string;
  /** Names its trigger function and triggers (unique in the schema). */
  name: string;
  table: string;
  /** The table's key column (default `id`). */
  id?: string;
  /** SQL text[] over the row `r`: the parents it counts under, each once, nulls skipped. Default: the root list (''). */
  parents?: string;
  /** The columns `parents` reads: an update that changes none of them moves no total. Empty for a root list. */
  columns?: readonly string[];
}

const distinctParents = (parents: string) => `cross join lateral (select distinct e from unnest(${parents}) e where e is not null) p`;
const changed = (columns: readonly string[], id: string, pick: 'n' | 'o') =>
  `(select ${pick}.* from new_rows n join old_rows o on o.${ident(id)} = n.${ident(id)}
     where (${columns.map((c) => `n.${ident(c)}`).join(', ')}, null) is distinct from (${columns.map((c) => `o.${ident(c)}`).join(', ')}, null))`;

function triggers(schema: string, table: string, name: string, fn: string, events: ReadonlyArray<'insert' | 'update' | 'delete'>) {
  const s = ident(schema);
  const refs = { insert: 'new table as new_rows', update: 'old table as old_rows new table as new_rows', delete: 'old table as old_rows' };
  const up = events.map(
    (op) =>
      `create trigger ${ident(`${name}_${op}`)} after ${op} on ${s}.${ident(table)} referencing ${refs[op]} for each statement execute function ${fn}();`,
  );
  up.push(
    `create trigger ${ident(`${name}_truncate`)} after truncate on ${s}.${ident(table)} for each statement execute function ${fn}();`,
  );
  const down = [...events, 'truncate' as const].map((op) => `drop trigger ${ident(`${name}_${op}`)} on ${s}.${ident(table)};`);
  return { up, down };
}

/** The statements of a migration that keeps the totals of a counted list in list_total (filled from the table as it is). */
export function countedListMigration(schema: string, l: CountedList): { up: string[]; down: string[] } {
  const s = ident(schema);
  const id = l.id ?? 'id';
  const parents = l.parents ?? `array['']`;
  const columns = l.columns ?? [];
  const list = literal(l.list);
  const fn = `${s}.${ident(l.name)}`;
  const total = `${s}."list_total"`;
  const add = (rows: string, sign: 1 | -1) => `select p.e, ${sign} as n from ${rows} r ${distinctParents(parents)}`;
  const apply = (delta: string) =>
    `insert into ${total} as t ("list", "parent", "n")
       select ${list}, d.e, sum(d.n) from (${delta}) d group by d.e having sum(d.n) <> 0
       on conflict ("list", "parent") do update set "n" = t."n" + excluded."n";`;
  const rebuild = `delete from ${total} where "list" = ${list};
       insert into ${total} ("list", "parent", "n") select ${list}, p.e, count(*) from ${s}.${ident(l.table)} r ${distinctParents(parents)} group by p.e;`;
  const update = columns.length
    ? `elsif TG_OP = 'UPDATE' then
         ${apply(`${add(changed(columns, id, 'n'), 1)} union all ${add(changed(columns, id, 'o'), -1)}`)}`
    : '';
  const body = `begin
       if TG_OP = 'TRUNCATE' then
         ${rebuild}
       elsif TG_OP = 'INSERT' then
         ${apply(add('new_rows', 1))}
       elsif TG_OP = 'DELETE' then
         ${apply(add('old_rows', -1))}
       ${update}
       end if;
       return null;
     end`;
  const t = triggers(schema, l.table, l.name, fn, columns.length ? ['insert', 'update', 'delete'] : ['insert', 'delete']);
  return {
    up: [
      `create function ${fn}() returns trigger language plpgsql set jit = off as $total$ ${body} $total$;`,
      ...t.up,
      `insert into ${total} ("list", "parent", "n") select ${list}, p.e, count(*) from ${s}.${ident(l.table)} r ${distinctParents(parents)} group by p.e;`,
    ],
    down: [...t.down, `drop function ${fn}();`, `delete from ${total} where "list" = ${list};`],
  };
}

/** Rows of another table that make a child a member of parents (a partnership places its project). */
export interface MemberSource {
  table: string;
  /** Its key column (default `id`). */
  id?: string;
  /** Its column naming the child. */
  child: string;
  /** SQL text[] over the row `r`: the parents it makes its child a member of (nulls skipped). */
  parents: string;
  /** The columns `child` and `parents` read. */
  columns: readonly string[];
}

/** A list of children per parent drawn from the child's own row and from other tables, kept as a table. */
export interface MaintainedList {
  /** The member table: (parent, child, the child's sort columns, refs). */
  table: string;
  /** The list's coordinate in list_total. */
  list: string;
  /** The member table's parent and child columns. */
  parent: string;
  childColumn: string;
  child: {
    table: string;
    id?: string;
    /** Copied onto each member row and kept when they change, with their SQL types: the list's order. */
    sort: ReadonlyArray<{ column: string; type: string }>;
    /** SQL text[] over the child row `r`: the parents it names itself (nulls skipped). */
    parents: string;
    columns: readonly string[];
  };
  via: readonly MemberSource[];
}

/**
 * The statements of a migration that keeps a member table and its totals: a child is a member of a parent
 * while it exists and at least one row (its own, or one of `via`'s) names the parent; `refs` counts those
 * rows. A `via` row of a child not stored (yet) counts when the child comes: the child's insert adds the
 * `via` rows that name it, its delete takes them away. The order index (parent, sort columns, child) serves
 * every keyset page; list_total holds the members per parent.
 */
export function maintainedListMigration(schema: string, l: MaintainedList): { up: string[]; down: string[] } {
  if (!l.table.endsWith('_members'))
    throw new Error(`member table ${schema}.${l.table}: its name must end in _members (MAINTAINED_TABLES)`);
  const s = ident(schema);
  const mem = `${s}.${ident(l.table)}`;
  const child = `${s}.${ident(l.child.table)}`;
  const cid = ident(l.child.id ?? 'id');
  const P = ident(l.parent);
  const C = ident(l.childColumn);
  const sort = l.child.sort.map((c) => ident(c.column));
  const list = literal(l.list);
  const total = `${s}."list_total"`;
  const own = (rows: string, sign: 1 | -1) =>
    `select e, r.${cid} as c, ${sign} as n from ${rows} r cross join lateral unnest(${l.child.parents}) e`;
  const viaOf = (v: MemberSource, rows: string, sign: 1 | -1) =>
    `select e, r.${ident(v.child)} as c, ${sign} as n from ${rows} r cross join lateral unnest(${v.parents}) e`;
  const viaOfChildren = (rows: string, sign: 1 | -1) =>
    l.via.map((v) =>
      viaOf(v, `(select v.* from ${s}.${ident(v.table)} v where v.${ident(v.child)} in (select ${cid} from ${rows}))`, sign),
    );
  /** Applies a delta (rows e, c, n) to the member table and the totals, in one statement. */
  const apply = (delta: string) =>
    `with d as (select x.e, x.c, sum(x.n)::int as n from (${delta}) x where x.e is not null group by x.e, x.c having sum(x.n) <> 0),
       m as (select d.e, d.c, d.n, t."refs", k.${cid} is not null as live${sort.map((c) => `, k.${c}`).join('')}
             from d left join ${mem} t on t.${P} = d.e and t.${C} = d.c left join ${child} k on k.${cid} = d.c),
       ins as (insert into ${mem} as t (${P}, ${C}, ${sort.join(', ')}, "refs")
               select m.e, m.c, ${sort.map((c) => `m.${c}`).join(', ')}, m.n from m where m."refs" is null and m.n > 0 and m.live
               on conflict (${P}, ${C}) do update set "refs" = t."refs" + excluded."refs" returning 1),
       upd as (update ${mem} t set "refs" = t."refs" + m.n from m
               where m."refs" is not null and m."refs" + m.n > 0 and t.${P} = m.e and t.${C} = m.c returning 1),
       del as (delete from ${mem} t using m where m."refs" is not null and m."refs" + m.n <= 0 and t.${P} = m.e and t.${C} = m.c returning 1),
       c as (select m.e, sum(case when m."refs" is null then 1 else -1 end) as n from m
             where (m."refs" is null and m.n > 0 and m.live) or (m."refs" is not null and m."refs" + m.n <= 0) group by m.e)
     insert into ${total} as t ("list", "parent", "n") select ${list}, c.e, c.n from c
     on conflict ("list", "parent") do update set "n" = t."n" + excluded."n";`;
  const fill = [
    `insert into ${mem} (${P}, ${C}, ${sort.join(', ')}, "refs")
       select x.e, x.c, ${sort.map((c) => `k.${c}`).join(', ')}, count(*) from (${[
         own(child, 1),
         ...l.via.map((v) => viaOf(v, `${s}.${ident(v.table)}`, 1)),
       ].join(
         ' union all ',
       )}) x join ${child} k on k.${cid} = x.c where x.e is not null group by x.e, x.c, ${sort.map((c) => `k.${c}`).join(', ')};`,
    `insert into ${total} ("list", "parent", "n") select ${list}, ${P}, count(*) from ${mem} group by ${P};`,
  ];
  const rebuild = `delete from ${mem}; delete from ${total} where "list" = ${list}; ${fill.join(' ')}`;
  const fnName = (table: string) => `${s}.${ident(`${l.table}_${table}`)}`;
  const up = [
    `create table ${mem} (${P} text not null, ${C} text not null, ${l.child.sort.map((c) => `${ident(c.column)} ${c.type} not null`).join(', ')},
       "refs" int not null, primary key (${P}, ${C}));`,
    `create index ${ident(`${l.table}_order_index`)} on ${mem} (${P}, ${sort.join(', ')}, ${C});`,
    `create index ${ident(`${l.table}_${l.childColumn}_index`)} on ${mem} (${C});`,
  ];
  const down: string[] = [];
  // The child's own row: its parents, the via rows already naming it, and its sort columns.
  const ownChanged = (pick: 'n' | 'o') => changed(l.child.columns, l.child.id ?? 'id', pick);
  const sortChanged = `update ${mem} t set ${sort.map((c) => `${c} = n.${c}`).join(', ')}
         from new_rows n join old_rows o on o.${cid} = n.${cid}
         where (${sort.map((c) => `n.${c}`).join(', ')}, null) is distinct from (${sort.map((c) => `o.${c}`).join(', ')}, null) and t.${C} = n.${cid};`;
  const childBody = `begin
       if TG_OP = 'TRUNCATE' then
         ${rebuild}
       elsif TG_OP = 'INSERT' then
         ${apply([own('new_rows', 1), ...viaOfChildren('new_rows', 1)].join(' union all '))}
       elsif TG_OP = 'DELETE' then
         ${apply([own('old_rows', -1), ...viaOfChildren('old_rows', -1)].join(' union all '))}
       else
         ${sortChanged}
         ${apply(`${own(ownChanged('n'), 1)} union all ${own(ownChanged('o'), -1)}`)}
       end if;
       return null;
     end`;
  const sources = [{ table: l.child.table, body: childBody }];
  for (const v of l.via) {
    const vChanged = (pick: 'n' | 'o') => changed(v.columns, v.id ?? 'id', pick);
    sources.push({
      table: v.table,
      body: `begin
       if TG_OP = 'TRUNCATE' then
         ${rebuild}
       elsif TG_OP = 'INSERT' then
         ${apply(viaOf(v, 'new_rows', 1))}
       elsif TG_OP = 'DELETE' then
         ${apply(viaOf(v, 'old_rows', -1))}
       else
         ${apply(`${viaOf(v, vChanged('n'), 1)} union all ${viaOf(v, vChanged('o'), -1)}`)}
       end if;
       return null;
     end`,
    });
  }
  for (const source of sources) {
    const fn = fnName(source.table);
    up.push(`create function ${fn}() returns trigger language plpgsql set jit = off as $members$ ${source.body} $members$;`);
    const t = triggers(schema, source.table, `${l.table}_${source.table}`, fn, ['insert', 'update', 'delete']);
    up.push(...t.up);
    down.push(...t.down, `drop function ${fn}();`);
  }
  up.push(...fill);
  down.push(`delete from ${total} where "list" = ${list};`, `drop table ${mem};`);
  return { up, down };
}

/** The schema of an entity's table. */
export function schemaOf(em: EntityManager, entity: EntityName<object>): string {
  const meta = em.getMetadata().get(entity);
  return (meta.schema && meta.schema !== '*' ? meta.schema : em.config.get('schema')) ?? 'public';
}

/** A list's maintained total for one parent (SQL naming it, e.g. `k.parent`, or `?` with the ID as parameter): 0 when none is kept yet. */
export function listTotalSql(schema: string, list: string, parent: string): { sql: string; params: unknown[] } {
  return {
    sql: `coalesce((select lt."n"::int from ${ident(schema)}."list_total" lt where lt."list" = ? and lt."parent" = ${parent}), 0)`,
    params: [list],
  };
}
