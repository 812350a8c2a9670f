import { redactUrl } from '../lib/src/config.js';
import { chooseTestServer, dropStaleTestDatabases } from '../lib/src/testing.js';

/** Says once, at the top of the run, which PostgreSQL the tests run against. */
export default async function setup(): Promise<void> {
  const server = await chooseTestServer();
  const where =
    server.kind === 'DATABASE_URL'
      ? `PostgreSQL from DATABASE_URL (${redactUrl(server.url ?? '')})`
      : server.kind === 'local'
        ? 'the local PostgreSQL at 127.0.0.1:5432'
        : 'embedded PGlite (no PostgreSQL server answered)';
  console.log(`Regiograph tests use ${where}; each test file gets a database of its own.`);
  if (server.url) {
    const dropped = await dropStaleTestDatabases(server.url);
    if (dropped.length) console.log(`Dropped ${dropped.length} test database(s) left by interrupted runs.`);
  }
}
