import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  type ExecutionResult,
  type FieldNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** How many located errors one failed subgraph call may add to an answer; the rest is one error without a path. */
const MAX_LOCATED_ERRORS = 100;

export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

const MESSAGE = 'This field could not be answered: the service that holds it is unavailable.';

const unavailable = (path?: Array<string | number>) =>
  new GraphQLError(MESSAGE, { path, extensions: { code: SUBGRAPH_UNAVAILABLE } });

/** Response keys of the fields a selection set asks for, through inline fragments, without `__typename`. */
function fieldKeys(selectionSet: SelectionSetNode | undefined): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) for (const key of fieldKeys(selection.selectionSet)) keys.add(key);
  }
  return [...keys];
}

/**
 * The answer of a subgraph call that failed as a whole (refused connection, transport error): null data
 * and one error per field that went missing, with the path inside the subgraph's own answer
 * (`[alias, representation index, field]` for an entity fetch, `[field]` for a root field). The Rust
 * planner's executor maps those paths onto the client's operation (`place.events`), which it cannot do for
 * an error that has none; the representation's own key fields are left out, as the gateway already has them.
 */
export function locateFailure(document: Parameters<typeof getOperationAST>[0], variables: Record<string, unknown> | undefined): ExecutionResult {
  const operation = getOperationAST(document);
  const errors: GraphQLError[] = [];
  const data: Record<string, unknown> = {};
  let dropped = false;
  const add = (path: Array<string | number>) => {
    if (errors.length < MAX_LOCATED_ERRORS) errors.push(unavailable(path));
    else dropped = true;
  };
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const field: FieldNode = selection;
    const key = field.alias?.value ?? field.name.value;
    const argument = field.arguments?.find((a) => a.name.value === 'representations');
    if (field.name.value === '_entities' && argument?.value.kind === Kind.VARIABLE) {
      const representations = variables?.[argument.value.name.value];
      const list = Array.isArray(representations) ? representations : [];
      const keys = fieldKeys(field.selectionSet);
      list.forEach((representation, index) => {
        const known = representation && typeof representation === 'object' ? (representation as Record<string, unknown>) : {};
        for (const fieldKey of keys) if (!(fieldKey in known)) add([key, index, fieldKey]);
      });
      data[key] = list.map(() => null);
    } else {
      add([key]);
      data[key] = null;
    }
  }
  if (dropped || errors.length === 0) errors.push(unavailable());
  return { data, errors };
}

/**
 * A result with no data whose errors all come from the transport (refused connection, aborted or unreadable
 * reply: the HTTP executor wraps the cause as `originalError`), not from the subgraph's own answer, whose
 * errors (a refused argument, say) are passed on as they are.
 */
function failedAsAWhole(result: ExecutionResult): boolean {
  return (
    !!result.errors?.length &&
    (result.data === null || result.data === undefined) &&
    result.errors.every((e) => !e.path?.length && e.originalError instanceof Error)
  );
}

/**
 * Partial answers: when a subgraph cannot be reached, the fields it owes come back null with an error at
 * their path, and everything the other subgraphs answered is kept.
 */
export function useMissingFieldErrors(): GatewayPlugin {
  return {
    onSubgraphExecute({ executor, setExecutor }) {
      const located: typeof executor = async (request) => {
        try {
          const result = await executor(request);
          if (result && typeof result === 'object' && !(Symbol.asyncIterator in result) && failedAsAWhole(result as ExecutionResult)) {
            return locateFailure(request.document, request.variables) as never;
          }
          return result;
        } catch {
          return locateFailure(request.document, request.variables) as never;
        }
      };
      setExecutor(located);
    },
  };
}
