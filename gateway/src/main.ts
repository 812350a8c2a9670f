// First: starts OpenTelemetry (when OTEL_* ask for it) before http and pg are loaded, so they are traced.
import '@regiograph/lib/telemetry-register';
import { exitOnTermination, startupFailure } from '@regiograph/lib';
import { readGatewayConfig } from './config.js';
import { createGateway, listenGateway } from './gateway.js';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const gateway = await listenGateway(
    createGateway({
      supergraphPath: config.supergraphPath,
      subgraphUrls: config.subgraphUrls,
      logging: true,
      persistedOperationsPath: config.persistedOperationsPath,
      persistedOnly: config.persistedOnly,
      limits: config.limits,
      safety: config.safety,
      upstream: config.upstream,
      telemetry: { requestLog: config.telemetry.jsonLogs, processMetrics: true },
    }),
    config.port,
    config.host,
  );
  console.log(`Regiograph gateway ready at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${gateway.port}/graphql`);
  exitOnTermination(
    'gateway',
    async (signal) => {
      console.log(`gateway: ${signal}, finishing requests in flight (up to ${config.shutdownDrainMs} ms)`);
      await gateway.stop(config.shutdownDrainMs);
    },
    config.shutdownDrainMs + 10_000,
  );
}

main().catch((error: unknown) => {
  console.error(startupFailure('gateway', error));
  process.exit(1);
});
