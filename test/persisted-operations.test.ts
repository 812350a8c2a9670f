import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleVariables, loadPersistedManifest, readGatewayConfig } from '@regiograph/gateway';
import { readHubConfig } from '@regiograph/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// Operations sent by hash (Apollo's APQ format and GraphQL over HTTP's documentId) through the gateway over
// real HTTP, in the normal mode and with PERSISTED_ONLY, against the committed manifest.
const root = join(__dirname, '..');
const operationsDir = join(root, 'docs', 'operations');
const manifestPath = join(root, 'schema', 'persisted-operations.json');

/** Each docs/operations document with its name, its own sha256 (computed here) and its example variables. */
const operations = readdirSync(operationsDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((file) => {
    const document = readFileSync(join(operationsDir, file), 'utf8');
    return {
      name: file.replace(/\.graphql$/, ''),
      document,
      hash: createHash('sha256').update(Buffer.from(document, 'utf8')).digest('hex'),
      variables: exampleVariables(document),
    };
  });

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

const ACCEPT = 'application/graphql-response+json, application/json';

async function post(url: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function get(url: string, params: Record<string, string>): Promise<Answer> {
  // A header no form or plain link can send, as CSRF prevention asks of GET requests.
  const response = await fetch(`${url}?${new URLSearchParams(params)}`, { headers: { accept: ACCEPT, 'x-graphql-yoga-csrf': '1' } });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The four ways to run one operation: its document, and its hash as APQ, as documentId in a POST and in a GET. */
function ways(url: string, op: (typeof operations)[number]) {
  const variables = op.variables ?? {};
  return {
    document: () => post(url, { query: op.document, variables, operationName: op.name }),
    apq: () => post(url, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: op.hash } } }),
    documentIdPost: () => post(url, { documentId: `sha256:${op.hash}`, variables }),
    documentIdGet: () => get(url, { documentId: `sha256:${op.hash}`, variables: JSON.stringify(variables) }),
  };
}

const unknownHash = createHash('sha256').update('query NotPublished { __typename }').digest('hex');

describe('the persisted-operations manifest', () => {
  it('holds exactly the docs/operations documents, byte for byte, each under its sha256 in lower-case hex', () => {
    const committed = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    expect(operations.length).toBeGreaterThanOrEqual(6);
    expect(committed, 'schema/persisted-operations.json is stale: run npm run compose').toEqual(
      Object.fromEntries(operations.map((op) => [op.hash, op.document])),
    );
  });

  it('gives every operation example variables, so its explorer tab and its persisted call run as they stand', () => {
    for (const op of operations) expect(op.variables, `${op.name}: add a "# Example variables: {...}" line`).toBeTypeOf('object');
  });

  it('is refused at start-up, naming the variable, when an entry is not the hash of its document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regiograph-manifest-'));
    try {
      const edited = join(dir, 'edited.json');
      const [first] = operations;
      writeFileSync(edited, JSON.stringify({ [first?.hash ?? '']: `${first?.document} ` }));
      expect(() => loadPersistedManifest(edited)).toThrow(
        /^PERSISTED_OPERATIONS_PATH: entry "[0-9a-f]{64}" .* is not the sha256 of its document/,
      );
      expect(() => loadPersistedManifest(join(dir, 'missing.json'))).toThrow(
        /^PERSISTED_OPERATIONS_PATH: no persisted-operations manifest/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PERSISTED_ONLY as a setting', () => {
  it('is off by default, on with 1 or true, and stops start-up with one line naming it for any other value', () => {
    expect(readGatewayConfig({}).persistedOnly).toBe(false);
    expect(readGatewayConfig({ PERSISTED_ONLY: '1' }).persistedOnly).toBe(true);
    expect(readHubConfig({ PERSISTED_ONLY: 'true' }).persistedOnly).toBe(true);
    expect(() => readGatewayConfig({ PERSISTED_ONLY: 'yes' })).toThrow('PERSISTED_ONLY must be 1 or 0 (true or false), got "yes"');
    expect(() => readHubConfig({ PERSISTED_ONLY: '2' })).toThrow(/^PERSISTED_ONLY must be 1 or 0/);
  });
});

describe('operations by hash (normal mode)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub('persisted');
  });
  afterAll(async () => hub?.stop());

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s by hash, in either format, answers what its document answers',
    async (_name, op) => {
      const run = ways(hub.url, op);
      const byDocument = await run.document();
      expect(byDocument.status).toBe(200);
      expect(byDocument.body.errors).toBeUndefined();
      // The example variables find something in the seeds, so the comparison compares real answers.
      expect(Object.values(byDocument.body.data ?? {}).every((v) => v !== null && !(Array.isArray(v) && v.length === 0))).toBe(true);
      for (const [format, send] of [
        ['APQ', run.apq],
        ['documentId (POST)', run.documentIdPost],
        ['documentId (GET)', run.documentIdGet],
      ] as const) {
        const byHash = await send();
        expect(byHash.status, format).toBe(200);
        expect(byHash.body, format).toEqual(byDocument.body);
      }
    },
  );

  it('still runs a document that is not persisted', async () => {
    const answer = await post(hub.url, { query: '{ place(name: "Tarnow") { name } }' });
    expect(answer).toEqual({ status: 200, body: { data: { place: { name: 'Tarnów' } } } });
  });

  it('refuses an unknown hash with 404 PERSISTED_QUERY_NOT_FOUND in both formats, naming the hash', async () => {
    for (const body of [
      { documentId: `sha256:${unknownHash}` },
      { extensions: { persistedQuery: { version: 1, sha256Hash: unknownHash } } },
    ]) {
      const answer = await post(hub.url, body);
      expect(answer.status).toBe(404);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(answer.body.errors?.[0]?.message).toContain(`sha256:${unknownHash}`);
    }
  });

  it('refuses an id that is not a sha256 with 400 PERSISTED_QUERY_ID_INVALID, without echoing it', async () => {
    const answer = await post(hub.url, { documentId: '<script>x</script>' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_INVALID');
    expect(answer.body.errors?.[0]?.message).not.toContain('script');
  });
});

describe('PERSISTED_ONLY=1', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub('persisted-only', { gatewayOptions: { persistedOnly: true } });
  });
  afterAll(async () => hub?.stop());

  it('refuses an ad-hoc document (POST and GET, introspection too) with 400 PERSISTED_QUERY_ONLY before running it', async () => {
    const answers = [
      await post(hub.url, { query: '{ place(name: "Tarnow") { name } }' }),
      await post(hub.url, { query: '{ __schema { types { name } } }' }),
      await get(hub.url, { query: '{ place(name: "Tarnow") { name } }' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
      expect(answer.body.errors?.[0]?.message).toMatch(/persisted operations only/);
    }
  });

  it('refuses a persisted document sent as text: only its hash is accepted', async () => {
    const [op] = operations;
    const answer = await post(hub.url, { query: op?.document, variables: op?.variables });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
  });

  it.each(operations.map((op) => [op.name, op] as const))('runs %s by hash in both formats', async (_name, op) => {
    const run = ways(hub.url, op);
    const apq = await run.apq();
    expect(apq.status).toBe(200);
    expect(apq.body.errors).toBeUndefined();
    expect(Object.values(apq.body.data ?? {}).every((v) => v !== null)).toBe(true);
    expect(await run.documentIdPost()).toEqual(apq);
    expect(await run.documentIdGet()).toEqual(apq);
  });

  it('refuses an unknown hash with 404 PERSISTED_QUERY_NOT_FOUND and a request with no hash with 400', async () => {
    const unknown = await post(hub.url, { documentId: `sha256:${unknownHash}` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const none = await post(hub.url, { variables: {} });
    expect(none.status).toBe(400);
    expect(none.body.errors?.[0]?.message).toMatch(/^Missing documentId/);
  });

  it('serves no explorer, since it could only send documents', async () => {
    const response = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toContain('YogaGraphiQL');
  });
});
