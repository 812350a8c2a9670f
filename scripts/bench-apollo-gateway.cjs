#!/usr/bin/env node
// The benchmark's @apollo/gateway (a devDependency, never the runtime's): serves schema/supergraph.graphql over
// the subgraphs named by ORGANISATIONS_URL ... OUTCOMES_URL, on 127.0.0.1:PORT. Started by bench-gateways.cjs.
// It runs as plain CommonJS under node, so @apollo/gateway and @apollo/server load the one CJS `graphql`
// (the dual-package hazard of ../shared/STYLE.md is a vitest matter).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { ApolloGateway, RemoteGraphQLDataSource } = require('@apollo/gateway');
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');

const root = join(__dirname, '..');
const { subgraphs } = JSON.parse(readFileSync(join(root, 'subgraphs.json'), 'utf8'));
const urls = Object.fromEntries(subgraphs.map((s) => [s.name, process.env[`${s.name.toUpperCase()}_URL`]]));
for (const [name, url] of Object.entries(urls)) if (!url) throw new Error(`${name.toUpperCase()}_URL: required`);

async function main() {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8'),
    // The supergraph's join__graph names are upper case; the subgraphs.json names are the folders'.
    buildService: ({ name }) => new RemoteGraphQLDataSource({ url: urls[name.toLowerCase()] }),
  });
  const server = new ApolloServer({ gateway, introspection: false });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } });
  console.log(`apollo gateway ready at ${url}`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
