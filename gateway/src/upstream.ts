import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Response, useRequestDeadline } from '@whatwg-node/server';

/**
 * How the gateway calls its subgraphs: signed (HMAC, the runtime's `hmacSignature`), each call bounded by
 * `upstreamTimeout`, cancelled when the client's request ends; and the whole request bounded by a deadline.
 */
export interface UpstreamOptions {
  /** Shared with every subgraph (HMAC_SECRET); unset sends unsigned calls. */
  hmacSecret?: string;
  /** End-to-end limit of one request (REQUEST_DEADLINE_MS). */
  requestDeadlineMs: number;
  /** Limit of one subgraph call (UPSTREAM_TIMEOUT_MS). */
  upstreamTimeoutMs: number;
}

export const UPSTREAM_DEFAULTS: UpstreamOptions = { requestDeadlineMs: 30_000, upstreamTimeoutMs: 10_000 };

/** Options of createGatewayRuntime, spread into its configuration. */
export function upstreamRuntimeOptions(options: Partial<UpstreamOptions> = {}) {
  const { hmacSecret, upstreamTimeoutMs } = { ...UPSTREAM_DEFAULTS, ...options };
  return {
    ...(hmacSecret ? { hmacSignature: { secret: hmacSecret } } : {}),
    // A frozen subgraph gives its part of the answer an error (SUBGRAPH_TIMEOUT, errors.ts) after this long.
    upstreamTimeout: upstreamTimeoutMs,
    // A request that ends (deadline, client gone) aborts its subgraph calls instead of leaving them running.
    upstreamCancellation: true,
  };
}

/** The plugins of the deadlines, for createGatewayRuntime's `plugins`. */
export function upstreamPlugins(options: Partial<UpstreamOptions> = {}): GatewayPlugin[] {
  // Timeouts of subgraph calls become SUBGRAPH_TIMEOUT errors at their paths in errors.ts (usePartialAnswers).
  return [requestDeadlinePlugin(options)];
}

/**
 * The request deadline. The runtime's own `requestDeadline` option answers with a plain-text 503; this is the
 * same plugin (@whatwg-node/server's useRequestDeadline) answering a GraphQL error with a code, as every other
 * refusal of the gateway does.
 */
function requestDeadlinePlugin(options: Partial<UpstreamOptions> = {}): GatewayPlugin {
  const { requestDeadlineMs } = { ...UPSTREAM_DEFAULTS, ...options };
  const body = JSON.stringify({
    errors: [
      {
        message: `The request did not complete within the deadline of ${requestDeadlineMs} ms (REQUEST_DEADLINE_MS)`,
        extensions: { code: 'GATEWAY_TIMEOUT' },
      },
    ],
  });
  return useRequestDeadline({
    timeout: requestDeadlineMs,
    response: () =>
      new Response(body, { status: 504, headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' } }),
  }) as GatewayPlugin;
}

/**
 * The runtime (through @whatwg-node/server's `disposeOnProcessTerminate`, which it always turns on) disposes
 * itself on the first SIGINT or SIGTERM, cutting the subgraph calls of requests in flight. Our shutdown drains
 * the HTTP server first and disposes the runtime after (listenGateway's `stop`), so that listener is removed.
 */
export function detachRuntimeSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (listener.name === 'terminateHandler') process.off(signal, listener);
    }
  }
}
