import { createServer } from 'node:net';

/** Fails fast, before any migration or seed runs, when a port the services need is taken. */
export async function assertPortsFree(ports: Array<{ port: number; what: string; hint?: string }>, host = '127.0.0.1'): Promise<void> {
  for (const { port, what, hint } of ports) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new Error(`${what}: port ${port} is already in use${hint ? ` (${hint})` : ''}`) : error);
      });
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}

/**
 * A port that is free right now, chosen by the OS (for tests and tools whose servers cannot listen on 0 and
 * report the port they got). Guessing at random collides with the ephemeral ports of outgoing connections.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
