import { BigNumber } from 'bignumber.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * Money, one way in every subgraph: an exact decimal written as a string (PostgreSQL `numeric`, never a
 * binary float) with its ISO 4217 currency. Unknown money is null, never 0.
 */
export type Decimal = string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Every message the Decimal scalar rejects input with starts with this. */
export const DECIMAL_INPUT_ERROR = 'Invalid Decimal:';

function checkDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  throw new GraphQLError(
    `${DECIMAL_INPUT_ERROR} expected a decimal number written as a string, e.g. "1250.50", got ${JSON.stringify(value)}`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number written as a string ("4000000.50"), so no digit is lost to floating point.',
  serialize(value) {
    if (typeof value === 'number' && Number.isFinite(value)) return new BigNumber(value).toFixed();
    return checkDecimal(value);
  },
  parseValue: checkDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`${DECIMAL_INPUT_ERROR} expected a string such as "1250.50"`, {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return checkDecimal(ast.value);
  },
});

/** A value type every subgraph that serves money defines the same way, hence @shareable. */
@Directive('@shareable')
@ObjectType({ description: 'An amount of money: an exact decimal and its currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount, exact, as a decimal string (e.g. "682235.03").' })
  amount!: Decimal;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. EUR.' })
  currency!: string;
}

/** Money for a stored amount and currency; null when either is unknown. */
export function money(amount: Decimal | number | null | undefined, currency: string | null | undefined): Money | null {
  if (amount === null || amount === undefined || !currency) return null;
  return { amount: typeof amount === 'number' ? new BigNumber(amount).toFixed() : amount, currency };
}

/**
 * A source's amount as an exact decimal string: null when empty, NaN-free (`undefined` when it is not a
 * number). JSON numbers are taken by their shortest decimal form, which is how the source wrote them.
 */
export function toDecimal(value: unknown): Decimal | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? new BigNumber(value).toFixed() : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return null;
  const n = new BigNumber(text);
  return n.isFinite() && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? n.toFixed() : undefined;
}

/** The exact sum of decimal amounts. */
export function sumDecimals(amounts: Iterable<Decimal | number>): Decimal {
  let total = new BigNumber(0);
  for (const a of amounts) total = total.plus(a);
  return total.toFixed();
}

/** Whether a decimal amount is zero ("0", "0.00"). */
export function isZeroDecimal(amount: Decimal): boolean {
  return new BigNumber(amount).isZero();
}
