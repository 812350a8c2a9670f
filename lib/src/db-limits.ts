import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Database fairness and the errors a busy or slow database gives.
 *
 * A subgraph's pool is shared by every request. Knex's pool hands connections out first come, first served,
 * so one request that fans out into hundreds of statements (many aliases of a field with arguments) queues
 * them all ahead of everybody else, and every later request waits behind them until the acquire timeout.
 * The gate below sits in front of the pool: one request holds at most half of it, and the requests waiting
 * for a connection are served in turn (round robin by request), so a request with one statement never
 * queues behind all of another's. No pool library we know of schedules by request (tarn, knex's pool, is a plain FIFO), hence these lines.
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

/**
 * At most `limit` holders at a time and at most `perOwner` of them for one owner (request); the waiters are
 * served round robin by owner, each waiting at most `waitMs`. So one request never holds the whole pool, and
 * a request with one statement waits behind at most one statement of each other request.
 */
export class FairGate {
  private active = 0;
  private readonly held = new Map<object, number>();
  /** Owners with waiters, in the order they are served next (a Map keeps insertion order). */
  private readonly queues = new Map<object, Waiter[]>();

  constructor(
    readonly limit: number,
    readonly waitMs: number,
    readonly perOwner: number = limit,
  ) {}

  /** Resolves with the owner to pass to `release` once a place is free; rejects after `waitMs`. */
  acquire(owner: object = requestScope.getStore() ?? BACKGROUND): Promise<object> {
    // Invariant: whenever a place is free, no waiter that may take it is left waiting (see dispatch).
    if (this.active < this.limit && (this.held.get(owner) ?? 0) < this.perOwner) {
      this.take(owner);
      return Promise.resolve(owner);
    }
    return new Promise<object>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => resolve(owner),
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

  release(owner: object): void {
    this.active = Math.max(0, this.active - 1);
    const n = (this.held.get(owner) ?? 1) - 1;
    if (n > 0) this.held.set(owner, n);
    else this.held.delete(owner);
    this.dispatch();
  }

  get waiting(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  private take(owner: object): void {
    this.active += 1;
    this.held.set(owner, (this.held.get(owner) ?? 0) + 1);
  }

  private dispatch(): void {
    while (this.active < this.limit) {
      let next: [object, Waiter[]] | undefined;
      for (const entry of this.queues) {
        if ((this.held.get(entry[0]) ?? 0) < this.perOwner) {
          next = entry;
          break;
        }
      }
      if (!next) return;
      const [owner, queue] = next;
      const waiter = queue.shift() as Waiter;
      // The owner goes to the back of the line: everybody else's next waiter comes before its next one.
      this.queues.delete(owner);
      if (queue.length > 0) this.queues.set(owner, queue);
      clearTimeout(waiter.timer);
      this.take(owner);
      waiter.grant();
    }
  }
}

/** How many of the pool's connections one request may hold at once: half the pool, at least one. */
export const connectionsPerRequest = (poolSize: number): number => Math.max(1, Math.floor(poolSize / 2));

interface KnexClientLike {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
}

/**
 * Puts `gate` in front of a knex client's pool: every connection it hands out holds one place of the gate.
 * Each connection handed out also carries `session.statementTimeoutMs` (set when it changed since that
 * connection last had it). A SET rather than pg's `statement_timeout` start-up parameter: the embedded PGlite
 * ignores start-up parameters but accepts the SET (it cannot enforce it: WASM PostgreSQL has no timer signals).
 */
export function gateKnexClient(client: KnexClientLike, gate: FairGate, session: { statementTimeoutMs?: number } = {}): void {
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const owners = new WeakMap<object, object>();
  const applied = new WeakMap<object, number>();
  client.acquireConnection = async () => {
    const owner = await gate.acquire();
    try {
      const connection = (await acquire()) as PgConnection;
      owners.set(connection, owner);
      const wanted = session.statementTimeoutMs;
      if (wanted !== undefined && applied.get(connection) !== wanted) {
        try {
          await connection.query(`set statement_timeout = ${Math.floor(wanted)}`);
        } catch (error) {
          owners.delete(connection);
          await release(connection);
          throw error;
        }
        applied.set(connection, wanted);
      }
      return connection;
    } catch (error) {
      gate.release(owner);
      throw error;
    }
  };
  client.releaseConnection = (connection: unknown) => {
    const owner = owners.get(connection as object);
    if (owner) {
      owners.delete(connection as object);
      gate.release(owner);
    }
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
export function databaseFailure(
  error: unknown,
  limits: { statementTimeoutMs?: number; acquireTimeoutMs?: number } = {},
): DatabaseFailure | null {
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
