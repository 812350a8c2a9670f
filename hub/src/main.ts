// First: starts OpenTelemetry (when OTEL_* ask for it) before http and pg are loaded, so they are traced.
import '@regiograph/lib/telemetry-register';
import 'reflect-metadata';
import { exitOnTermination, redactUrl, startupFailure } from '@regiograph/lib';
import { readHubConfig } from './config.js';
import { startHub } from './hub.js';
import { loadOpenDataInBackground, type OpenDataLoad } from './open-data.js';

async function main(): Promise<void> {
  const began = performance.now();
  const config = readHubConfig();
  const hub = await startHub({
    databaseUrl: config.databaseUrl,
    databaseReadUrl: config.databaseReadUrl,
    pgliteDir: config.pgliteDir,
    pglitePort: config.pglitePort,
    gatewayPort: config.gatewayPort,
    subgraphPortBase: config.subgraphPortBase,
    seed: config.seed,
    host: config.host,
    gatewayLogging: false,
    logQueries: config.logQueries,
    gatewayOptions: { persistedOnly: config.persistedOnly, persistedOperationsPath: config.persistedOperationsPath },
    gatewayLimits: config.gatewayLimits,
    gatewaySafety: config.gatewaySafety,
    safety: config.safety,
    upstream: config.upstream,
    gatewayTelemetry: { requestLog: config.telemetry.jsonLogs, processMetrics: true },
  });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const database =
    hub.database.kind === 'pglite' ? `embedded PGlite (data in ${config.pgliteDir})` : `PostgreSQL at ${redactUrl(hub.database.url)}`;
  const seeded = hub.subgraphs.filter((s) => s.seeded).map((s) => s.name);
  console.log(`Database: ${database}${seeded.length ? `; loaded seeds into ${seeded.join(', ')}` : ''}`);
  for (const s of hub.subgraphs) console.log(`  subgraph ${s.name.padEnd(13)} ${s.server.url.replace('localhost', '127.0.0.1')}`);
  console.log(`Regiograph ready in ${seconds}s at http://localhost:${hub.gateway.port}/graphql (open it in a browser for GraphiQL)`);
  // A first start (the seeds went into an empty database) with LOAD_OPEN_DATA=1 loads the bundled open data too.
  let openData: OpenDataLoad | undefined;
  if (config.loadOpenData && seeded.length === hub.subgraphs.length) openData = loadOpenDataInBackground(hub.database.url);
  else if (config.loadOpenData) console.log('open data: not a first start, nothing loaded (npm run ingest -- all loads or updates it)');
  // Ctrl-C or SIGTERM: the requests in flight finish, then the subgraphs, the pools and the embedded database
  // close (which removes its lock).
  exitOnTermination(
    'Regiograph',
    async (signal) => {
      console.log(`Regiograph: ${signal}, finishing requests in flight (up to ${config.safety.shutdownDrainMs} ms)`);
      await openData?.stop();
      await hub.stop(config.safety.shutdownDrainMs);
    },
    config.safety.shutdownDrainMs + 10_000,
  );
}

main().catch((error: unknown) => {
  console.error(startupFailure('Regiograph', error));
  process.exit(1);
});
