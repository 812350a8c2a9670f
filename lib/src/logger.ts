import pino, { type Logger } from 'pino';
import { activeTraceId } from './telemetry.js';

/**
 * Structured logs for production (NODE_ENV=production): one JSON object per line on stdout, written by
 * pino, for log collectors. Outside production the services stay as quiet as before (no request lines).
 */
export type { Logger };

export function createJsonLogger(service: string): Logger {
  return pino({
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/**
 * What one request line says. Never the query text, the variables or any other part of the body: only
 * the operation's name (a GraphQL name, at most 100 characters) and what happened to it.
 */
export interface RequestLogFields {
  requestId?: string;
  operationName?: string;
  operationType?: string;
  /** HTTP status of the answer. */
  status: number;
  durationMs: number;
  /** `extensions.code` of each error in the answer (the number of errors is their count). */
  errorCodes: string[];
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** A client-given operation name as it may appear in a log line or a span: a GraphQL name, else "invalid". */
export function loggableOperationName(name: unknown): string | undefined {
  if (name === undefined || name === null || name === '') return undefined;
  return typeof name === 'string' && GRAPHQL_NAME.test(name) ? name : 'invalid';
}

/** Writes the one line of a finished request (with the trace ID when tracing is on). */
export function logRequest(logger: Logger, fields: RequestLogFields): void {
  const traceId = activeTraceId();
  logger.info(
    {
      requestId: fields.requestId,
      operationName: fields.operationName,
      operationType: fields.operationType,
      status: fields.status,
      durationMs: Math.round(fields.durationMs * 10) / 10,
      errors: fields.errorCodes.length,
      errorCodes: fields.errorCodes.length > 0 ? [...new Set(fields.errorCodes)] : undefined,
      traceId,
    },
    'request',
  );
}
