import { DecimalType } from '@mikro-orm/postgresql';

/**
 * Rates are stored as PostgreSQL `numeric` (exact, as the sources write them) and read as JS numbers.
 * A fresh DecimalType per property: MikroORM binds each type instance to its property.
 */
export const numericColumn = () => ({ type: new DecimalType('number'), columnType: 'numeric', nullable: true }) as const;

/** Money: `numeric` read as an exact decimal string (lib's Decimal and Money), never a binary float. */
export const moneyColumn = () => ({ type: new DecimalType('string'), columnType: 'numeric', nullable: true }) as const;

export const FLOAT_DEPRECATED = 'A binary float may lose cents: use the Money field.';
