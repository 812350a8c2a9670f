import { events } from '@regiograph/events';
import { funding, data as fundingData } from '@regiograph/funding';
import {
  createGateway,
  type GatewayLimits,
  type GatewayOptions,
  type GatewaySafety,
  type GatewayTelemetryOptions,
  listenGateway,
  type RunningGateway,
  type SubgraphName,
  type UpstreamOptions,
} from '@regiograph/gateway';
import {
  SAFETY_DEFAULTS,
  type SubgraphSafety,
  assertPortsFree,
  assertReachable,
  type EmbeddedPostgres,
  clientSql,
  inListOrder,
  refreshAllStatistics,
  type RunningSubgraph,
  repoRoot,
  type StartOptions,
  type SubgraphModule,
  startEmbeddedPostgres,
  startSubgraph,
} from '@regiograph/lib';
import { organisations, data as organisationsData } from '@regiograph/organisations';
import { outcomes } from '@regiograph/outcomes';
import { projects, data as projectsData } from '@regiograph/projects';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own context type
export const SUBGRAPHS: Array<SubgraphModule<any>> = inListOrder([organisations, projects, funding, events, outcomes], 'the hub');

/**
 * The statistics fact tables after a seed load: each subgraph loads its seeds alone, and the fact tables of
 * projects and funding need the organisations' place tree, so the hub rebuilds them once all are seeded
 * (one transaction; the ingest command rebuilds them itself before each commit).
 */
async function refreshStatisticsAfterSeeds(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await refreshAllStatistics(clientSql(client, false), organisationsData, [organisationsData, projectsData, fundingData]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

export interface HubOptions {
  databaseUrl?: string;
  /** A read replica of databaseUrl: the subgraphs serve their queries from it (see StartOptions.databaseReadUrl). */
  databaseReadUrl?: string;
  pgliteDir?: string;
  pglitePort?: number;
  gatewayPort: number;
  /** Port of the first subgraph; the others follow. 0 picks free ports (tests). */
  subgraphPortBase: number;
  seed?: StartOptions['seed'];
  /** Interface of the gateway; the subgraphs always listen on 127.0.0.1, where only the gateway calls them. */
  host?: string;
  /** The subgraphs' limits and database settings; without `hmacSecret` the hub makes a random one per start. */
  safety?: Partial<SubgraphSafety>;
  /** The gateway's request deadline and subgraph-call timeout (its secret is the subgraphs'). */
  upstream?: Partial<Omit<UpstreamOptions, 'hmacSecret'>>;
  supergraphPath?: string;
  gatewayLogging?: boolean;
  /** The gateway's limits and safety settings (defaults where not given). */
  gatewayLimits?: Partial<GatewayLimits>;
  gatewaySafety?: Partial<GatewaySafety>;
  logQueries?: boolean;
  /** Further gateway options (e.g. persistedOnly); the hub sets the supergraph and subgraph URLs itself. */
  gatewayOptions?: Omit<GatewayOptions, 'supergraphPath' | 'subgraphUrls'>;
  /** The gateway's metrics and request log (the subgraphs' request lines stay off: the gateway's line is the request's). */
  gatewayTelemetry?: GatewayTelemetryOptions;
}

export interface Hub {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  database: { kind: 'postgres' | 'pglite'; url: string };
  /** The secret the gateway signs its subgraph calls with (another gateway over these subgraphs needs it). */
  hmacSecret: string;
  /** Drains the gateway (up to `drainMs`, default SHUTDOWN_DRAIN_MS), then stops the subgraphs and the database. */
  stop(drainMs?: number): Promise<void>;
}

/** Starts the database (or checks DATABASE_URL answers), the five subgraphs and the gateway. */
export async function startHub(options: HubOptions): Promise<Hub> {
  let embedded: EmbeddedPostgres | undefined;
  const started: RunningSubgraph[] = [];
  try {
    const host = options.host ?? '127.0.0.1';
    const subgraphHost = '127.0.0.1';
    // The gateway signs every subgraph call and the subgraphs check it, here too: a secret of this start only.
    const hmacSecret = options.safety?.hmacSecret ?? randomBytes(32).toString('base64url');
    const safety = { ...SAFETY_DEFAULTS, ...options.safety, hmacSecret };
    const drainMs = safety.shutdownDrainMs;
    const subgraphPort = (index: number) => (options.subgraphPortBase === 0 ? 0 : options.subgraphPortBase + index);
    await assertPortsFree(
      [
        ...(options.databaseUrl ? [] : [{ port: options.pglitePort ?? 54320, what: 'embedded PostgreSQL', hint: 'set PGLITE_PORT' }]),
        ...SUBGRAPHS.map((m, i) => ({
          port: subgraphPort(i),
          what: m.name,
          hint: 'set SUBGRAPH_PORT_BASE',
        })),
      ],
      subgraphHost,
    );
    await assertPortsFree([{ port: options.gatewayPort, what: 'gateway', hint: 'set GATEWAY_PORT' }], host);
    let databaseUrl = options.databaseUrl;
    if (databaseUrl) {
      await assertReachable(databaseUrl);
      if (options.databaseReadUrl) await assertReachable(options.databaseReadUrl);
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: options.pgliteDir, port: options.pglitePort ?? 54320 });
      databaseUrl = embedded.url;
    }
    // One after another: migrations and seeds of different schemas never interleave on PGlite's single session.
    for (const [index, module] of SUBGRAPHS.entries()) {
      started.push(
        await startSubgraph(module, {
          databaseUrl,
          databaseReadUrl: options.databaseUrl ? options.databaseReadUrl : undefined,
          port: subgraphPort(index),
          host: subgraphHost,
          seed: options.seed ?? 'if-empty',
          logQueries: options.logQueries,
          safety,
        }),
      );
    }
    if (started.some((s) => s.seeded)) await refreshStatisticsAfterSeeds(databaseUrl);
    const subgraphUrls = Object.fromEntries(started.map((s) => [s.name, `http://127.0.0.1:${s.server.port}/graphql`])) as Record<
      SubgraphName,
      string
    >;
    const gateway = await listenGateway(
      createGateway({
        ...options.gatewayOptions,
        supergraphPath: options.supergraphPath ?? join(repoRoot(), 'schema', 'supergraph.graphql'),
        subgraphUrls,
        logging: options.gatewayLogging ?? false,
        limits: options.gatewayLimits,
        safety: options.gatewaySafety,
        upstream: { ...options.upstream, hmacSecret: safety.hmacSecret },
        telemetry: options.gatewayTelemetry,
      }),
      options.gatewayPort,
      host,
    );
    const stopAll = async (ms = drainMs) => {
      await gateway.stop(ms);
      for (const s of started.reverse()) await s.stop(ms);
      await embedded?.stop();
    };
    return {
      gateway,
      subgraphs: started,
      database: { kind: embedded ? 'pglite' : 'postgres', url: databaseUrl },
      hmacSecret,
      stop: stopAll,
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop(0).catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
