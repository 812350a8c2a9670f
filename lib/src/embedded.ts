import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite's files must have one owner at a time: a second hub on the same folder would corrupt them. The
 * lock file (beside the folder) holds the owner's pid; a lock left by a process that died is taken over.
 */
const lockFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.lock`;

/** The pid of the live process that owns the embedded database in `dataDir` (a running hub), or null. */
export function embeddedDatabaseOwner(dataDir: string): number | null {
  let owner: number;
  try {
    owner = Number(readFileSync(lockFile(dataDir), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!owner) return null;
  try {
    process.kill(owner, 0);
    return owner;
  } catch {
    return null; // a lock left by a process that died
  }
}

function lockDataDir(dataDir: string): () => void {
  const owner = embeddedDatabaseOwner(dataDir);
  if (owner && owner !== process.pid) {
    throw new Error(`the embedded database in ${dataDir} is in use by process ${owner} (is another npm start running?)`);
  }
  const lock = lockFile(dataDir);
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite behind a PostgreSQL wire-protocol socket, so subgraphs use the same `pg` driver path as in
 * production. `dataDir` undefined keeps everything in memory (tests); a folder persists it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  host?: string;
  port: number;
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: Awaited<ReturnType<typeof PGlite.create>>;
  try {
    db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  } catch (error) {
    unlock();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port,
    maxConnections: options.maxConnections ?? 64,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    unlock();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} for the embedded PostgreSQL is already in use (set PGLITE_PORT)`);
    throw error;
  }
  return {
    url: `postgres://postgres@${host}:${options.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    },
  };
}
