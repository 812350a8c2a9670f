import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, PageInfo, type SortKey } from './connections.js';

/**
 * The change log behind the `changes` feed (issue 9 §4).
 *
 * Where changes are recorded: by PostgreSQL itself, in the transaction that writes them. Each subgraph's
 * migration installs, through `changeLogMigration`, a table `<schema>.change_log` and statement-level
 * AFTER triggers with transition tables on every table that holds an entity or a list of one. Triggers and
 * not the write path (lib/src/write.ts) because rows change by several paths: the merge of staged rows, the
 * keep.eu partner removal, identity resolution's relinking, unlinking and deleting of derived organisations,
 * the seeds; a trigger sees them all, and what it writes commits or rolls back with them. Statement-level,
 * so that one merge of 50,000 rows costs one INSERT ... SELECT into the log, not 50,000 trigger calls.
 *
 * What a row says: the entity's GraphQL type and ID, CREATED, UPDATED (with the names of the changed
 * columns, as camelCase properties; `created_at`/`updated_at` ignored, so an update that changes nothing
 * logs nothing, and the merge already leaves unchanged rows untouched) or DELETED (a tombstone). A row of a
 * list kept in a table of its own (a network's members, a place's identifiers) logs its entity as UPDATED,
 * naming the list's field, unless that entity is gone.
 *
 * Order and the cursor: each log row carries its transaction's ID (`pg_current_xact_id()`, one per
 * ingest command, which commits every schema at once) and a position from the schema's own sequence. The
 * feed reads every schema's log in (transaction ID, schema, position) order. Transaction IDs are handed out
 * when a transaction first writes, not when it commits, so a transaction still running can hold a smaller ID
 * than one already committed; a cursor past the committed one would then skip the other's changes for ever.
 * The feed therefore hands out only changes of transactions below its horizon: the oldest transaction of
 * this database still in flight (from `pg_current_snapshot()`, those the statistics still show in this
 * database; another database's cannot write these logs), or, with none, the snapshot's xmax. Every transaction
 * below the horizon has ended, and every later one gets an ID at or above it, so nothing can appear behind a
 * cursor once it was handed out. The price: while an ingest runs (one long transaction), the feed holds back
 * what committed after that ingest began, and hands it out after the ingest ends.
 */

/** What happened to an entity. */
export enum ChangeOperation {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
}
registerEnumType(ChangeOperation, { name: 'ChangeOperation', description: 'What a change did to its entity.' });

/** A table whose rows the log follows. */
export interface TrackedTable {
  table: string;
  /** The GraphQL type of the entity a row is (or, with `field`, belongs to). */
  type: string;
  /** The column holding the entity's ID (default `id`). */
  id?: string;
  /** For a table holding a list of an entity (its `id` column names the entity): the entity's field. */
  field?: string;
  /** With `field`: the entity's own table (a change of a gone entity's list is not logged). */
  parent?: string;
}

/** An SQL identifier, quoted. */
export const sqlIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** An SQL string literal. */
export const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = sqlIdent;
const literal = sqlLiteral;

/**
 * A tracked table's trigger function. Version 1 (changeLogMigration) compares every column but the
 * timestamps; version 2 (changeLogIgnoring) also leaves out the columns `<schema>.change_log_ignored` names
 * for the table, read once per statement, and replaces version 1's function. What a version generates must
 * not change: committed migrations call this.
 */
function triggerFunction(schema: string, t: TrackedTable, version: 1 | 2 = 1): string {
  const log = `${ident(schema)}."change_log"`;
  const id = ident(t.id ?? 'id');
  const type = literal(t.type);
  const fn = `${ident(schema)}.${ident(`change_log_${t.table}`)}`;
  const v2 = version === 2;
  const skip = v2 ? ' skip text[];' : '';
  const readSkip = v2
    ? `select coalesce(array_agg(i."column_name"), '{}') into skip from ${ident(schema)}."change_log_ignored" i where i."table_name" = TG_TABLE_NAME;\n         `
    : '';
  const less = v2 ? ' - skip' : '';
  const body = t.field
    ? // A list's rows: their entity, UPDATED with the list's field, once per statement, if the entity is still there.
      `declare changed text[];${skip}
     begin
       if TG_OP = 'INSERT' then
         select array_agg(distinct n.${id}::text) into changed from new_rows n;
       elsif TG_OP = 'DELETE' then
         select array_agg(distinct o.${id}::text) into changed from old_rows o;
       else
         ${readSkip}select array_agg(distinct d.e) into changed from (
           select n.${id}::text as e, to_jsonb(n) - 'created_at' - 'updated_at'${less} as j from new_rows n
           except
           select o.${id}::text, to_jsonb(o) - 'created_at' - 'updated_at'${less} from old_rows o) d;
       end if;
       insert into ${log} (entity_type, entity_id, operation, fields)
         select ${type}, c.e, 'UPDATED', array[${literal(t.field)}] from unnest(changed) c(e)
         where exists (select 1 from ${ident(schema)}.${ident(t.parent ?? '')} p where p."id" = c.e);
       return null;
     end`
    : `declare diff text;${skip}
     begin
       if TG_OP = 'INSERT' then
         insert into ${log} (entity_type, entity_id, operation) select ${type}, n.${id}::text, 'CREATED' from new_rows n;
       elsif TG_OP = 'DELETE' then
         insert into ${log} (entity_type, entity_id, operation) select ${type}, o.${id}::text, 'DELETED' from old_rows o;
       else
         ${readSkip}-- One comparison per column, read from the catalog as the table is now (a column added later is
         -- compared too); plain column comparisons cost a fraction of comparing the rows as jsonb.
         select string_agg(format('case when n.%1$I is distinct from o.%1$I then %1$L end', a.attname), ', ' order by a.attname)
           into diff
           from pg_attribute a
          where a.attrelid = TG_RELID and a.attnum > 0 and not a.attisdropped
            and a.attname not in ('created_at', 'updated_at', ${literal(t.id ?? 'id')})${v2 ? '\n            and a.attname::text <> all (skip);\n         -- Every column left out: no update of this table is a change.\n         if diff is null then return null; end if;' : ';'}
         execute format(
           'insert into ${log.replace(/'/g, "''")} (entity_type, entity_id, operation, fields)
              select %L, d.e, %L, d.f from (
                select n.${id.replace(/'/g, "''")}::text as e, array_remove(array[%s]::text[], null) as f
                from new_rows n join old_rows o on o.${id.replace(/'/g, "''")} = n.${id.replace(/'/g, "''")}) d
              where cardinality(d.f) > 0', ${type}, 'UPDATED', diff);
       end if;
       return null;
     end`;
  // No JIT: the planner prices the per-row jsonb comparison of a large update past the JIT threshold, and
  // compiling it cost 1.6 s of a 2 s statement for 1,000 rows (it runs in well under 100 ms without).
  return `create ${v2 ? 'or replace ' : ''}function ${fn}() returns trigger language plpgsql set jit = off as $change_log$ ${body} $change_log$;`;
}

/**
 * The statements of a migration that starts the change log of a schema: its table and, on each tracked
 * table, the three statement triggers (PostgreSQL allows transition tables on a trigger of one event only).
 * Committed migrations call it, so what it generates must not change in place: a new version of the log is a
 * new function (and a new migration).
 */
export function changeLogMigration(schema: string, tables: readonly TrackedTable[]): { up: string[]; down: string[] } {
  const s = ident(schema);
  const up = [
    `create table ${s}."change_log" (
       "position" bigint generated always as identity primary key,
       "xid" xid8 not null default pg_current_xact_id(),
       "at" timestamptz not null default now(),
       "entity_type" text not null,
       "entity_id" text not null,
       "operation" text not null check ("operation" in ('CREATED', 'UPDATED', 'DELETED')),
       "fields" text[] not null default '{}');`,
    `create index "change_log_xid_position_index" on ${s}."change_log" ("xid", "position");`,
  ];
  const down: string[] = [];
  for (const t of tables) {
    if (t.field && !t.parent) throw new Error(`change log of ${schema}.${t.table}: a list's table needs its entity's table`);
    up.push(triggerFunction(schema, t));
    const fn = `${s}.${ident(`change_log_${t.table}`)}`;
    for (const [op, refs] of [
      ['insert', 'new table as new_rows'],
      ['update', 'old table as old_rows new table as new_rows'],
      ['delete', 'old table as old_rows'],
    ] as const) {
      up.push(
        `create trigger ${ident(`change_log_${op}`)} after ${op} on ${s}.${ident(t.table)} referencing ${refs} for each statement execute function ${fn}();`,
      );
      down.push(`drop trigger ${ident(`change_log_${op}`)} on ${s}.${ident(t.table)};`);
    }
    down.push(`drop function ${fn}();`);
  }
  down.push(`drop table ${s}."change_log";`);
  return { up, down };
}

/** Per tracked table, the columns the log leaves out of its comparison (see changeLogIgnoring). */
export type IgnoredColumns = Readonly<Record<string, readonly string[]>>;

/**
 * The statements of a migration that makes the change log of a schema (started by changeLogMigration with
 * the same `tables`) leave columns out of its comparison: copies of other subgraphs' data that the filters
 * read (a partnership's `place_path`, an organisation's `takes_part_in`, ...) and lookup keys computed from
 * other columns (`search_keys`, `identifier_keys`). The ingest's derive step and the seeds rewrite those on
 * every load; an update that changes nothing else is no change of the entity, and an update that changes
 * something else too names only the rest. The columns are rows of `<schema>.change_log_ignored` (table,
 * column), read by the triggers at each statement, so a later migration that adds such a column adds a row.
 * As with changeLogMigration, what this generates must not change in place.
 */
export function changeLogIgnoring(
  schema: string,
  tables: readonly TrackedTable[],
  ignored: IgnoredColumns,
): { up: string[]; down: string[] } {
  const s = ident(schema);
  for (const table of Object.keys(ignored)) {
    if (!tables.some((t) => t.table === table)) throw new Error(`change log of ${schema}: ${table} is not a tracked table`);
  }
  const rows = Object.entries(ignored).flatMap(([table, columns]) => columns.map((c) => `(${literal(table)}, ${literal(c)})`));
  const up = [
    `create table ${s}."change_log_ignored" (
       "table_name" text not null,
       "column_name" text not null,
       primary key ("table_name", "column_name"));`,
    ...(rows.length ? [`insert into ${s}."change_log_ignored" ("table_name", "column_name") values ${rows.join(', ')};`] : []),
    // A column named wrong would be compared after all, without a word: the migration fails instead.
    `do $check$ declare missing text; begin
       select string_agg(i."table_name" || '.' || i."column_name", ', ') into missing from ${s}."change_log_ignored" i
        where not exists (select 1 from information_schema.columns c
                           where c.table_schema = ${literal(schema)} and c.table_name = i."table_name" and c.column_name = i."column_name");
       if missing is not null then raise exception 'change_log_ignored of ${schema.replace(/'/g, "''")} names no such column: %', missing; end if;
     end $check$;`,
    ...tables.map((t) => triggerFunction(schema, t, 2)),
  ];
  // Back to the first version's functions, then without the table they read.
  const down = [
    ...tables.map((t) => triggerFunction(schema, t).replace(/^create function /, 'create or replace function ')),
    `drop table ${s}."change_log_ignored";`,
  ];
  return { up, down };
}

// ---------------------------------------------------------------------------------------------------
// The feed

@ObjectType({ description: 'One change of one entity, in commit order.' })
export class Change {
  @Field(() => String, { description: 'The GraphQL type of the entity (its __typename), e.g. Project, Partnership, Place.' })
  entityType!: string;

  @Field(() => ID, { description: "The entity's ID: fetch it by this (for a DELETED change it is gone)." })
  entityId!: string;

  @Field(() => ChangeOperation)
  operation!: ChangeOperation;

  /** For UPDATED: the properties that changed; the subgraph serving the feed pages them as `fields`. */
  changedFields!: string[];

  @Field(() => String, { description: 'When the writing transaction began (ISO 8601).' })
  at!: string;

  /** The schema (subgraph) whose log holds it. */
  schema!: string;
}

@ObjectType('ChangeEdge', { description: 'One change of a page, with its cursor.' })
export class ChangeEdge {
  @Field(() => String, { description: 'Where this change stands in the feed: pass it as `since` to read what follows.' })
  cursor!: string;

  @Field(() => Change)
  node!: Change;
}

@ObjectType('ChangeConnection', { description: 'A page of the change feed.' })
export class ChangeConnection {
  @Field(() => [ChangeEdge])
  edges!: ChangeEdge[];

  @Field(() => PageInfo, {
    description:
      'hasNextPage: more changes are ready now. endCursor: where to resume (`since`); on the last page it stands past every change handed out so far, also when the page is empty.',
  })
  pageInfo!: PageInfo;
}

/** Default and largest page of the feed. */
export const CHANGES_PAGE = { default: 100, max: 1000 };

@ArgsType()
export class ChangesArgs {
  @Field(() => String, {
    nullable: true,
    description: "An endCursor (or an edge's cursor) from an earlier page; none: from the beginning.",
  })
  since?: string | null;

  @Field(() => Int, { nullable: true, description: `Changes per page (default ${CHANGES_PAGE.default}, at most ${CHANGES_PAGE.max}).` })
  first?: number | null;
}

/** `@listSize` of the feed, as connections have it. */
export const CHANGES_LIST_SIZE = `@listSize(slicingArguments: ["first"], sizedFields: ["edges"], assumedSize: ${CHANGES_PAGE.default}, requireOneSlicingArgument: false)`;

const LIST = 'Query.changes';
/** The cursor's values: transaction ID (decimal), schema, position (decimal). */
const CURSOR_ORDER: SortKey[] = [
  { sql: 'xid', type: 'bigint' },
  { sql: 'schema', type: 'text' },
  { sql: 'position', type: 'bigint' },
];
const DIGITS = /^\d{1,20}$/;

type Position = [xid: string, schema: string, position: string];

function decodeSince(since: string): Position {
  const values = decodeCursor(since, LIST, CURSOR_ORDER, 'since') as Position;
  if (!DIGITS.test(values[0]) || !DIGITS.test(values[2]) || values[1].length > 63) {
    throw new GraphQLError('Argument "since" is not a cursor of this list: not a cursor this server issued', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'since' },
    });
  }
  return values;
}

const compare = (a: Position, b: Position) => {
  const big = (x: string, y: string) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0);
  return big(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || big(a[2], b[2]);
};

/**
 * The horizon (see the top of this file): the oldest transaction ID of this database still in flight, or
 * the snapshot's xmax. In flight: in the snapshot's list and, read after it, still shown by the statistics
 * as a backend of this database (or a prepared transaction of it). A transaction that ended between the two
 * reads is no longer shown, and rightly passes: it has ended, and the page's statement, which takes a
 * snapshot of its own after this one, sees what it committed. (Reading it the other way round, the list less
 * what the statistics show of other databases, held the feed back at any transaction of another database that
 * ended between the two reads: about 1 read in 500 beside another database's stream of short transactions, a
 * page cut short and a test that failed when run beside others.) The statistics show every backend's
 * database and transaction ID to every role.
 */
const HORIZON = `select least(
    (select min(x) from pg_snapshot_xip(s) x
      where (x::text::numeric % 4294967296)::text in (
        select a.backend_xid::text from pg_stat_activity a where a.datname = current_database() and a.backend_xid is not null
        union all
        select p.transaction::text from pg_prepared_xacts p where p.database = current_database())),
    pg_snapshot_xmax(s))::text as horizon
  from pg_current_snapshot() s`;

interface LogRow {
  xid: string;
  schema: string;
  position: string;
  entity_type: string;
  entity_id: string;
  operation: ChangeOperation;
  fields: string[];
  at: Date | string;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * One page of the feed over the change logs of `schemas` (the subgraphs' schemas, one database): arguments
 * checked first (BAD_USER_INPUT naming `since` or `first`), then two statements, the horizon and the page.
 * Each schema's log is read by its (xid, position) index from the cursor on, and the branches merged.
 */
export async function changesPage(em: EntityManager, schemas: readonly string[], args: ChangesArgs): Promise<ChangeConnection> {
  checkPageSize('first', args.first, CHANGES_PAGE.max);
  const size = args.first ?? CHANGES_PAGE.default;
  const since: Position = args.since != null ? decodeSince(args.since) : ['0', '', '0'];
  const conn = em.getConnection();
  const [{ horizon } = { horizon: '0' }] = (await conn.execute(HORIZON)) as Array<{ horizon: string }>;
  const present = (await conn.execute(
    `select n.nspname as schema from pg_namespace n join pg_class c on c.relnamespace = n.oid
      where c.relname = 'change_log' and c.relkind = 'r' and n.nspname in (${schemas.map(() => '?').join(', ')})`,
    [...schemas],
  )) as Array<{ schema: string }>;
  const logs = schemas.filter((s) => present.some((p) => p.schema === s));
  const params: unknown[] = [];
  // (xid, schema, position) > since, for one schema's branch: a condition its (xid, position) index serves.
  const branches = logs.map((schema) => {
    const after =
      schema > since[1] ? 'l.xid >= ?::xid8' : schema < since[1] ? 'l.xid > ?::xid8' : '(l.xid, l.position) > (?::xid8, ?::bigint)';
    params.push(since[0], ...(schema === since[1] ? [since[2]] : []), horizon, size + 1);
    // The columns are qualified: a bare `order by xid, position` would sort by the text aliases of the select
    // list, lexically ("100" before "99", losing rows across a page) and past the index (a scan of the log).
    return `(select l.xid::text as xid, ${literal(schema)}::text as schema, l.position::text as position, l.entity_type, l.entity_id, l.operation, l.fields, l.at
       from ${ident(schema)}."change_log" l where ${after} and l.xid < ?::xid8 order by l.xid, l.position limit ?)`;
  });
  const rows = logs.length
    ? ((await conn.execute(`select * from (${branches.join(' union all ')}) c order by c.xid::xid8, c.schema, c.position::bigint limit ?`, [
        ...params,
        size + 1,
      ])) as LogRow[])
    : [];
  const more = rows.length > size;
  const edges = rows.slice(0, size).map((r) => ({
    cursor: encodeCursor(LIST, [r.xid, r.schema, r.position]),
    node: Object.assign(new Change(), {
      entityType: r.entity_type,
      entityId: r.entity_id,
      operation: r.operation,
      changedFields: r.fields.map(camel),
      at: new Date(r.at).toISOString(),
      schema: r.schema,
    }),
  }));
  const last = rows[size - 1] ?? rows[rows.length - 1];
  const lastPosition: Position = last ? [last.xid, last.schema, last.position] : since;
  // On the last page, the cursor moves up to the horizon: every change to come has a transaction ID at or above it.
  const end: Position = more ? lastPosition : ([lastPosition, [horizon, '', '0'] as Position].sort(compare)[1] as Position);
  return {
    edges,
    pageInfo: {
      hasNextPage: more,
      hasPreviousPage: args.since != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: encodeCursor(LIST, end),
    },
  };
}
