#!/usr/bin/env node
// How many representations the gateway puts into one `_entities` call when it runs the operations of
// docs/operations/ on the database in DATABASE_URL (load the open data into it first with `npm run ingest`),
// for the places, projects, organisations and networks with the most rows behind them. The largest batch
// seen must stay well below MAX_REPRESENTATIONS, or the gateway's own calls would be refused.
// Usage: DATABASE_URL=postgres://... npm run bench:representations
require('reflect-metadata');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { SUBGRAPHS } = require('../hub/dist/hub.js');
const { createGateway, listenGateway } = require('../gateway/dist/index.js');
const { SAFETY_DEFAULTS, repoRoot, startSubgraph } = require('../lib/dist/index.js');
const { postGraphQL } = require('../lib/dist/testing.js');

const root = repoRoot(__dirname);
const operation = (name) => readFileSync(join(root, 'docs', 'operations', `${name}.graphql`), 'utf8');

/** Records, per subgraph, the largest representation list of any `_entities` call it receives. */
function counter(name, largest) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          for (const value of Object.values(request.variables ?? {})) {
            if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && '__typename' in v)) {
              largest.current = Math.max(largest.current, value.length);
              largest.bySubgraph[name] = Math.max(largest.bySubgraph[name] ?? 0, value.length);
            }
          }
        },
      };
    },
  };
}

async function candidates(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const q = async (sql) => (await client.query(sql)).rows;
  try {
    const places = await q(`
      (select p.name from organisations.place p join projects.partnership x on x.place_id = p.id group by p.id order by count(*) desc limit 12)
      union (select p.name from organisations.place p join organisations.organisation o on o.place_id = p.id group by p.id order by count(*) desc limit 12)
      union (select p.name from organisations.place p join organisations.organisation o on o.place_id = p.id
               join projects.partnership x on x.organisation_id = o.id group by p.id order by count(*) desc limit 12)
      union (select name from organisations.place where kind = 'COUNTRY' and id in ('place:country:PL', 'place:country:RO', 'place:country:NO'))
      union (select name from organisations.place where name in ('Tarnów', 'Piaseczno', 'Timișoara'))`);
    const projects = await q(`select p.code as name from projects.project p join projects.partnership x on x.project_id = p.id
      where p.code is not null group by p.id order by count(*) desc limit 10`);
    const projectIds = await q(`select k as key from projects.project p join projects.partnership x on x.project_id = p.id,
      unnest(p.identifier_keys) k group by p.id, k order by count(*) desc limit 10`);
    const organisations = await q(`select i.scheme, i.value from organisations.organisation_identifier i
      join projects.partnership x on x.organisation_id = i.organisation_id group by i.scheme, i.value order by count(*) desc limit 10`);
    const networks = await q('select name from organisations.network');
    return { places, projects, projectIds, organisations, networks };
  } finally {
    await client.end();
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a database with the open data loaded');
  const largest = { current: 0, bySubgraph: {} };
  const started = [];
  for (const module of SUBGRAPHS) {
    started.push(
      await startSubgraph(module, {
        databaseUrl: url,
        port: 0,
        host: '127.0.0.1',
        seed: 'never',
        plugins: [counter(module.name, largest)],
      }),
    );
  }
  const gateway = await listenGateway(
    createGateway({
      supergraphPath: join(root, 'schema', 'supergraph.graphql'),
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.server.url])),
    }),
    0,
  );
  const rows = [];
  const run = async (name, variables, label) => {
    largest.current = 0;
    const t0 = performance.now();
    const result = await postGraphQL(gateway.url, operation(name), variables, name);
    rows.push({ name, label, largest: largest.current, ms: Math.round(performance.now() - t0), errors: result.errors?.length ?? 0 });
  };
  try {
    const c = await candidates(url);
    for (const p of c.places) await run('CityProfile', { name: p.name }, p.name);
    for (const p of c.projects) await run('ProjectDetail', { name: p.name }, p.name);
    for (const p of c.projectIds) {
      const [scheme, ...value] = p.key.split('|');
      await run('ProjectByIdentifier', { scheme, value: value.join('|') }, p.key);
    }
    for (const o of c.organisations) await run('OrganisationByIdentifier', { scheme: o.scheme, value: o.value }, `${o.scheme}|${o.value}`);
    for (const n of c.networks) await run('NetworkDetail', { name: n.name }, n.name);
    await run('EventsBetween', { from: '1900-01-01', to: '2100-12-31' }, 'all dates');
    rows.sort((a, b) => b.largest - a.largest);
    console.log('operation                 variables                                   largest _entities batch   ms  errors');
    for (const r of rows.slice(0, 15)) {
      console.log(
        `${r.name.padEnd(25)} ${r.label.slice(0, 42).padEnd(43)} ${String(r.largest).padStart(23)} ${String(r.ms).padStart(6)} ${String(r.errors).padStart(6)}`,
      );
    }
    const max = rows[0]?.largest ?? 0;
    console.log(
      `\n${rows.length} operations; largest batch ${max} representations (by subgraph: ${JSON.stringify(largest.bySubgraph)}); MAX_REPRESENTATIONS default ${SAFETY_DEFAULTS.maxRepresentations}`,
    );
  } finally {
    await gateway.stop(0);
    for (const s of started) await s.stop(0);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
