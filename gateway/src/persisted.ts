import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfigBase } from '@graphql-hive/gateway-runtime';
import { ConfigError, repoRoot } from '@regiograph/lib';
import { GraphQLError } from 'graphql';

/**
 * Persisted operations: `npm run compose` writes `schema/persisted-operations.json`, a plain JSON object
 * from the SHA-256 of each document in `docs/operations/*.graphql` (lower-case hex, no prefix: what
 * `sha256sum` prints for the file) to the document, byte for byte as the file has it. The same shape as
 * GraphQL Code Generator's and Hive's persisted-documents files, so those tools can read it too.
 *
 * Clients send the hash in either of two formats:
 * - Apollo's (APQ): `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}}`;
 * - GraphQL over HTTP's persisted documents: `{"documentId": "sha256:<hex>"}` in a POST body, or
 *   `?documentId=sha256:<hex>` on a GET (a bare `<hex>` is accepted too).
 * The runtime's `persistedDocuments` option (Yoga's usePersistedOperations) does the work; this file only
 * supplies the manifest, reads the GraphQL-over-HTTP `documentId`, which that plugin does not know, and
 * words the errors.
 */

export const PERSISTED_OPERATIONS_FILE = 'persisted-operations.json';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

export function defaultPersistedOperationsPath(): string {
  return join(repoRoot(), 'schema', PERSISTED_OPERATIONS_FILE);
}

export function hashDocument(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/** Hash -> document of every `*.graphql` file in `operationsDir`, in file-name order. */
export function buildPersistedManifest(operationsDir: string): Record<string, string> {
  const manifest: Record<string, string> = {};
  const files = readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  for (const file of files) {
    const document = readFileSync(join(operationsDir, file), 'utf8');
    manifest[hashDocument(document)] = document;
  }
  return manifest;
}

export function serialisePersistedManifest(manifest: Record<string, string>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads a manifest and checks it: an object of `<hex sha256>: document` whose every key is the hash of its
 * document, so an edited document with a stale key is refused at start-up instead of being served under a
 * hash that no client computes.
 */
export function loadPersistedManifest(path: string, variable = 'PERSISTED_OPERATIONS_PATH'): Map<string, string> {
  if (!existsSync(path)) throw new ConfigError(`${variable}: no persisted-operations manifest at ${path} (npm run compose writes it)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${variable}: ${path} is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${variable}: ${path} must be a JSON object of sha256 hash -> document`);
  }
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || !HEX_SHA256.test(hash) || hashDocument(document) !== hash) {
      throw new ConfigError(`${variable}: entry "${hash.slice(0, 80)}" of ${path} is not the sha256 of its document (run npm run compose)`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

/** Refusals carry a code and a 4xx status: the client sent something wrong, never an internal error. */
function refusal(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The hash a request names, lower-cased, or null when it names none. An id that is present but not a
 * SHA-256 is refused here, with a message that does not echo it (it is arbitrary client input).
 */
export function extractOperationHash(params: Record<string, unknown>, request: Request): string | null {
  const extensions = params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined;
  const apq = extensions?.persistedQuery;
  if (apq != null) {
    if (apq.version !== 1) throw refusal('extensions.persistedQuery.version must be 1', 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED', 400);
    return normaliseHash(apq.sha256Hash, 'extensions.persistedQuery.sha256Hash', false);
  }
  let documentId = params.documentId;
  if (documentId == null && request.method === 'GET') documentId = new URL(request.url).searchParams.get('documentId');
  if (documentId == null || documentId === '') return null;
  return normaliseHash(documentId, 'documentId', true);
}

function normaliseHash(value: unknown, where: string, prefixed: boolean): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  const hex = prefixed && text.startsWith('sha256:') ? text.slice('sha256:'.length) : text;
  if (!HEX_SHA256.test(hex)) {
    const form = prefixed ? '"sha256:" followed by 64 hexadecimal digits' : '64 hexadecimal digits';
    throw refusal(`${where} must be a SHA-256 hash: ${form}`, 'PERSISTED_QUERY_ID_INVALID', 400);
  }
  return hex;
}

export interface PersistedOperationsOptions {
  manifest: Map<string, string>;
  /** Refuse every document that is not sent by hash (PERSISTED_ONLY=1). */
  persistedOnly: boolean;
}

type PersistedDocumentsOption = NonNullable<GatewayConfigBase<Record<string, unknown>>['persistedDocuments']>;

/** The gateway runtime's `persistedDocuments` option for a manifest. */
export function persistedDocuments({ manifest, persistedOnly }: PersistedOperationsOptions): PersistedDocumentsOption {
  return {
    getPersistedOperation: (hash) => manifest.get(hash) ?? null,
    extractPersistedOperationId: (params, request) => extractOperationHash(params as Record<string, unknown>, request),
    allowArbitraryDocuments: !persistedOnly,
    customErrors: {
      // Apollo clients retry with the full document on this code (in the normal mode, where that runs).
      notFound: ({ params, request }) => {
        const hash = extractOperationHash(params as Record<string, unknown>, request);
        return refusal(`PersistedQueryNotFound: no persisted operation has the hash sha256:${hash}`, 'PERSISTED_QUERY_NOT_FOUND', 404);
      },
      persistedQueryOnly: () =>
        refusal(
          'This endpoint runs persisted operations only: send the sha256 hash of a published operation as documentId ("sha256:<hex>") or as extensions.persistedQuery.sha256Hash, not a query document',
          'PERSISTED_QUERY_ONLY',
          400,
        ),
      keyNotFound: () =>
        refusal(
          persistedOnly
            ? 'Missing documentId: this endpoint runs persisted operations only (documentId "sha256:<hex>" or extensions.persistedQuery.sha256Hash)'
            : 'Must provide a query string, a documentId or extensions.persistedQuery.sha256Hash',
          'BAD_REQUEST',
          400,
        ),
    },
  };
}
