import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { GatewayConfigContext, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Logger as HiveLogger } from '@graphql-hive/logger';
import { PinoLogWriter } from '@graphql-hive/logger/writers/pino';
import useMeshPrometheus from '@graphql-mesh/plugin-prometheus';
import {
  ATTR_REGIOGRAPH_REQUEST_ID,
  createJsonLogger,
  errorCodeLabel,
  LATENCY_BUCKETS,
  type Logger,
  logRequest,
  loggableOperationName,
  REQUEST_ID_HEADER,
  repoRoot,
  safeRequestId,
  tracingEnabled,
} from '@regiograph/lib';
import { trace } from '@opentelemetry/api';
import { createGatewayLogger, RateLimitedLogWriter, RedactingLogWriter } from './errors.js';
import { type DocumentNode, getOperationAST, Kind, parse } from 'graphql';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The gateway's telemetry: traces through Hive Gateway's OpenTelemetry plugin (only when the process
 * started the SDK, see lib/src/telemetry.ts), Prometheus metrics on `/metrics` (@graphql-mesh/plugin-prometheus
 * for the GraphQL phases and subgraph calls, plus the request, error and subgraph-failure counters below,
 * which that plugin does not keep), and one JSON log line per request in production.
 *
 * Label cardinality: operation names come from clients, so the `operation` label only takes the names of
 * the published operations (docs/operations/), `anonymous` or `other`; error codes are bounded by
 * errorCodeLabel; subgraph names come from the supergraph.
 */

export interface GatewayTelemetryOptions {
  /** One JSON line per request on stdout (production). */
  requestLog?: boolean;
  /** Also the process's CPU, memory and event-loop metrics on /metrics. */
  processMetrics?: boolean;
  /** Operation names that get their own `operation` label value; default: the operations of docs/operations/. */
  operationNames?: Iterable<string>;
  graphqlEndpoint?: string;
}

/** The names of the operations in docs/operations/ (the published set a dashboard uses). */
export function publishedOperationNames(dir: string = join(repoRoot(), 'docs', 'operations')): Set<string> {
  const names = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  } catch {
    return names;
  }
  for (const file of files) {
    for (const definition of parse(readFileSync(join(dir, file), 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

/**
 * Drops a client's x-request-id that is not a plain identifier (see safeRequestId) before the runtime sees
 * it; the runtime then generates one, and it is that ID which goes to the subgraphs, the logs and the spans.
 */
export function acceptRequestId(req: IncomingMessage): void {
  if (req.headers[REQUEST_ID_HEADER] !== undefined && !safeRequestId(req.headers[REQUEST_ID_HEADER])) {
    delete req.headers[REQUEST_ID_HEADER];
  }
}

interface RequestState {
  began: number;
  graphql: boolean;
  requestId?: string;
  operationName?: string;
  operationType?: string;
  codes: string[];
}

export interface GatewayTelemetry {
  registry: Registry;
  /** The runtime's `logging`: Hive's logger writing JSON through pino in production, else as asked. */
  logging(enabled: boolean, errorLogPerMinute: number): HiveLogger;
  plugins(context: GatewayConfigContext): GatewayPlugin[];
}

export function createGatewayTelemetry(options: GatewayTelemetryOptions = {}): GatewayTelemetry {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const known = new Set(options.operationNames ?? publishedOperationNames());
  const operationLabel = (name: string | undefined) => (name === undefined ? 'anonymous' : known.has(name) ? name : 'other');
  const errorLabel = errorCodeLabel(new Set());
  const requests = new Counter({
    name: 'regiograph_gateway_requests_total',
    help: 'GraphQL requests answered, by operation (published operations by name, else "other" or "anonymous") and HTTP status',
    labelNames: ['operation', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'regiograph_gateway_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to its answer, by operation',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'regiograph_gateway_errors_total',
    help: 'Errors in answers by extensions.code: refusals by limit (the code names the limit), invalid requests, failed subgraphs',
    labelNames: ['code'],
    registers: [registry],
  });
  const subgraphErrors = new Counter({
    name: 'regiograph_gateway_subgraph_errors_total',
    help: 'Errors of subgraph calls (in their answers or failed calls), by subgraph and extensions.code',
    labelNames: ['subgraph', 'code'],
    registers: [registry],
  });
  const subgraphTimeouts = new Counter({
    name: 'regiograph_gateway_subgraph_timeouts_total',
    help: 'Subgraph calls that timed out, by subgraph',
    labelNames: ['subgraph'],
    registers: [registry],
  });
  const countSubgraphError = (subgraph: string, code: unknown) => {
    const label = errorLabel(code);
    subgraphErrors.inc({ subgraph, code: label });
    if (label.includes('TIMEOUT')) subgraphTimeouts.inc({ subgraph });
  };
  const logger: Logger | undefined = options.requestLog ? createJsonLogger('gateway') : undefined;
  const states = new WeakMap<Request, RequestState>();

  const collect = (state: RequestState | undefined, result: unknown) => {
    if (!state) return;
    state.graphql = true;
    for (const one of Array.isArray(result) ? result : [result]) {
      const list = (one as { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> } | null)?.errors;
      if (Array.isArray(list)) for (const error of list) state.codes.push(errorLabel(error?.extensions?.code));
    }
  };

  const requestPlugin: GatewayPlugin = {
    onRequest({ request, url, serverContext }) {
      if (url.pathname !== endpoint) return;
      // The runtime's requestId option has put the request's ID (the client's, or a new one) on its logger.
      const attrs = (serverContext as { log?: { attrs?: Record<string, unknown> } }).log?.attrs;
      const requestId = typeof attrs?.requestId === 'string' ? attrs.requestId : undefined;
      states.set(request, { began: performance.now(), graphql: false, requestId, codes: [] });
      if (requestId) trace.getActiveSpan()?.setAttribute(ATTR_REGIOGRAPH_REQUEST_ID, requestId);
    },
    onParams({ request, params }) {
      const state = states.get(request);
      if (!state) return;
      state.graphql = true;
      state.operationName = loggableOperationName(params.operationName);
    },
    onParse({ context }) {
      const request = (context as { request?: Request }).request;
      return ({ result }) => {
        const state = request && states.get(request);
        if (!state || !result || result instanceof Error) return;
        const operation = getOperationAST(
          result as DocumentNode,
          (context as { params?: { operationName?: string } }).params?.operationName,
        );
        if (operation?.name) state.operationName = operation.name.value;
        if (operation) state.operationType = operation.operation;
      };
    },
    onResultProcess({ request, result }) {
      collect(states.get(request), result);
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state?.graphql) return;
      states.delete(request);
      const seconds = (performance.now() - state.began) / 1000;
      const operation = operationLabel(state.operationName);
      requests.inc({ operation, status: String(response.status) });
      duration.observe({ operation }, seconds);
      for (const code of state.codes) errors.inc({ code });
      if (logger) {
        logRequest(logger, {
          requestId: state.requestId ?? response.headers.get(REQUEST_ID_HEADER) ?? undefined,
          operationName: state.operationName,
          operationType: state.operationType,
          status: response.status,
          durationMs: seconds * 1000,
          errorCodes: state.codes,
        });
      }
    },
    onSubgraphExecute({ subgraphName }) {
      return ({ result }) => {
        if (result && Symbol.asyncIterator in result) return;
        for (const error of result.errors ?? []) countSubgraphError(subgraphName, error.extensions?.code);
      };
    },
    instrumentation: {
      // A subgraph call that throws instead of answering with errors.
      subgraphExecute({ subgraphName }, wrapped) {
        const failed = (error: unknown) => {
          countSubgraphError(subgraphName, (error as { extensions?: Record<string, unknown> })?.extensions?.code ?? 'SUBGRAPH_CALL_FAILED');
          throw error;
        };
        try {
          const pending = wrapped();
          return pending instanceof Promise ? pending.catch(failed) : pending;
        } catch (error) {
          return failed(error);
        }
      },
    },
  };

  return {
    registry,
    logging(enabled, errorLogPerMinute) {
      // Outside production: the quiet plain console writer. Either way at most errorLogPerMinute error lines.
      if (!options.requestLog) return createGatewayLogger(enabled, errorLogPerMinute);
      // Production: the runtime's own messages as JSON lines too, warnings and errors at least. A failed
      // subgraph call's error carries the request it sent (query and variables): left out of the line.
      return new HiveLogger({
        level: enabled ? 'info' : 'warn',
        writers: [new RedactingLogWriter(new RateLimitedLogWriter(new PinoLogWriter(createJsonLogger('gateway')), errorLogPerMinute))],
      });
    },
    plugins(context) {
      const plugins: GatewayPlugin[] = [];
      if (tracingEnabled()) {
        // Loaded only with tracing on; it spans HTTP, parse, validate, execute, each subgraph call and its
        // fetch, and sends the W3C traceparent to the subgraphs.
        const { useOpenTelemetry } = require('@graphql-hive/plugin-opentelemetry') as typeof import('@graphql-hive/plugin-opentelemetry');
        plugins.push(useOpenTelemetry({ ...context, traces: true }) as GatewayPlugin);
      }
      plugins.push(
        useMeshPrometheus({
          log: context.log,
          registry,
          endpoint: '/metrics',
          // Operation names and paths come from clients: kept out of these labels (the counters above carry
          // a bounded operation label).
          labels: { operationName: false, path: false, fieldName: false, typeName: false },
          metrics: {
            graphql_envelop_phase_parse: true,
            graphql_envelop_phase_validate: true,
            graphql_envelop_phase_context: false,
            graphql_envelop_phase_execute: true,
            graphql_envelop_phase_subscribe: false,
            graphql_envelop_request: false,
            graphql_envelop_request_duration: false,
            graphql_envelop_request_time_summary: false,
            graphql_envelop_error_result: false,
            graphql_envelop_deprecated_field: false,
            graphql_envelop_schema_change: false,
            graphql_envelop_execute_resolver: false,
            graphql_yoga_http_duration: false,
            // Off: its labels always include the subgraph's URL (host and port), and /metrics is on the public
            // port. The subgraph execute duration below gives each subgraph's latency by its name.
            graphql_gateway_fetch_duration: false,
            graphql_gateway_subgraph_execute_duration: true,
            graphql_gateway_subgraph_execute_errors: false,
          },
        }) as GatewayPlugin,
        requestPlugin,
      );
      return plugins;
    },
  };
}
