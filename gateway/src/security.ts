import { timingSafeEqual } from 'node:crypto';
import type { GatewayConfig as RuntimeConfig, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from 'graphql';
import type { GatewaySafety } from './config.js';

/**
 * Browser safety and production mode: CORS from an allow-list (never a reflected origin with
 * credentials), CSRF prevention, introspection off in production, the query plan only for the operator,
 * and argument values PostgreSQL cannot store refused as bad input.
 */

/** Headers that make a browser send a CORS preflight first; any of them lets a GET or form POST execute. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

type CorsOption = NonNullable<RuntimeConfig['cors']>;

/**
 * Any origin (default) or the CORS_ORIGINS allow-list may read answers, never with credentials: the API
 * has no cookies or sessions, so a page can embed public data but can never act as its visitor.
 */
export function corsOptions(safety: GatewaySafety): CorsOption {
  const common = { credentials: false, methods: ['GET', 'POST'], maxAge: 600 };
  const allowed = safety.corsOrigins;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (allowed === '*') return { ...common, origin: ['*'] };
    if (!origin || !allowed.includes(origin)) return false;
    return { ...common, origin: allowed };
  };
}

function sameToken(given: string | null, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `x-query-plan: 1` shows the plan; in production only with `x-operator-token: <OPERATOR_TOKEN>`. */
export function exposeQueryPlan(safety: GatewaySafety): (request: Request) => boolean {
  return (request) =>
    request.headers.get('x-query-plan') === '1' &&
    (!safety.production || sameToken(request.headers.get('x-operator-token'), safety.operatorToken));
}

/** Runtime options for introspection and CSRF. */
export function runtimeSafetyOptions(safety: GatewaySafety): Pick<RuntimeConfig, 'csrfPrevention' | 'disableIntrospection' | 'cors'> {
  return {
    cors: corsOptions(safety),
    csrfPrevention: { requestHeaders: CSRF_HEADERS },
    ...(safety.production && !safety.allowIntrospection ? { disableIntrospection: {} } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Argument values: a NUL character or a lone UTF-16 surrogate is no text PostgreSQL can store or compare
// (it fails the statement as an internal error); refused here as bad input, naming the argument.

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badText(value: string): string | null {
  const match = UNSTORABLE.exec(value);
  if (!match) return null;
  return match[0] === '\u0000' ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate (not a Unicode character)';
}

/** The first string in a JSON-like value that PostgreSQL cannot hold; bounded by MAX_VARIABLES_BYTES. */
function findBadText(value: unknown): string | null {
  if (typeof value === 'string') return badText(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findBadText(item);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = badText(key) ?? findBadText(item);
      if (found) return found;
    }
  }
  return null;
}

function literalBadText(value: ValueNode): string | null {
  switch (value.kind) {
    case Kind.STRING:
      return badText(value.value);
    case Kind.LIST:
      for (const item of value.values) {
        const found = literalBadText(item);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const found = literalBadText(field.value);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

function badInput(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions, http: { status: 400 } } });
}

export function checkArgumentText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = findBadText(value);
    if (found) return badInput(`Variable "$${name}" contains ${found}, which no text can hold.`, { variableName: name });
  }
  // The literals depend on the document alone, and the parser cache hands out one DocumentNode per operation
  // text: each document is visited once, not once per request (the visit cost 0.26 ms of gateway CPU per
  // CityProfile, profiled).
  // A new error each time: an error object is not shared between two responses.
  let refusal = literalRefusals.get(document);
  if (refusal === undefined) {
    const error = literalError(document);
    refusal = error && { message: error.message, extensions: error.extensions };
    literalRefusals.set(document, refusal);
  }
  return refusal && new GraphQLError(refusal.message, { extensions: refusal.extensions });
}

const literalRefusals = new WeakMap<DocumentNode, Pick<GraphQLError, 'message' | 'extensions'> | null>();

function literalError(document: DocumentNode): GraphQLError | null {
  let error: GraphQLError | null = null;
  const fields: string[] = [];
  // One visit of the document as written (fragments once each): linear in its size.
  visit(document, {
    Field: {
      enter: (node) => void fields.push(node.name.value),
      leave: () => void fields.pop(),
    },
    Argument(node) {
      const found = literalBadText(node.value);
      if (!found || error) return;
      const field = fields[fields.length - 1];
      error = badInput(`Argument "${node.name.value}"${field ? ` of "${field}"` : ''} contains ${found}, which no text can hold.`, {
        argumentName: node.name.value,
      });
    },
  });
  return error;
}

/** Refuses unstorable argument text before execution. */
export function useArgumentTextCheck(): GatewayPlugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = checkArgumentText(args.document, args.variableValues as Record<string, unknown> | null | undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
