import { GraphQLError } from 'graphql';

/** The most rows one list field returns; dashboards page with limit/offset beyond it. */
export const MAX_PAGE_SIZE = 200;

function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}" ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: argument } });
}

/** Checks `limit` and `offset` before they reach SQL: BAD_USER_INPUT naming the argument when out of range. */
export function page(limit: number, offset: number, max = MAX_PAGE_SIZE): { limit: number; offset: number } {
  if (!Number.isInteger(limit) || limit < 0 || limit > max) throw badArgument('limit', `must be between 0 and ${max}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badArgument('offset', `must be 0 or more, got ${offset}`);
  return { limit, offset };
}
