import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Database fairness and the errors a busy or slow database gives.
 *
 * A subgraph's pool is shared by every request. Knex's pool hands connections out first come, first served,
 * so one request that fans out into hundreds of statements (many aliases of a field with arguments) queues
 * them all ahead of everybody else, and every later request waits behind them until the acquire timeout.
 * The gate below sits in front of the pool and serves the requests waiting for a connection in turn (round
 * robin by request), so a request with one statement waits for at most one statement per busy request.
 * No pool library we know of schedules by request (tarn, knex's pool, is a plain FIFO), hence these lines.
 */

/** Which request the code running now belongs to; `listen` runs each GraphQL request inside it. */
export const requestScope = new AsyncLocalStorage<object>();

/** Statements that run outside any request (migrations, seeds, readiness checks) share this owner. */
const BACKGROUND = {};

export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  constructor(waitedMs: number) {
    super(`every database connection stayed busy for ${waitedMs} ms (DB_ACQUIRE_TIMEOUT_MS)`);
    this.name = 'DatabaseBusyError';
  }
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

/** At most `limit` holders at a time; waiters are served round robin by owner, each for at most `waitMs`. */
export class FairGate {
  private active = 0;
  /** Owners with waiters, in the order they are served next (a Map keeps insertion order). */
  private readonly queues = new Map<object, Waiter[]>();

  constructor(
    readonly limit: number,
    readonly waitMs: number,
  ) {}

  acquire(owner: object = requestScope.getStore() ?? BACKGROUND): Promise<void> {
    if (this.active < this.limit && this.queues.size === 0) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const queue = this.queues.get(owner);
          const index = queue?.indexOf(waiter) ?? -1;
          if (queue && index >= 0) queue.splice(index, 1);
          if (queue?.length === 0) this.queues.delete(owner);
          reject(new DatabaseBusyError(this.waitMs));
        }, this.waitMs),
      };
      const queue = this.queues.get(owner);
      if (queue) queue.push(waiter);
      else this.queues.set(owner, [waiter]);
    });
  }

  release(): void {
    const next = this.queues.entries().next();
    if (next.done) {
      this.active = Math.max(0, this.active - 1);
      return;
    }
    const [owner, queue] = next.value;
    const waiter = queue.shift() as Waiter;
    // The owner goes to the back of the line; its other waiters are served after everybody else's next one.
    this.queues.delete(owner);
    if (queue.length > 0) this.queues.set(owner, queue);
    clearTimeout(waiter.timer);
    waiter.grant();
  }

  get waiting(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }
}

interface KnexClientLike {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** Puts `gate` in front of a knex client's pool: every connection it hands out holds one place of the gate. */
export function gateKnexClient(client: KnexClientLike, gate: FairGate): void {
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const held = new WeakSet<object>();
  client.acquireConnection = async () => {
    await gate.acquire();
    try {
      const connection = await acquire();
      held.add(connection as object);
      return connection;
    } catch (error) {
      gate.release();
      throw error;
    }
  };
  client.releaseConnection = (connection: unknown) => {
    if (held.delete(connection as object)) gate.release();
    return release(connection);
  };
}

/** What a client is told when the database failed a statement for a reason that is not a bug. */
export interface DatabaseFailure {
  code: 'DATABASE_TIMEOUT' | 'DATABASE_BUSY' | 'DATABASE_UNAVAILABLE';
  message: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/** Classifies a statement timeout, a pool that stayed full, or a lost connection; null for anything else. */
export function databaseFailure(error: unknown, limits: { statementTimeoutMs?: number; acquireTimeoutMs?: number } = {}): DatabaseFailure | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const { code, message = '' } = e as { code?: unknown; message?: string };
    if (code === '57014' && /statement timeout/.test(message)) {
      const limit = limits.statementTimeoutMs ? ` of ${limits.statementTimeoutMs} ms` : '';
      return { code: 'DATABASE_TIMEOUT', message: `A database statement ran longer than the statement timeout${limit}; ask for less.` };
    }
    if (code === 'DATABASE_BUSY' || /^Knex: Timeout acquiring a connection/.test(message)) {
      const limit = limits.acquireTimeoutMs ? ` for ${limits.acquireTimeoutMs} ms` : '';
      return { code: 'DATABASE_BUSY', message: `Every database connection stayed busy${limit}; try again.` };
    }
    if (
      (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) ||
      /^Connection terminated|connection (error|ended)|terminating connection/i.test(message)
    ) {
      return { code: 'DATABASE_UNAVAILABLE', message: 'The database could not be reached; try again.' };
    }
    e = (e as { previous?: unknown; cause?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return null;
}
