import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sourcesDir } from '@regiograph/lib';
import { type GraphQLResult, postGraphQL } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';
import { type Started, start } from './support/process.js';

// What a newcomer does after `npm ci`, with the README's commands: `LOAD_OPEN_DATA=1 npm start` (the hub on its
// embedded PGlite, no DATABASE_URL), a query answered from the seeds at once, the bundled open data arriving in
// the background, then `npm run ingest -- <source>` (no path: the bundled folder) into the running hub, and the
// data through GraphQL. Only the data folder (PGLITE_DIR, a temporary folder) and the ports differ from the
// defaults, so that it runs beside anything else. The `tsc -b` of both commands finds the build `npm test` made.
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
type Obj = Record<string, any>;

const root = join(__dirname, '..');
const START_MS = 180_000;
const INGEST_MS = 120_000;
// Every bundled source into PGlite beside a serving hub: about a minute on two cores.
const OPEN_DATA_MS = 400_000;

/** True when nothing listens on 127.0.0.1:`port`. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A first port such that it and the next ones (one per subgraph) are free. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = await freePort();
    if (base + count > 65535) continue;
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

let dataDir: string;
let env: Record<string, string>;
let hub: Started | undefined;
let url = '';
/** The README quick query, sent as soon as the hub said it was ready, and the hub's output at its answer. */
let quickAtOnce: GraphQLResult<Obj>;
let outputAtQuick = '';

beforeAll(
  async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'regiograph-newcomer-'));
    env = {
      HOME: process.env.HOME ?? dataDir,
      PGLITE_DIR: join(dataDir, 'pglite'),
      PGLITE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
      SUBGRAPH_PORT_BASE: String(await freePortRange(SUBGRAPHS.length)),
      LOAD_OPEN_DATA: '1',
    };
    hub = start('npm', ['start'], env, root);
    const ready = await hub.waitFor(/Regiograph ready in \S+ at (http:\/\/\S+\/graphql)/, START_MS);
    url = ready[1] ?? '';
    quickAtOnce = await postGraphQL<Obj>(url, 'query { place(name: "tarnow") { name government { name networks { network { name } } } } }');
    outputAtQuick = hub.output();
    // The tests run in any order: each needs the background load over.
    await hub.waitFor(/open data: (every source loaded|stopped)/, OPEN_DATA_MS);
  },
  START_MS + OPEN_DATA_MS + 10_000,
);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('a newcomer: npm start on the embedded PGlite with the open data, then npm run ingest into it', () => {
  it('prints the gateway URL on the port asked for, on the embedded database, with the seeds loaded', () => {
    expect(new URL(url).port).toBe(env.GATEWAY_PORT);
    const output = hub?.output() ?? '';
    expect(output).toContain(`Database: embedded PGlite (data in ${env.PGLITE_DIR})`);
    expect(output).toContain(`loaded seeds into ${SUBGRAPHS.map((m) => m.name).join(', ')}`);
  });

  it('answers the README quick query from the seeds at once, while the open data loads', () => {
    // The README's quick one; values written from seeds/organisations.yaml.
    expect(quickAtOnce.errors).toBeUndefined();
    expect(quickAtOnce.data?.place?.name).toBe('Tarnów');
    expect(quickAtOnce.data?.place?.government?.name).toBe('Gmina Miasta Tarnowa');
    expect(quickAtOnce.data?.place?.government?.networks).toContainEqual({ network: { name: 'MIASTO PRZEDSIĘBIORCZE' } });
    expect(outputAtQuick).toContain('open data: loading data/sources in the background');
    expect(outputAtQuick).not.toContain('open data: every source loaded');
  });

  it('loads every bundled source in the background, logging its progress, for a first city walk', async () => {
    const output = hub?.output() ?? '';
    expect(output, output).toContain('open data: every source loaded');
    // Source by source, in order, each with its summary line.
    const order = [...output.matchAll(/^open data: \[\d\/\d\] ([a-z-]+): /gm)].map((m) => m[1]);
    expect(order).toEqual(['countries', 'nuts', 'teryt', 'siruta', 'eea-grants', 'keep-eu', 'kohesio-beneficiaries']);
    expect(output).toMatch(/^open data: all: 7 of 7 source\(s\): [1-9]\d* created/m);
    // A city no seed names: Lublin, its gmina from TERYT under its voivodeship's NUTS region.
    const lublin = await postGraphQL<Obj>(url, '{ place(name: "Lublin") { id kind parent { id } } }');
    expect(lublin.errors).toBeUndefined();
    expect(lublin.data?.place).toMatchObject({ id: 'place:lau:PL:0663011', parent: { id: expect.stringMatching(/^place:nuts:PL81/) } });
  });

  it('then serves the countries ingested again through the running hub, unchanged', async () => {
    const mongolia = `{ place(name: "Mongolia") { id kind name wikidataId identifiers { scheme value }
      sources { dataset file recordId licence } } }`;
    const folder = join(sourcesDir(), 'country-codes');
    const report = join(dataDir, 'countries-report.json');
    // The README's command: no path, the bundled folder.
    const ingest = start('npm', ['run', 'ingest', '--', 'countries', '--report', report], env, root);
    try {
      const code = await Promise.race([
        ingest.exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`ingest did not finish in ${INGEST_MS} ms:\n${ingest.output()}`)), INGEST_MS),
        ),
      ]);
      expect(code, ingest.output()).toBe(0);
    } finally {
      await ingest.stop();
    }
    // Into the hub's database, through the hub (PGlite takes one process only), not into a copy of its folder.
    expect(ingest.output()).toContain(`Loading into the running hub's embedded PGlite (${env.PGLITE_DIR}`);
    const compact = readFileSync(join(folder, 'country-codes-compact.csv'), 'utf8').split(/\r?\n/);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as Obj;
    expect(JSON.stringify(summary)).toContain('country-codes-compact.csv');
    // The background load wrote them already: this run changes nothing.
    expect([summary.totals.created, summary.totals.updated]).toEqual([0, 0]);

    const after: GraphQLResult<Obj> = await postGraphQL<Obj>(url, mongolia);
    expect(after.errors).toBeUndefined();
    // Written by hand from the row of country-codes-compact.csv:
    // MN,MNG,496,Mongolia,Mongolia,Asia,Eastern Asia,Ulaanbaatar,"mn,ru",2029969,Q711,MN
    expect(compact).toContain('MN,MNG,496,Mongolia,Mongolia,Asia,Eastern Asia,Ulaanbaatar,"mn,ru",2029969,Q711,MN');
    const place = after.data?.place as Obj;
    expect(place).toMatchObject({ id: 'place:country:MN', kind: 'COUNTRY', name: 'Mongolia', wikidataId: 'Q711' });
    for (const identifier of [
      { scheme: 'iso3166-1-alpha2', value: 'MN' },
      { scheme: 'iso3166-1-alpha3', value: 'MNG' },
      { scheme: 'iso3166-1-numeric', value: '496' },
      { scheme: 'geonames', value: '2029969' },
      { scheme: 'wikidata', value: 'Q711' },
    ]) {
      expect(place.identifiers).toContainEqual(identifier);
    }
    expect(place.sources).toContainEqual(
      expect.objectContaining({ dataset: 'countries', file: 'country-codes-compact.csv', recordId: 'MN' }),
    );
    // The licence as the folder's SOURCE.md states it.
    expect(readFileSync(join(folder, 'SOURCE.md'), 'utf8')).toContain('ODC Public Domain Dedication and License (PDDL)');
    for (const source of place.sources as Obj[]) expect(source.licence).toMatch(/^ODC-PDDL-1\.0 /);
  });
});
