import type { Server, ServerResponse } from 'node:http';

/**
 * Graceful shutdown of an HTTP server: stop accepting, let the requests in flight finish (their answers close
 * the connection, so keep-alive clients such as the gateway do not send more on it), and after `drainMs`
 * close whatever is still open.
 */
export interface Drain {
  /** Requests being answered right now. */
  inFlight(): number;
  drain(drainMs: number): Promise<void>;
}

export function trackRequests(server: Server): Drain {
  const active = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
    res.once('close', () => active.delete(res));
  });
  return {
    inFlight: () => active.size,
    async drain(drainMs: number) {
      draining = true;
      for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainMs);
      });
      // Connections that finished their last request close as soon as they are idle.
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      await Promise.race([closed, deadline]);
      clearInterval(idle);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * SIGTERM and SIGINT run `stop` once and exit 0 when it succeeded (1 when it failed). A second signal while
 * stopping exits at once with 1, so a stuck drain can always be cut short from the keyboard; so does a stop
 * that takes longer than `giveUpAfterMs` (the drain deadline plus time to close pools and databases).
 */
export function exitOnTermination(what: string, stop: (signal: NodeJS.Signals) => Promise<void>, giveUpAfterMs?: number): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${what}: ${signal} again, exiting without finishing`);
      process.exit(1);
    }
    stopping = true;
    if (giveUpAfterMs !== undefined) {
      setTimeout(() => {
        console.error(`${what}: still stopping after ${giveUpAfterMs} ms, exiting without finishing`);
        process.exit(1);
      }, giveUpAfterMs).unref();
    }
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${what}: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
