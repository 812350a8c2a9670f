import {
  type Attributes,
  ConsoleLogWriter,
  Logger,
  type LogLevel,
  type LogWriter,
  type GatewayConfig as RuntimeConfig,
  type GatewayPlugin,
} from '@graphql-hive/gateway-runtime';
import { type DocumentNode, GraphQLError, Kind, type OperationDefinitionNode, parse, valueFromASTUntyped } from 'graphql';

/**
 * What a client may see of an error, and what the log sees of it.
 *
 * - A subgraph that is down, times out or answers garbage becomes SUBGRAPH_UNAVAILABLE (or
 *   SUBGRAPH_TIMEOUT) at the path it should have filled; the rest of the answer stays, with HTTP 200.
 * - No service name, host, port, URL, subgraph request body, `originalError` or stack reaches a client:
 *   only the extensions in CLIENT_ERROR_EXTENSIONS leave the gateway.
 * - Every error carries `extensions.code`; in production no "Did you mean ...?" suggestions.
 * - The log gets a bounded number of error lines per minute, each without request data.
 */

/** The only error extensions sent to clients (`http` and `unexpected` are read by Yoga and dropped). */
export const CLIENT_ERROR_EXTENSIONS = new Set([
  'code',
  'argumentName',
  'argumentNames',
  'variableName',
  'limit',
  'measured',
  'http',
  'unexpected',
]);

const UNAVAILABLE = 'A data source this field needs did not answer; the rest of the result is complete.';
const TIMED_OUT = 'A data source this field needs did not answer in time; the rest of the result is complete.';

/** Codes the HTTP transport and the runtime give to a failed subgraph request (not to a subgraph's own errors). */
const TRANSPORT_CODES = new Set(['SUBREQUEST_HTTP_ERROR', 'RESPONSE_VALIDATION_FAILED']);
const TIMEOUT_CODES = new Set(['GATEWAY_TIMEOUT', 'SUBGRAPH_TIMEOUT']);

function isUpstreamFailure(error: GraphQLError): 'unavailable' | 'timeout' | null {
  const code = error.extensions?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return 'unavailable';
  // The query planner's executor wraps an exception of a subgraph call as DOWNSTREAM_SERVICE_ERROR with the
  // exception as originalError; a subgraph's own error without a code gets the same code but no originalError.
  if (code === 'DOWNSTREAM_SERVICE_ERROR' && error.originalError && !(error.originalError instanceof GraphQLError)) {
    return error.originalError.name === 'TimeoutError' ? 'timeout' : 'unavailable';
  }
  return null;
}

function isOriginal(error: Error): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError ? isOriginal(error.originalError) : true;
}

/** The timeout error of a field, naming the limit that fired. */
const timedOut = (upstreamTimeoutMs?: number) =>
  upstreamTimeoutMs === undefined
    ? TIMED_OUT
    : `A data source this field needs did not answer within ${upstreamTimeoutMs} ms (UPSTREAM_TIMEOUT_MS); the rest of the result is complete.`;

/**
 * Yoga's `maskedErrors.maskError`: called for every error of an execution and every error thrown while a
 * request is handled, before anything is sent.
 */
export function maskError(error: unknown, message: string, upstreamTimeoutMs?: number): Error {
  if (error instanceof GraphQLError) {
    const failure = isUpstreamFailure(error);
    if (failure) {
      return new GraphQLError(failure === 'timeout' ? timedOut(upstreamTimeoutMs) : UNAVAILABLE, {
        path: error.path,
        extensions: { code: failure === 'timeout' ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE' },
      });
    }
    if (isOriginal(error)) return error;
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true, ...(error.extensions?.http ? { http: error.extensions.http } : {}) },
    });
  }
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true } });
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'REQUEST_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Renamed so one limit has one code whichever layer refused. */
const RENAMED_CODES: Record<string, string> = { REQUEST_ENTITY_TOO_LARGE: 'REQUEST_TOO_LARGE' };

// Hosts, ports and URLs in a message would tell a client how the deployment is laid out.
const LOCATION = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"']+|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\blocalhost:\d+\b/gi;
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function httpStatus(error: GraphQLError): number | undefined {
  const http = error.extensions?.http as { status?: unknown } | undefined;
  return typeof http?.status === 'number' ? http.status : undefined;
}

// GraphQL names a wrong enum value but not the right ones (its "Did you mean" goes in production): the
// refusal lists them, so a client learns the valid group-by values (and any enum's) from the error itself.
const UNKNOWN_ENUM_VALUE = /Value "[^"]*" does not exist in "(\w+)" enum\./;

/** Every enum of the supergraph with its values (the join__ and link__ machinery left out). */
export function enumValuesOf(supergraphSdl: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && !/^(join|link)__/.test(def.name.value)) {
      values.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    }
  }
  return values;
}

function withValidValues(message: string, enums: Map<string, string[]> | undefined): { message: string; bad: boolean } {
  const m = UNKNOWN_ENUM_VALUE.exec(message);
  const valid = m?.[1] ? enums?.get(m[1]) : undefined;
  return valid ? { message: `${message} Valid values: ${valid.join(', ')}.`, bad: true } : { message, bad: false };
}

function clientError(error: GraphQLError, production: boolean, enums?: Map<string, string[]>): GraphQLError {
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error.extensions ?? {})) {
    if (CLIENT_ERROR_EXTENSIONS.has(key)) extensions[key] = value;
  }
  // `spec: true` lets an application/json answer use 200, as GraphQL over HTTP asks for a document that does
  // not parse or validate; any other refusal (a body that is not JSON, a limit) keeps its 4xx status.
  const http = extensions.http as { spec?: boolean } | undefined;
  if (http?.spec && extensions.code !== 'GRAPHQL_PARSE_FAILED' && extensions.code !== 'GRAPHQL_VALIDATION_FAILED') {
    const { spec: _spec, ...rest } = http;
    extensions.http = rest;
  }
  let message = error.message.replace(LOCATION, '[hidden]');
  const status = httpStatus(error);
  if (status === 403 && /csrf/i.test(message)) {
    message =
      'This request could come from any web page (a GET or a form POST without a preflight-forcing header), so it was not executed. ' +
      'Send it as a POST with Content-Type: application/json, or add the header x-graphql-yoga-csrf: 1.';
    extensions.code = 'CSRF_HEADER_REQUIRED';
  }
  if (/introspection has been disabled/i.test(message)) {
    extensions.code = 'INTROSPECTION_DISABLED';
    extensions.http = { status: 403 };
  }
  if (production) message = message.replace(SUGGESTION, '');
  const listed = withValidValues(message, enums);
  message = listed.message;
  // A variable with an unknown enum value fails coercion, which the runtime reports without a code.
  if (listed.bad && (extensions.code === undefined || extensions.code === 'INTERNAL_SERVER_ERROR')) extensions.code = 'BAD_USER_INPUT';
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  extensions.code = (code && RENAMED_CODES[code]) ?? code ?? (status && STATUS_CODES[status]) ?? 'INTERNAL_SERVER_ERROR';
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

/** The last step before a result is serialised: every error, of every phase, in the client's shape. */
export function useErrorHygiene(options: { production: boolean; enums?: Map<string, string[]> }): GatewayPlugin {
  return {
    onResultProcess({ result, setResult }) {
      const sanitise = (single: unknown): unknown => {
        if (!single || typeof single !== 'object' || !('errors' in single) || !Array.isArray(single.errors)) return single;
        return {
          ...single,
          errors: single.errors.map((e: unknown) =>
            e instanceof GraphQLError
              ? clientError(e, options.production, options.enums)
              : clientError(new GraphQLError(String((e as Error)?.message ?? e)), options.production, options.enums),
          ),
        };
      };
      if (Array.isArray(result)) setResult(result.map(sanitise) as typeof result);
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) setResult(sanitise(result) as typeof result);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Partial answers: a failed subgraph call becomes one error per field it should have filled.

const MAX_FAILURE_PATHS = 1000;

/**
 * The response paths a subgraph request would have filled, in the form the query planner's executor
 * relocates: `[rootField]` for a root field, `[alias, index, field]` for each field asked of each entity
 * of an `_entities` call (the executor maps alias and index to where that entity sits in the answer).
 */
export function requestPaths(document: DocumentNode, variables: Record<string, unknown> | undefined): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  for (const root of operation?.selectionSet.selections ?? []) {
    if (root.kind !== Kind.FIELD) continue;
    const key = root.alias?.value ?? root.name.value;
    if (root.name.value !== '_entities') {
      paths.push([key]);
      continue;
    }
    const argument = root.arguments?.find((a) => a.name.value === 'representations');
    const value = argument?.value;
    const representations = value?.kind === Kind.VARIABLE ? variables?.[value.name.value] : value ? valueFromASTUntyped(value) : undefined;
    if (!Array.isArray(representations)) continue;
    representations.forEach((representation: { __typename?: string } | null, index) => {
      for (const selection of root.selectionSet?.selections ?? []) {
        const fields =
          selection.kind === Kind.INLINE_FRAGMENT
            ? !selection.typeCondition || selection.typeCondition.name.value === representation?.__typename
              ? selection.selectionSet.selections
              : []
            : [selection];
        for (const field of fields) {
          if (field.kind !== Kind.FIELD || field.name.value === '__typename' || paths.length >= MAX_FAILURE_PATHS) continue;
          paths.push([key, index, field.alias?.value ?? field.name.value]);
        }
      }
    });
  }
  return paths;
}

function thrownAsResult(error: unknown) {
  const graphQLError =
    error instanceof GraphQLError
      ? error
      : new GraphQLError((error as Error)?.message ?? String(error), {
          originalError: error instanceof Error ? error : undefined,
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' },
        });
  return { errors: [graphQLError] };
}

/**
 * A subgraph that cannot be reached, times out or answers something that is not GraphQL costs only the
 * fields it serves: each gets SUBGRAPH_UNAVAILABLE (or SUBGRAPH_TIMEOUT) at its own path, the other
 * subgraphs' data stays, and the log says which subgraph failed (rate-limited, without request data).
 */
export function usePartialAnswers(options: { upstreamTimeoutMs?: number } = {}): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName, executionRequest, executor, setExecutor, log }) {
      // An exception (a timeout plugin throws one) becomes a result, so it is handled like a failed fetch.
      setExecutor((request) => {
        try {
          const result = executor(request);
          return result instanceof Promise ? result.catch(thrownAsResult) : result;
        } catch (error) {
          return thrownAsResult(error);
        }
      });
      return ({ result, setResult }) => {
        if (!result || Symbol.asyncIterator in result || !result.errors?.length) return;
        const failures = result.errors.map((e) => ({ error: e, kind: e instanceof GraphQLError ? isUpstreamFailure(e) : 'unavailable' }));
        const failed = failures.find((f) => f.kind);
        if (!failed) return;
        const timeout = failed.kind === 'timeout';
        log.error(
          { subgraph: subgraphName, code: failed.error.extensions?.code, name: failed.error.originalError?.name ?? failed.error.name },
          `subgraph ${subgraphName} ${timeout ? 'did not answer in time' : 'did not answer'}: ${failed.error.message}`,
        );
        const others = failures.filter((f) => !f.kind).map((f) => f.error);
        const missing = requestPaths(executionRequest.document, executionRequest.variables).map(
          (path) =>
            new GraphQLError(timeout ? timedOut(options.upstreamTimeoutMs) : UNAVAILABLE, {
              path,
              extensions: { code: timeout ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE' },
            }),
        );
        setResult({
          ...result,
          // A subgraph that did not answer owes all it was asked; null data lets the planner place each error.
          data: result.data ?? null,
          errors: [
            ...others,
            ...(missing.length ? missing : [maskError(failed.error, UNAVAILABLE, options.upstreamTimeoutMs) as GraphQLError]),
          ],
        });
      };
    },
  };
}

/** Runtime options for error handling: our masking, and no service name on subgraph errors. */
export function runtimeErrorOptions(options: { upstreamTimeoutMs?: number } = {}): Pick<RuntimeConfig, 'maskedErrors' | 'subgraphErrors'> {
  return {
    maskedErrors: { maskError: (error, message) => maskError(error, message, options.upstreamTimeoutMs) },
    subgraphErrors: { subgraphNameProp: false },
  };
}

// ---------------------------------------------------------------------------------------------------
// The log: at most `perMinute` error or warning lines a minute, then one line counting the rest; each line
// keeps the error's kind, code and subgraph, and a message without quoted values (those come from requests).

const QUOTED = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

function scrub(text: string): string {
  const line =
    text
      .replace(QUOTED, '"…"')
      .replace(LOCATION, (m) => (/^\d|^localhost/.test(m) ? m : '[url]'))
      .split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function summarise(attrs: Attributes | null | undefined): Attributes | undefined {
  if (!attrs || typeof attrs !== 'object') return undefined;
  const items = Array.isArray(attrs) ? attrs : [attrs];
  const out: Record<string, unknown>[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const record = item as {
      name?: unknown;
      message?: unknown;
      extensions?: { code?: unknown; serviceName?: unknown };
      code?: unknown;
      subgraph?: unknown;
    };
    const summary: Record<string, unknown> = {};
    if (typeof record.name === 'string') summary.name = record.name;
    const code = record.extensions?.code ?? record.code;
    if (typeof code === 'string') summary.code = code;
    const subgraph = record.subgraph ?? record.extensions?.serviceName;
    if (typeof subgraph === 'string') summary.subgraph = subgraph;
    if (typeof record.message === 'string') summary.message = scrub(record.message);
    if (Object.keys(summary).length) out.push(summary);
  }
  if (!out.length) return undefined;
  return out.length === 1 ? (out[0] as Attributes) : out;
}

/** Deletes a line's subgraph request and response (`extensions.request`/`.response`, at the top or one key down). */
function dropBodies(extensions: unknown): void {
  if (!extensions || typeof extensions !== 'object') return;
  delete (extensions as Record<string, unknown>).request;
  delete (extensions as Record<string, unknown>).response;
}

/**
 * Takes out of every line what a failed subgraph call's error carries of the request it sent (query and
 * variables) and its original error: the paths `extensions.request`, `extensions.response`, `originalError`,
 * `*.extensions.request` and `*.extensions.response`. The runtime's logger could do it with its `redact` option,
 * but it compiles that redactor again for each child logger, and it makes one per request. The logger hands
 * writers a copy of the attributes it parsed, so deleting from them touches nothing else.
 */
export class RedactingLogWriter implements LogWriter {
  constructor(private readonly inner: LogWriter) {}

  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void | Promise<void> {
    if (attrs && typeof attrs === 'object') {
      const record = attrs as Record<string, unknown>;
      if (!Array.isArray(attrs)) {
        delete record.originalError;
        dropBodies(record.extensions);
      }
      for (const value of Object.values(record)) {
        if (value && typeof value === 'object') dropBodies((value as { extensions?: unknown }).extensions);
      }
    }
    return this.inner.write(level, attrs, msg);
  }

  flush(): void | Promise<void> {
    return this.inner.flush?.();
  }
}

export class RateLimitedLogWriter implements LogWriter {
  #windowStart = 0;
  #written = 0;
  #suppressed = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: LogWriter,
    private readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void | Promise<void> {
    if (level !== 'error' && level !== 'warn') return this.inner.write(level, attrs, msg);
    const now = Date.now();
    if (now - this.#windowStart >= this.windowMs) this.#flush(now);
    if (this.#written >= this.perMinute) {
      this.#suppressed++;
      // One summary when the window closes, even if the flood has stopped by then.
      this.#timer ??= setTimeout(() => this.#flush(Date.now()), this.windowMs - (now - this.#windowStart)).unref();
      return;
    }
    this.#written++;
    return this.inner.write(level, summarise(attrs), msg ? scrub(msg) : msg);
  }

  #flush(now: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#suppressed > 0) {
      this.inner.write(
        'warn',
        null,
        `${this.#suppressed} more error lines in the last ${this.windowMs / 1000} s were not written (ERROR_LOG_PER_MINUTE)`,
      );
    }
    this.#windowStart = now;
    this.#written = 0;
    this.#suppressed = 0;
  }

  flush(): void | Promise<void> {
    return this.inner.flush?.();
  }
}

/** The gateway's logger: `logging` false writes nothing, true info and above, errors rate-limited. */
export function createGatewayLogger(
  logging: boolean | LogLevel,
  errorLogPerMinute: number,
  inner: LogWriter = new ConsoleLogWriter(),
): Logger {
  const level = logging === true ? 'info' : logging;
  return new Logger({ level, writers: [new RateLimitedLogWriter(inner, errorLogPerMinute)] });
}
