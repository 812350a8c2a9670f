import { describe, expect, it } from 'vitest';
import { dropDatabase, ensureDatabase, withDatabaseName } from './db.js';
import { chooseTestServer, dropStaleTestDatabases } from './testing.js';

describe('test database housekeeping', () => {
  it('drops test databases older than the cut-off and keeps recent ones and ones without a creation time', async () => {
    const server = await chooseTestServer();
    if (!server.url) return expect(server.kind).toBe('pglite'); // PGlite instances vanish with their process
    const old = Math.floor(Date.now() / 1000) - 7 * 3600;
    const now = Math.floor(Date.now() / 1000);
    const stale = withDatabaseName(server.url, `rg_test_housekeeping_${old}_0badcafe`);
    const fresh = withDatabaseName(server.url, `rg_test_housekeeping_${now}_0badcafe`);
    const legacy = withDatabaseName(server.url, 'rg_test_housekeeping_legacy_0badcafe');
    for (const url of [stale, fresh, legacy]) await ensureDatabase(url);
    try {
      const dropped = await dropStaleTestDatabases(server.url, 6);
      expect(dropped).toContain(`rg_test_housekeeping_${old}_0badcafe`);
      expect(dropped).not.toContain(`rg_test_housekeeping_${now}_0badcafe`);
      expect(dropped).not.toContain('rg_test_housekeeping_legacy_0badcafe');
    } finally {
      for (const url of [stale, fresh, legacy]) await dropDatabase(url);
    }
  });
});
