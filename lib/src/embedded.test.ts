import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';
import { freePort } from './ports.js';

describe('embedded PostgreSQL', () => {
  it('speaks the PostgreSQL protocol to the pg driver, keeps its files, and lets one process own them at a time', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'rg-pglite-')), 'data');
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      const client = new Client({ connectionString: first.url });
      await client.connect();
      await client.query('create table kept (id int)');
      await client.end();
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      // A second owner in this same process is allowed by pid; simulate another live process instead.
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dataDir}.lock`, String(process.ppid));
      await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(/is in use by process/);
      writeFileSync(`${dataDir}.lock`, String(process.pid));
    } finally {
      await first.stop();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      const client = new Client({ connectionString: again.url });
      await client.connect();
      const res = await client.query(`select count(*)::int as n from information_schema.tables where table_name = 'kept'`);
      expect(res.rows[0].n).toBe(1);
      await client.end();
    } finally {
      await again.stop();
    }
  });
});
