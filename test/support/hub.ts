import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Hub, type HubOptions, startHub } from '@regiograph/hub';
import { createTestDatabase, type GraphQLResult, postGraphQL } from '@regiograph/lib/testing';

export interface TestHub {
  hub: Hub;
  url: string;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResult<T>>;
  /** Runs a named operation from docs/operations/<name>.graphql through the gateway. */
  operation<T = Record<string, unknown>>(name: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

export function readOperation(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'docs', 'operations', `${name}.graphql`), 'utf8');
}

/** The whole hub (five subgraphs + gateway, real HTTP between them) on a database of this test file's own. */
export async function startTestHub(label: string, options: Pick<HubOptions, 'gatewayOptions'> = {}): Promise<TestHub> {
  const db = await createTestDatabase(label);
  const hub = await startHub({ databaseUrl: db.url, gatewayPort: 0, subgraphPortBase: 0, seed: 'if-empty', host: '127.0.0.1', ...options });
  const url = hub.gateway.url;
  return {
    hub,
    url,
    query: (query, variables, operationName) => postGraphQL(url, query, variables, operationName),
    operation: (name, variables) => postGraphQL(url, readOperation(name), variables, name),
    async stop() {
      await hub.stop();
      await db.drop();
    },
  };
}
