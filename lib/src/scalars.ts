import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Every message the Date scalar rejects input with starts with this, so error plugins can recognise it. */
export const DATE_INPUT_ERROR = 'Invalid Date:';

function checkDate(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    throw new GraphQLError(`${DATE_INPUT_ERROR} expected a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const [, y, m, d] = ISO_DATE.exec(value) as RegExpExecArray;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    throw new GraphQLError(`${DATE_INPUT_ERROR} ${value} does not exist in the calendar`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

/** A calendar date without time or zone (YYYY-MM-DD), as the sources give them. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date without time zone, written YYYY-MM-DD (ISO 8601).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return checkDate(value);
  },
  parseValue: checkDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`${DATE_INPUT_ERROR} expected a string written YYYY-MM-DD`, {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    try {
      return checkDate(ast.value);
    } catch (error) {
      // Attach the literal so the error has a location (and the argument it sits in can be named).
      throw new GraphQLError((error as Error).message, { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    }
  },
});
