import type { IncomingMessage } from 'node:http';
import { type Context, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from './config.js';
import { ATTR_REGIOGRAPH_REQUEST_ID, ATTR_REGIOGRAPH_SERVICE, REQUEST_ID_HEADER, safeRequestId } from './telemetry.js';

/** Only loaded when tracing is on (see telemetry.ts). */

/**
 * Gives every span the service and request ID of its parent span in this process. The hub's six
 * services share one SDK and one resource; this is how a SQL span says it was the projects subgraph's.
 * Spans of Hive Gateway's OpenTelemetry plugin (tracer `gateway`) that start a trace are the gateway's.
 */
class RegiographAttributesProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const own = (span as unknown as ReadableSpan).attributes;
    const parent = trace.getSpan(parentContext) as unknown as Partial<ReadableSpan> | undefined;
    const inherited = parent?.attributes ?? {};
    if (own[ATTR_REGIOGRAPH_SERVICE] === undefined) {
      const service =
        inherited[ATTR_REGIOGRAPH_SERVICE] ??
        ((span as unknown as ReadableSpan).instrumentationScope?.name === 'gateway' ? 'gateway' : undefined);
      if (service !== undefined) span.setAttribute(ATTR_REGIOGRAPH_SERVICE, service);
    }
    const requestId = inherited[ATTR_REGIOGRAPH_REQUEST_ID] ?? (own['hive.request.id'] as string | undefined);
    if (own[ATTR_REGIOGRAPH_REQUEST_ID] === undefined && requestId !== undefined) span.setAttribute(ATTR_REGIOGRAPH_REQUEST_ID, requestId);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The exporter OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL names; it reads its endpoint and headers from OTEL_* itself. */
function otlpExporter(protocol: TelemetryConfig['protocol']): SpanExporter {
  switch (protocol) {
    case 'http/json':
      return new (
        require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
      ).OTLPTraceExporter();
    case 'grpc':
      return new (
        require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc')
      ).OTLPTraceExporter();
    default:
      return new (
        require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')
      ).OTLPTraceExporter();
  }
}

export function startSdk(
  config: TelemetryConfig,
  services: { serviceOfPort(port: number): string | undefined },
): { flush(): Promise<void>; shutdown(): Promise<void> } {
  const serviceOf = (req: IncomingMessage) => {
    const port = req.socket?.localPort;
    return port === undefined ? undefined : services.serviceOfPort(port);
  };
  const exporting: SpanProcessor[] = config.exporters.map((name) =>
    // BatchSpanProcessor takes its queue and delay from OTEL_BSP_*.
    name === 'console' ? new SimpleSpanProcessor(new ConsoleSpanExporter()) : new BatchSpanProcessor(otlpExporter(config.protocol)),
  );
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win (the SDK's environment detector reads them).
    serviceName: config.serviceName ? undefined : 'regiograph',
    spanProcessors: [new RegiographAttributesProcessor(), ...exporting],
    // Traces only: metrics are served for Prometheus on /metrics, logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // GraphQL requests only: health checks and scrapes are not traced. (An ignored request runs with
        // tracing suppressed, so the gateway's requests must not be ignored: Hive Gateway's plugin spans
        // inside them, and sends the traceparent header on its calls to the subgraphs.)
        ignoreIncomingRequestHook: (req) => serviceOf(req) === undefined || !(req.url ?? '').startsWith('/graphql'),
        disableOutgoingRequestInstrumentation: true,
        startIncomingSpanHook: (req) => {
          const requestId = safeRequestId(req.headers[REQUEST_ID_HEADER]);
          return {
            [ATTR_REGIOGRAPH_SERVICE]: serviceOf(req) ?? 'unknown',
            ...(requestId ? { [ATTR_REGIOGRAPH_REQUEST_ID]: requestId } : {}),
          };
        },
      }),
      // SQL statements of a request, as children of its subgraph span; none for migrations at start-up.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return {
    flush: async () => {
      await Promise.all(exporting.map((p) => p.forceFlush()));
    },
    shutdown: () => sdk.shutdown(),
  };
}
