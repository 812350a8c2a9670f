import { join } from 'node:path';
import { events } from '@regiograph/events';
import { data as fundingData, funding } from '@regiograph/funding';
import {
  inListOrder,
  refreshAllStatistics,
  openSubgraphOrm,
  prepareSubgraph,
  readYaml,
  type SubgraphModule,
  seedsDir,
  serverTakesCopy,
} from '@regiograph/lib';
import { type CuratedMatches, organisations, data as organisationsData, resolveIdentities } from '@regiograph/organisations';
import { outcomes, data as outcomesData } from '@regiograph/outcomes';
import { projects, data as projectsData } from '@regiograph/projects';
import { Client } from 'pg';
import { connectors } from './connectors/index.js';
import type { IdentityReport, IdentityResolver, IdentitySummary, Wiring } from './run.js';
import { lockIngest, resolveAndDerive, sqlOf } from './run.js';

// biome-ignore lint/suspicious/noExplicitAny: modules differ only in their context type
const modules: Array<SubgraphModule<any>> = inListOrder([organisations, projects, funding, events, outcomes], 'the ingest command');

/** The curated matches file; absent means no curation. */
export function curatedMatchesFile(): string {
  return process.env.ORGANISATION_MATCHES_FILE || join(seedsDir(), 'organisation-matches.yaml');
}

export function readCurated(file = curatedMatchesFile()): CuratedMatches {
  const doc = readYaml<Partial<CuratedMatches> | null>(file) ?? {};
  return { same: doc.same ?? [], distinct: doc.distinct ?? [] };
}

/**
 * Identity resolution through the organisations data module: it reads every source record and seeded
 * organisation, the pure resolver clusters them (curated file first), and the module stores the links
 * and the derived canonical organisations.
 */
export const identity: IdentityResolver = {
  pending: (sql) => organisationsData.hasUnresolvedRecords(sql),
  async resolve(sql) {
    const input = await organisationsData.loadResolutionInput(sql);
    const result = resolveIdentities(input, readCurated());
    const applied = await organisationsData.applyResolution(sql, result);
    const sizes = new Map<string, number>();
    for (const a of result.assignments) sizes.set(a.organisationId, (sizes.get(a.organisationId) ?? 0) + 1);
    const summary: IdentitySummary = {
      records: result.assignments.length,
      organisations: sizes.size,
      merged: result.assignments.length - sizes.size,
      changes:
        applied.recordsChanged + applied.recordsUnlinked + applied.derived.created + applied.derived.updated + applied.derived.deleted,
    };
    return {
      links: result.assignments.map((a) => ({ recordId: a.recordId, organisationId: a.organisationId })),
      summary,
    };
  },
};

/**
 * The fast path of `prepare`: every subgraph's migrations are applied and its seeds are in (checked with
 * plain SQL on one connection, without starting five ORMs, which costs more than loading a small file).
 */
async function alreadyPrepared(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const m of modules) {
      const schema = `"${m.name.replace(/"/g, '""')}"`;
      const applied = await client.query<{ name: string }>(`select name from ${schema}.mikro_orm_migrations`);
      const names = new Set(applied.rows.map((r) => r.name));
      if (!m.migrations.every((x) => names.has(x.name))) return false;
      const seeded = await client.query(`select 1 from ${schema}.source where kind = 'ARTICLE' limit 1`);
      if (seeded.rowCount === 0) return false;
    }
    return true;
  } catch {
    return false; // no schema or table yet: the slow path creates it
  } finally {
    await client.end();
  }
}

export function createWiring(): Wiring {
  return {
    connectors,
    subgraphs: {
      organisations: organisationsData,
      projects: projectsData,
      funding: fundingData,
      outcomes: outcomesData,
    },
    identity,
    async derive(sql) {
      const needs = await projectsData.derivedNeeds(sql);
      const taking = [...(await projectsData.participation(sql)), ...(await fundingData.participation(sql))];
      const changed = await organisationsData.refreshParticipation(sql, taking);
      return (
        changed +
        (await projectsData.refreshDerived(sql, {
          places: await organisationsData.placeAncestry(sql, needs.placeIds),
          organisationKinds: await organisationsData.organisationKinds(sql, needs.organisationIds),
          programmeFunds: await fundingData.programmeFunds(sql, needs.programmeIds),
        }))
      );
    },
    refreshStatistics: (sql) => refreshAllStatistics(sql, organisationsData, [organisationsData, projectsData, fundingData]),
    async prepare(databaseUrl) {
      if (await alreadyPrepared(databaseUrl)) return { migrated: [], seeded: [] };
      const migrated: string[] = [];
      const seeded: string[] = [];
      for (const m of modules) {
        const orm = await openSubgraphOrm(m, { databaseUrl });
        try {
          // As the hub does on start: an empty subgraph gets the seeds first, so article facts and data meet.
          const done = await prepareSubgraph(m, orm, 'if-empty');
          if (done.migrated.length) migrated.push(m.name);
          if (done.seeded) seeded.push(m.name);
        } finally {
          await orm.close(true);
        }
      }
      return { migrated, seeded };
    },
    async pendingMigrations(databaseUrl) {
      const pending: string[] = [];
      for (const m of modules) {
        const orm = await openSubgraphOrm(m, { databaseUrl });
        try {
          for (const p of await orm.getMigrator().getPendingMigrations()) pending.push(`${m.name}/${p.name}`);
        } finally {
          await orm.close(true);
        }
      }
      return pending;
    },
  };
}

/** `npm run ingest -- identities`: re-resolve and relink in one transaction (after editing the curated file). */
export async function resolveIdentitiesOnly(wiring: Wiring, databaseUrl: string): Promise<IdentityReport> {
  await wiring.prepare(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await lockIngest(client);
    await client.query('set jit = off');
    await client.query('begin');
    const sql = sqlOf(client, await serverTakesCopy(client));
    const report = await resolveAndDerive(sql, wiring); // kinds and links moved
    await client.query('commit');
    return report;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
