// First: starts OpenTelemetry (when OTEL_* ask for it) before http and pg are loaded, so they are traced.
import '@regiograph/lib/telemetry-register';
import { startupFailure } from '@regiograph/lib';
import { readGatewayConfig } from './config.js';
import { createGateway, listenGateway } from './gateway.js';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const gateway = await listenGateway(
    createGateway({
      supergraphPath: config.supergraphPath,
      subgraphUrls: config.subgraphUrls,
      logging: true,
      telemetry: { requestLog: config.telemetry.jsonLogs, processMetrics: true },
    }),
    config.port,
    config.host,
  );
  console.log(`Regiograph gateway ready at http://localhost:${gateway.port}/graphql`);
  const shutdown = () => {
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(startupFailure('gateway', error));
  process.exit(1);
});
