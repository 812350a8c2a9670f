import { events } from '@regiograph/events';
import { funding } from '@regiograph/funding';
import { createGateway, type GatewayTelemetryOptions, listenGateway, type RunningGateway, type SubgraphName } from '@regiograph/gateway';
import {
  assertPortsFree,
  assertReachable,
  type EmbeddedPostgres,
  type RunningSubgraph,
  repoRoot,
  type StartOptions,
  type SubgraphModule,
  startEmbeddedPostgres,
  startSubgraph,
} from '@regiograph/lib';
import { organisations } from '@regiograph/organisations';
import { outcomes } from '@regiograph/outcomes';
import { projects } from '@regiograph/projects';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own context type
export const SUBGRAPHS: Array<SubgraphModule<any>> = [organisations, projects, funding, events, outcomes];

export interface HubOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  pglitePort?: number;
  gatewayPort: number;
  /** Port of the first subgraph; the others follow. 0 picks free ports (tests). */
  subgraphPortBase: number;
  seed?: StartOptions['seed'];
  host?: string;
  supergraphPath?: string;
  gatewayLogging?: boolean;
  logQueries?: boolean;
  /** The gateway's metrics and request log (the subgraphs' request lines stay off: the gateway's line is the request's). */
  gatewayTelemetry?: GatewayTelemetryOptions;
}

export interface Hub {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  database: { kind: 'postgres' | 'pglite'; url: string };
  stop(): Promise<void>;
}

/** Starts the database (or checks DATABASE_URL answers), the five subgraphs and the gateway. */
export async function startHub(options: HubOptions): Promise<Hub> {
  let embedded: EmbeddedPostgres | undefined;
  const started: RunningSubgraph[] = [];
  try {
    const host = options.host ?? '127.0.0.1';
    const subgraphPort = (index: number) => (options.subgraphPortBase === 0 ? 0 : options.subgraphPortBase + index);
    await assertPortsFree(
      [
        ...(options.databaseUrl ? [] : [{ port: options.pglitePort ?? 54320, what: 'embedded PostgreSQL', hint: 'set PGLITE_PORT' }]),
        ...SUBGRAPHS.map((m, i) => ({
          port: subgraphPort(i),
          what: m.name,
          hint: 'set SUBGRAPH_PORT_BASE',
        })),
        { port: options.gatewayPort, what: 'gateway', hint: 'set GATEWAY_PORT' },
      ],
      host,
    );
    let databaseUrl = options.databaseUrl;
    if (databaseUrl) {
      await assertReachable(databaseUrl);
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: options.pgliteDir, port: options.pglitePort ?? 54320 });
      databaseUrl = embedded.url;
    }
    // One after another: migrations and seeds of different schemas never interleave on PGlite's single session.
    for (const [index, module] of SUBGRAPHS.entries()) {
      started.push(
        await startSubgraph(module, {
          databaseUrl,
          port: subgraphPort(index),
          host,
          seed: options.seed ?? 'if-empty',
          logQueries: options.logQueries,
        }),
      );
    }
    const subgraphUrls = Object.fromEntries(
      started.map((s) => [s.name, `http://127.0.0.1:${s.server.port}/graphql`]),
    ) as Record<SubgraphName, string>;
    const gateway = await listenGateway(
      createGateway({
        supergraphPath: options.supergraphPath ?? join(repoRoot(), 'schema', 'supergraph.graphql'),
        subgraphUrls,
        logging: options.gatewayLogging ?? false,
        telemetry: options.gatewayTelemetry,
      }),
      options.gatewayPort,
      host,
    );
    const stopAll = async () => {
      await gateway.stop();
      for (const s of started.reverse()) await s.stop();
      await embedded?.stop();
    };
    return {
      gateway,
      subgraphs: started,
      database: { kind: embedded ? 'pglite' : 'postgres', url: databaseUrl },
      stop: stopAll,
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
