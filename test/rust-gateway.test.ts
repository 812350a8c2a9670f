import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGateway, listenGateway, type RunningGateway } from '@regiograph/gateway';
import { SUBGRAPHS } from '@regiograph/hub';
import { repoRoot, type RunningSubgraph, startSubgraph } from '@regiograph/lib';
import { createTestDatabase, postGraphQL, type TestDatabase } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The supergraph is plain Federation 2: another router serves it over the same subgraphs. Grafbase's Rust
// gateway (`grafbase dev` of the npm package @grafbase/cli-x86_64-unknown-linux-musl, installed into
// .tools/grafbase by scripts/bench-gateways.cjs on first use) and ours, over real HTTP, answer every
// operation of docs/operations/ with the same data. The subgraphs run without HMAC_SECRET: the other
// router cannot sign its calls.

const require = createRequire(import.meta.url);
const bench = require('../scripts/bench-gateways.cjs') as {
  startGrafbase(subgraphs: Array<{ label: string; url: string }>): Promise<{ url: string; stop(): Promise<void> }>;
};

const OPERATIONS_DIR = join(repoRoot(), 'docs', 'operations');
// Beyond each file's example variables: the other cities and names the acceptance test walks.
const MORE: Record<string, Array<Record<string, unknown>>> = {
  CityProfile: [{ name: 'PIASECZNO' }, { name: 'timisoara' }, { name: 'Lublin' }],
  ProjectDetail: [{ name: 'Public4mSME+' }],
};

function cases(): Array<{ name: string; document: string; variables: Record<string, unknown> }> {
  const out = [];
  for (const file of readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const name = file.replace(/\.graphql$/, '');
    const document = readFileSync(join(OPERATIONS_DIR, file), 'utf8');
    const example = /^# Example variables: (.+)$/m.exec(document)?.[1];
    if (!example) throw new Error(`${file}: no "# Example variables:" line`);
    for (const variables of [JSON.parse(example), ...(MORE[name] ?? [])]) out.push({ name, document, variables });
  }
  return out;
}

let db: TestDatabase;
const subgraphs: RunningSubgraph[] = [];
let ours: RunningGateway;
let rust: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  db = await createTestDatabase('rust_gateway');
  for (const module of SUBGRAPHS) {
    subgraphs.push(await startSubgraph(module, { databaseUrl: db.url, port: 0, host: '127.0.0.1', seed: 'if-empty' }));
  }
  const urls = Object.fromEntries(subgraphs.map((s) => [s.name, `http://127.0.0.1:${s.server.port}/graphql`]));
  ours = await listenGateway(createGateway({ supergraphPath: join(repoRoot(), 'schema', 'supergraph.graphql'), subgraphUrls: urls }), 0);
  rust = await bench.startGrafbase(Object.entries(urls).map(([label, url]) => ({ label, url })));
}, 400_000);

afterAll(async () => {
  await rust?.stop();
  await ours?.stop(1000);
  for (const s of subgraphs.reverse()) await s.stop(1000);
  await db?.drop();
});

describe("Grafbase's Rust gateway over our subgraphs", () => {
  it.each(cases().map((c) => [`${c.name} ${JSON.stringify(c.variables)}`, c] as const))('answers %s as ours does', async (_label, c) => {
    const [a, b] = await Promise.all([
      postGraphQL(ours.url, c.document, c.variables, c.name),
      postGraphQL(rust.url, c.document, c.variables, c.name),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    // Something to compare: the operation found what it was asked for.
    expect(Object.values(a.data ?? {}).some((v) => v !== null && !(Array.isArray(v) && v.length === 0))).toBe(true);
    expect(b.data).toEqual(a.data);
  });
});
