import { DecimalType } from '@mikro-orm/postgresql';

/**
 * Money and rates are stored as PostgreSQL `numeric` (exact, no precision limit, as the sources write
 * them) but read as JS numbers so that GraphQL `Float` can serialise them: MikroORM would return
 * `numeric` as a string by default, and `double precision` would round amounts on the way in.
 * A fresh DecimalType per property: MikroORM binds each type instance to its property.
 */
export const numericColumn = () => ({ type: new DecimalType('number'), columnType: 'numeric', nullable: true }) as const;
