import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultParamsSerializer } from '@graphql-mesh/hmac-upstream-signature';
import { type DocumentNode, type FieldNode, GraphQLError, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * What a subgraph checks before it runs a request: the body size, the gateway's signature on the calls only
 * a gateway makes (`_entities`, `_service`), and the number of representations in one `_entities` call.
 */

/** The extension the gateway runtime's `hmacSignature` option writes (@graphql-mesh/hmac-upstream-signature). */
export const SIGNATURE_EXTENSION = 'hmac-signature';

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length above it is refused before a byte
 * is kept; a body that grows past it (chunked) stops being kept the moment it does. `null` means too large.
 * A refused body is still read and dropped for a bounded while (`lingerAfterRefusal`), so the client can finish
 * writing and read the 413.
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return lingerAfterRefusal(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        lingerAfterRefusal(req, limit).then(resolve, reject);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

/** How long a refused body is read and dropped before the answer goes out regardless. */
const LINGER_MS = 2_000;

/**
 * Reads and drops the rest of a refused body, at most three more times the limit and for at most LINGER_MS,
 * then resolves `null`. The 413 goes out with `connection: close`, and Node closes the socket as soon as the
 * answer is written: a client still sending then gets a reset (EPIPE) instead of the answer. Web servers
 * solve this with a lingering close; Node's server has none, hence this (bounded, so a client that streams
 * without end is still cut off).
 */
function lingerAfterRefusal(req: IncomingMessage, limit: number): Promise<null> {
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      resolve(null);
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > 3 * limit) done();
    };
    const timer = setTimeout(done, LINGER_MS);
    timer.unref();
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.resume();
  });
}

/**
 * The signature the gateway puts on a request, computed exactly as the library's own validation does
 * (`useHmacSignatureValidation`: HMAC-SHA256 over `defaultParamsSerializer({ query, variables })`, base64).
 * That validation is a Yoga plugin (an `onParams` hook); our subgraphs are Apollo Servers, so the same check
 * is made here with the library's serializer and Node's crypto.
 */
export function signatureOf(secret: string, query: string | undefined, variables: Record<string, unknown> | undefined): string {
  const serialized = defaultParamsSerializer({ query, variables }) ?? '';
  return createHmac('sha256', secret).update(serialized, 'utf8').digest('base64');
}

export function hasValidSignature(
  secret: string,
  request: { query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
): boolean {
  const given = request.extensions?.[SIGNATURE_EXTENSION];
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(signatureOf(secret, request.query, request.variables), 'base64');
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The root fields an operation selects, through inline fragments and fragment spreads. */
function rootFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) found.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/** How many representations an `_entities` field carries, as a literal list or through a variable. */
function representationCount(field: FieldNode, variables: Record<string, unknown> | undefined): number {
  const argument = field.arguments?.find((a) => a.name.value === 'representations');
  if (!argument) return 0;
  const value = argument.value;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    return Array.isArray(given) ? given.length : given == null ? 0 : 1;
  }
  return 1;
}

const refuse = (message: string, code: string, status: number) => new GraphQLError(message, { extensions: { code, http: { status } } });

/**
 * With a secret, `_entities` and `_service` need the gateway's signature (HTTP 401 without one); and an
 * operation's `_entities` fields together carry at most `maxRepresentations` representations (HTTP 400).
 */
export function subgraphGuardPlugin(options: { hmacSecret?: string; maxRepresentations: number }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const fields = rootFields(document, operation);
          const internal = fields.filter((f) => f.name.value === '_entities' || f.name.value === '_service');
          if (internal.length === 0) return;
          if (options.hmacSecret) {
            const signed = request.extensions?.[SIGNATURE_EXTENSION] !== undefined;
            if (!signed) {
              throw refuse(
                `${internal[0]?.name.value} is only answered to the gateway: the request carries no signature`,
                'SIGNATURE_MISSING',
                401,
              );
            }
            if (!hasValidSignature(options.hmacSecret, request)) {
              throw refuse('The request signature does not match its query and variables', 'SIGNATURE_INVALID', 401);
            }
          }
          let representations = 0;
          for (const field of internal)
            if (field.name.value === '_entities') representations += representationCount(field, request.variables);
          if (representations > options.maxRepresentations) {
            throw refuse(
              `_entities got ${representations} representations; at most ${options.maxRepresentations} are answered in one call (MAX_REPRESENTATIONS)`,
              'TOO_MANY_REPRESENTATIONS',
              400,
            );
          }
        },
      };
    },
  };
}
