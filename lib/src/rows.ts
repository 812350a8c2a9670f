import type { EntityClass, EntityManager, EntityMetadata, EntityName, EntityProperty } from '@mikro-orm/postgresql';
import { ReferenceKind, Utils } from '@mikro-orm/postgresql';
import { tableOf } from './search.js';

/**
 * Rows of the read path as plain objects: what `em.find` / `em.map` would give, property for property and value
 * for value, without making a managed entity of each row. A request only reads, so nothing needs the identity
 * map, the change-set snapshot or the per-instance property accessors MikroORM sets up for every entity (its
 * hydration measured at about 40 µs a row, most of a loader's CPU on long lists). The values go through the
 * same steps as `em.map`: column names to property names (`driver.mapResult`), the validator's type fixes
 * (a numeric string for a `number` property) and the entity's compiled hydrator with custom types converted,
 * into an object literal instead of an instance: no prototype, so nothing may test `instanceof` on these.
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: ReadonlyArray<Record<string, unknown>>): T[] {
  return rows.map(rowMapper(em, entity));
}

/** plainRows for one row at a time: the mapper of `entity`, set up once for a batch. */
export function rowMapper<T extends object>(em: EntityManager, entity: EntityName<T>): (row: Record<string, unknown>) => T {
  return plainMapper(em, em.getMetadata().get<T>(Utils.className(entity)));
}

/**
 * A plain row where something tells types apart by class (type-graphql resolves a union's member by
 * `instanceof`): the same properties with the entity's prototype. Only for such rare paths; the row's own
 * properties shadow the prototype's accessors, so nothing of MikroORM runs.
 */
export function asInstance<T extends object>(entity: EntityClass<T>, row: T | null): T | null {
  return row === null || row instanceof entity ? row : (Object.setPrototypeOf({ ...row }, entity.prototype) as T);
}

function plainMapper<T extends object>(em: EntityManager, meta: EntityMetadata<T>): (row: Record<string, unknown>) => T {
  const driver = em.getDriver();
  const hydrator = em.config.getHydrator(em.getMetadata());
  const factory = em.getEntityFactory();
  const validator = em.getValidator();
  const validated = validatedProps(meta);
  return (row) => {
    const data = driver.mapResult(row as T, meta) as Record<string, unknown>;
    for (const key of Object.keys(data)) {
      const prop = validated.get(key);
      if (prop) data[key] = validator.validateProperty(prop, data[key], data);
    }
    const plain = {} as T;
    hydrator.hydrate(plain, meta, data as never, factory, 'full', false, true);
    return plain;
  };
}

const VALIDATED = new WeakMap<EntityMetadata, Map<string, EntityProperty>>();

/** The scalar properties em.map runs through the validator (EntityManager.map), found once per entity. */
function validatedProps<T extends object>(meta: EntityMetadata<T>): Map<string, EntityProperty<T>> {
  const known = VALIDATED.get(meta as EntityMetadata);
  if (known) return known as Map<string, EntityProperty<T>>;
  const validated = new Map<string, EntityProperty<T>>();
  for (const prop of meta.props) {
    if (prop.kind !== ReferenceKind.SCALAR)
      throw new Error(`plainRows: ${meta.className}.${prop.name} is a relation; read it with em.find`);
    if (SCALAR_TYPES.has(prop.runtimeType) && !prop.customType && (prop.setter || !prop.getter)) validated.set(prop.name, prop);
  }
  VALIDATED.set(meta as EntityMetadata, validated as Map<string, EntityProperty>);
  return validated;
}

// MikroORM's SCALAR_TYPES (not exported from the package root).
const SCALAR_TYPES = new Set(['string', 'number', 'boolean', 'bigint', 'Date', 'Buffer', 'RegExp']);

export interface KeyedRowsOptions<T> {
  /** The property every row is looked up by (`id`, `placeId`, ...): `where <its column> in (...)`. */
  key: keyof T & string;
  /** Properties to order by, ascending, as `orderBy: { a: 'asc', b: 'asc' }` of em.find. */
  orderBy?: ReadonlyArray<keyof T & string>;
}

/**
 * `em.find(entity, { [key]: { $in: keys } }, { orderBy })` for a loader's batch as one raw statement on the
 * request's entity manager (so it is logged and counted like any other) whose rows come back as plain
 * objects (plainRows). The SQL is built once per loader, not per batch.
 */
export function keyedRows<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: KeyedRowsOptions<T>,
): (keys: readonly unknown[]) => Promise<T[]> {
  const meta = em.getMetadata().get<T>(Utils.className(entity));
  // Loaders are made for every request and most never run: the statement's parts are built once per entity
  // and options (refusing unknown properties and relations here), the rest when a batch first runs.
  const parts = keyedStatement(meta, options);
  let head: string | undefined;
  let mapper: ((row: Record<string, unknown>) => T) | undefined;
  return async (keys) => {
    if (keys.length === 0) return [];
    // The table is named in the ORM's schema: one process (the hub) may serve the same entity from several.
    head ??= `select ${parts.columns} from ${tableOf(em, meta.class as EntityName<object>)} t where ${parts.key} in (`;
    const sql = `${head}${keys.map(() => '?').join(', ')})${parts.order}`;
    const rows = (await em.execute(sql, [...keys])) as Array<Record<string, unknown>>;
    mapper ??= plainMapper(em, meta);
    return rows.map(mapper);
  };
}

const READ_COLUMNS = new WeakMap<EntityMetadata, string>();

/**
 * The columns the read path selects of `entity`, as `t."col", ...`: every stored property but the lazy ones.
 * Lazy marks the columns only SQL reads (filter copies such as place paths, search keys): a loader that
 * selected `t.*` made pg parse their arrays for every row and MikroORM map them, for nothing the API shows
 * (postgres-array alone was 8.6 % of a large city's CityProfile CPU on 100,000 synthetic projects).
 */
export function readColumns<T extends object>(em: EntityManager, entity: EntityName<T>): string {
  const meta = em.getMetadata().get<T>(Utils.className(entity));
  let columns = READ_COLUMNS.get(meta as EntityMetadata);
  if (columns === undefined) {
    columns = readProps(meta)
      .flatMap((p) => p.fieldNames.map((f) => `t."${f}"`))
      .join(', ');
    READ_COLUMNS.set(meta as EntityMetadata, columns);
  }
  return columns;
}

/** The stored properties a read selects: all but the lazy ones. */
const readProps = <T extends object>(meta: EntityMetadata<T>) =>
  meta.props.filter((p) => p.persist !== false && !p.lazy && p.fieldNames?.length);

interface KeyedStatement {
  columns: string;
  key: string;
  order: string;
}

const STATEMENTS = new WeakMap<EntityMetadata, Map<string, KeyedStatement>>();

function keyedStatement<T extends object>(meta: EntityMetadata<T>, options: KeyedRowsOptions<T>): KeyedStatement {
  let statements = STATEMENTS.get(meta as EntityMetadata);
  if (!statements) {
    statements = new Map();
    STATEMENTS.set(meta as EntityMetadata, statements);
  }
  const id = `${options.key} ${options.orderBy?.join(',') ?? ''}`;
  const known = statements.get(id);
  if (known) return known;
  validatedProps(meta);
  const column = (name: string) => {
    const prop = (meta.properties as Record<string, EntityProperty<T> | undefined>)[name];
    const field = prop?.fieldNames?.[0];
    if (!field) throw new Error(`keyedRows: ${meta.className} has no column property ${name}`);
    return `t."${field}"`;
  };
  const statement = {
    columns: readProps(meta)
      .map((p) => column(p.name))
      .join(', '),
    key: column(options.key),
    order: options.orderBy?.length ? ` order by ${options.orderBy.map((p) => `${column(p)} asc`).join(', ')}` : '',
  };
  statements.set(id, statement);
  return statement;
}
