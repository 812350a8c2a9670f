import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLError } from 'graphql';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createJsonLogger, type Logger, logRequest } from './logger.js';
import { REQUEST_ID_HEADER, safeRequestId } from './telemetry.js';

/**
 * Prometheus metrics of one subgraph (prom-client), served on its `/metrics`, and its request log line in
 * production. Each subgraph has a registry of its own, so in the hub every subgraph's `/metrics` still
 * shows that subgraph only (every series carries `subgraph="<name>"`).
 */

/** Buckets (seconds) for request latencies: from a cached look-up to the request deadline. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const MAX_CODES = 100;

/**
 * Bounds the values of an error-code label: an `extensions.code` that is not an upper-case identifier, or
 * one beyond the first 100 distinct codes, counts as `OTHER`; an error without a code as `NONE`.
 */
export function errorCodeLabel(seen: Set<string>): (code: unknown) => string {
  return (code) => {
    if (code === undefined || code === null) return 'NONE';
    if (typeof code !== 'string' || !ERROR_CODE.test(code)) return 'OTHER';
    if (!seen.has(code)) {
      if (seen.size >= MAX_CODES) return 'OTHER';
      seen.add(code);
    }
    return code;
  };
}

export function errorCode(error: Pick<GraphQLError, 'extensions'> | undefined): unknown {
  return error?.extensions?.code;
}

export interface SubgraphTelemetry {
  registry: Registry;
  /** Counts, times and (in production) logs every GraphQL request of the subgraph. */
  plugin: ApolloServerPlugin;
  /** Answers GET /metrics. */
  serve(res: ServerResponse): Promise<void>;
}

export function createSubgraphTelemetry(options: {
  name: string;
  orm?: MikroORM;
  /** Also the process's CPU, memory and event-loop metrics (a subgraph run alone; the hub's gateway has them). */
  processMetrics?: boolean;
  /** One JSON line per request on stdout (a subgraph run alone in production). */
  requestLog?: boolean;
}): SubgraphTelemetry {
  const registry = new Registry();
  registry.setDefaultLabels({ subgraph: options.name });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'regiograph_subgraph_requests_total',
    help: 'GraphQL requests answered, by kind (query, mutation, entities, service, invalid) and HTTP status',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'regiograph_subgraph_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to its answer, by kind',
    labelNames: ['kind'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'regiograph_subgraph_errors_total',
    help: 'Errors in answers, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const pool = () => {
    try {
      // The knex (tarn) pool behind MikroORM; absent while the ORM is closed.
      return (options.orm?.em.getConnection().getKnex().client as { pool?: TarnPool } | undefined)?.pool;
    } catch {
      return undefined;
    }
  };
  new Gauge({
    name: 'regiograph_subgraph_db_pool_size',
    help: 'Connections the database pool may open',
    registers: [registry],
    collect() {
      const p = pool();
      if (p) this.set(p.max);
    },
  });
  new Gauge({
    name: 'regiograph_subgraph_db_pool_used',
    help: 'Database connections in use',
    registers: [registry],
    collect() {
      const p = pool();
      if (p) this.set(p.numUsed());
    },
  });
  new Gauge({
    name: 'regiograph_subgraph_db_pool_pending',
    help: 'Requests waiting for a database connection',
    registers: [registry],
    collect() {
      const p = pool();
      if (p) this.set(p.numPendingAcquires());
    },
  });
  const label = errorCodeLabel(new Set());
  const logger: Logger | undefined = options.requestLog ? createJsonLogger(options.name) : undefined;
  const plugin: ApolloServerPlugin = {
    async requestDidStart({ request }) {
      const began = performance.now();
      let kind = 'invalid';
      let operationName: string | undefined;
      let operationType: string | undefined;
      const codes: string[] = [];
      return {
        async didResolveOperation({ operation }) {
          if (!operation) return;
          operationType = operation.operation;
          operationName = operation.name?.value;
          const roots = operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : ''));
          kind = roots.includes('_entities') ? 'entities' : roots.includes('_service') ? 'service' : operation.operation;
        },
        async didEncounterErrors({ errors: list }) {
          for (const error of list) codes.push(label(errorCode(error)));
        },
        async willSendResponse({ response }) {
          const status = response.http.status ?? 200;
          const seconds = (performance.now() - began) / 1000;
          requests.inc({ kind, status: String(status) });
          duration.observe({ kind }, seconds);
          for (const code of codes) errors.inc({ code });
          if (logger) {
            logRequest(logger, {
              requestId: safeRequestId(request.http?.headers.get(REQUEST_ID_HEADER)),
              // Subgraph operations are named by the gateway's planner; only a GraphQL name is logged.
              operationName: operationName?.slice(0, 100),
              operationType,
              status,
              durationMs: seconds * 1000,
              errorCodes: codes,
            });
          }
        },
      };
    },
  };
  return {
    registry,
    plugin,
    async serve(res) {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(body);
    },
  };
}

interface TarnPool {
  max: number;
  numUsed(): number;
  numPendingAcquires(): number;
}
