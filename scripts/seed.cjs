#!/usr/bin/env node
// Loads seeds/ (or SEEDS_DIR) into every subgraph's schema and reports what changed; safe to run again
// (a second run reports 0 created, 0 updated). Uses DATABASE_URL, else the hub's embedded PGlite folder.
// Usage: npm run seed   (stop `npm start` first when using the embedded database: it is single-process)
require('reflect-metadata');
const {
  assertReachable,
  migrate,
  openSubgraphOrm,
  redactUrl,
  seedsDir,
  startEmbeddedPostgres,
  startupFailure,
} = require('@regiograph/lib');
const { readHubConfig, SUBGRAPHS } = require('@regiograph/hub');

async function main() {
  const config = readHubConfig();
  let embedded;
  let url = config.databaseUrl;
  if (url) await assertReachable(url);
  else {
    embedded = await startEmbeddedPostgres({ dataDir: config.pgliteDir, port: config.pglitePort });
    url = embedded.url;
  }
  console.log(`Seeding ${embedded ? `embedded PGlite (${config.pgliteDir})` : redactUrl(url)} from ${seedsDir()}`);
  try {
    for (const module of SUBGRAPHS) {
      const orm = await openSubgraphOrm(module, { databaseUrl: url });
      try {
        await migrate(orm);
        const r = await module.seed(orm, seedsDir());
        console.log(`  ${module.name.padEnd(13)} ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`);
      } finally {
        await orm.close(true);
      }
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(startupFailure('seed', error));
  process.exit(1);
});
