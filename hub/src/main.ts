// First: starts OpenTelemetry (when OTEL_* ask for it) before http and pg are loaded, so they are traced.
import '@regiograph/lib/telemetry-register';
import 'reflect-metadata';
import { redactUrl, startupFailure } from '@regiograph/lib';
import { readHubConfig } from './config.js';
import { startHub } from './hub.js';

async function main(): Promise<void> {
  const began = performance.now();
  const config = readHubConfig();
  const hub = await startHub({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    pglitePort: config.pglitePort,
    gatewayPort: config.gatewayPort,
    subgraphPortBase: config.subgraphPortBase,
    seed: config.seed,
    host: '127.0.0.1',
    gatewayLogging: false,
    logQueries: config.logQueries,
    gatewayTelemetry: { requestLog: config.telemetry.jsonLogs, processMetrics: true },
  });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const database =
    hub.database.kind === 'pglite' ? `embedded PGlite (data in ${config.pgliteDir})` : `PostgreSQL at ${redactUrl(hub.database.url)}`;
  const seeded = hub.subgraphs.filter((s) => s.seeded).map((s) => s.name);
  console.log(`Database: ${database}${seeded.length ? `; loaded seeds into ${seeded.join(', ')}` : ''}`);
  for (const s of hub.subgraphs) console.log(`  subgraph ${s.name.padEnd(13)} ${s.server.url.replace('localhost', '127.0.0.1')}`);
  console.log(`Regiograph ready in ${seconds}s at http://localhost:${hub.gateway.port}/graphql (open it in a browser for GraphiQL)`);
  const shutdown = () => {
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(startupFailure('Regiograph', error));
  process.exit(1);
});
