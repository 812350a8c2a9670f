import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { repoRoot } from '@regiograph/lib';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './hub.js';

export interface Composition {
  /** File path (under the repository) -> content: each subgraph's SDL and the supergraph. */
  files: Map<string, string>;
  errors: string[];
}

/**
 * Prints every subgraph's SDL and composes the supergraph with @theguild/federation-composition (MIT).
 * Routing URLs are the all-in-one ports; deployments override them in the gateway (<NAME>_URL).
 */
export async function composeSupergraph(root: string = repoRoot()): Promise<Composition> {
  const files = new Map<string, string>();
  const services = [];
  for (const module of SUBGRAPHS) {
    const sdl = printSubgraphSchema(await module.buildSchema());
    files.set(join(root, 'schema', `${module.name}.graphql`), `${sdl.trim()}\n`);
    services.push({ name: module.name, typeDefs: parse(sdl), url: `http://localhost:${module.defaultPort}/graphql` });
  }
  const result = composeServices(services);
  const errors = (result.errors ?? []).map((e) => e.message);
  if (result.supergraphSdl) files.set(join(root, 'schema', 'supergraph.graphql'), `${result.supergraphSdl.trim()}\n`);
  return { files, errors };
}
