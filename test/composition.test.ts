import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

const root = join(__dirname, '..');
const committed = (file: string) => readFileSync(join(root, 'schema', file), 'utf8');

describe('composition', () => {
  it('composes the five subgraphs into exactly the committed supergraph and subgraph SDL', async () => {
    const services = [];
    for (const module of SUBGRAPHS) {
      const sdl = printSubgraphSchema(await module.buildSchema());
      expect(`${sdl.trim()}\n`, `schema/${module.name}.graphql is stale: run npm run compose`).toBe(committed(`${module.name}.graphql`));
      services.push({ name: module.name, typeDefs: parse(sdl), url: `http://localhost:${module.defaultPort}/graphql` });
    }
    const result = composeServices(services);
    expect(result.errors ?? []).toEqual([]);
    expect(`${result.supergraphSdl?.trim()}\n`).toBe(committed('supergraph.graphql'));
  });

  it('gives every shared entity one owner, whose fields only it resolves; the others add fields through @key stubs', () => {
    const supergraph = committed('supergraph.graphql');
    const owned: Array<[string, string, string]> = [
      ['Place', 'name', 'ORGANISATIONS'], ['Organisation', 'name', 'ORGANISATIONS'], ['Network', 'name', 'ORGANISATIONS'],
      ['Project', 'title', 'PROJECTS'], ['Programme', 'name', 'FUNDING'], ['Event', 'name', 'EVENTS'], ['Outcome', 'kind', 'OUTCOMES'],
    ];
    for (const [type, field, owner] of owned) {
      const start = supergraph.indexOf(`type ${type} @join__type`);
      expect(start, type).toBeGreaterThanOrEqual(0);
      const block = supergraph.slice(start, supergraph.indexOf('\n}', start));
      expect(block, type).toContain(`@join__type(graph: ${owner}, key: "id")`);
      // A type declared by one subgraph only needs no @join__field; where others stub it, the owner's fields say so.
      if ((block.match(/@join__type\(/g) ?? []).length > 1) expect(block, `${type}.${field}`).toMatch(new RegExp(`\\n  ${field}: [^\\n]*@join__field\\(graph: ${owner}\\)`));
    }
    expect(supergraph).not.toMatch(/@extends|@external/);
  });

  it('keeps Elastic-licensed gateway, composition and query-planner packages out of the dependency tree', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const installed = Object.keys(lock.packages);
    for (const name of ['@apollo/gateway', '@apollo/composition', '@apollo/query-planner']) {
      expect(installed.filter((p) => p.endsWith(`node_modules/${name}`)), name).toEqual([]);
    }
    expect(installed.some((p) => p.endsWith('node_modules/@graphql-hive/router-runtime'))).toBe(true);
  });
});
