import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { readTelemetryConfig, type TelemetryConfig } from './config.js';

/**
 * OpenTelemetry for every Regiograph process: traces of the gateway, the subgraph calls and their SQL,
 * exported over OTLP as the standard OTEL_* variables say, and nothing at all (no SDK loaded, no
 * instrumentation patched) when they ask for no exporter.
 *
 * The SDK is process-global and `http` and `pg` are instrumented by patching them as they are first
 * required, so it must start before any other module: each `main.ts` imports
 * `@regiograph/lib/telemetry-register` first. The hub runs the gateway and the five subgraphs in one
 * process, hence one SDK with one resource (OTEL_SERVICE_NAME, default `regiograph`); every span says
 * which service made it in the attribute `regiograph.service`.
 *
 * This module only uses @opentelemetry/api (a no-op without the SDK); the SDK lives in telemetry-sdk.ts and
 * is loaded only when tracing is on.
 */

/** Span attribute naming the Regiograph service (gateway or a subgraph) that made the span. */
export const ATTR_REGIOGRAPH_SERVICE = 'regiograph.service';
/** Span attribute carrying the request ID (x-request-id) the gateway gave the request. */
export const ATTR_REGIOGRAPH_REQUEST_ID = 'regiograph.request_id';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A request ID a client may choose: what tracing systems and proxies generate (UUIDs, hex trace IDs,
 * ULIDs), at most 128 characters. Anything else is replaced by a generated ID, so a client cannot put
 * arbitrary text into every log line and span of a request.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function safeRequestId(value: string | string[] | null | undefined): string | undefined {
  const id = Array.isArray(value) ? value[0] : value;
  return id && SAFE_REQUEST_ID.test(id) ? id : undefined;
}

interface TelemetryState {
  config: TelemetryConfig;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let state: TelemetryState | undefined;
/** Which service listens on which local port: the HTTP instrumentation names server spans from it. */
const servicePorts = new Map<number, string>();

/**
 * Starts the OpenTelemetry SDK when the environment asks for an exporter; idempotent. A malformed setting
 * does not throw here (this runs before `main` can report errors): the service's config reader throws
 * the same ConfigError a moment later and start-up stops with one line.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): boolean {
  if (state) return true;
  let config: TelemetryConfig;
  try {
    config = readTelemetryConfig(env);
  } catch {
    return false;
  }
  if (!config.tracing) return false;
  // Loaded lazily: with tracing off not one OpenTelemetry SDK module is required.
  const { startSdk } = require('./telemetry-sdk.js') as typeof import('./telemetry-sdk.js');
  state = { config, ...startSdk(config, { serviceOfPort: (port) => servicePorts.get(port) }) };
  return true;
}

/** True when this process records and exports traces. */
export function tracingEnabled(): boolean {
  return state !== undefined;
}

/** Sends the spans still buffered (before a service stops); a no-op when tracing is off. */
export async function flushTelemetry(): Promise<void> {
  await state?.flush().catch(() => undefined);
}

/** Flushes and stops the SDK (end of the process). */
export async function stopTelemetry(): Promise<void> {
  const current = state;
  state = undefined;
  await current?.shutdown().catch(() => undefined);
}

/** Records that `service` listens on `port`, so its server spans carry `regiograph.service`. */
export function nameServicePort(port: number, service: string): void {
  servicePorts.set(port, service);
}

export function serviceOfRequest(req: IncomingMessage): string | undefined {
  const port = req.socket?.localPort;
  return port === undefined ? undefined : servicePorts.get(port);
}

/** The trace ID of the active span, for log lines; undefined when tracing is off. */
export function activeTraceId(): string | undefined {
  if (!state) return undefined;
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
