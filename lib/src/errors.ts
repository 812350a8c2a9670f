import type { ApolloServerPlugin } from '@apollo/server';
import { type ArgumentNode, type DocumentNode, getLocation, Kind, type SourceLocation, visit } from 'graphql';
import { DATE_INPUT_ERROR } from './scalars.js';

type ArgumentRef = { argument: string; field: string };

/** Every argument in the document that `matches`, with the field it belongs to. */
function findArguments(document: DocumentNode, matches: (node: ArgumentNode) => boolean): ArgumentRef[] {
  const found: ArgumentRef[] = [];
  const fields: string[] = [];
  visit(document, {
    Field: {
      enter: (node) => {
        fields.push(node.name.value);
      },
      leave: () => {
        fields.pop();
      },
    },
    Argument(node) {
      if (matches(node)) found.push({ argument: node.name.value, field: fields[fields.length - 1] ?? '' });
    },
  });
  return found;
}

/** The argument fed by variable `$name`, when exactly one argument uses it. */
function argumentForVariable(document: DocumentNode, name: string): ArgumentRef | null {
  const found = findArguments(document, (node) => node.value.kind === Kind.VARIABLE && node.value.name.value === name);
  return found.length === 1 ? (found[0] ?? null) : null;
}

/** The argument whose value starts at `at` (where graphql-js reports a bad literal). */
function argumentAt(document: DocumentNode, at: SourceLocation): ArgumentRef | null {
  const source = document.loc?.source;
  if (!source) return null;
  const [found] = findArguments(document, (node) => {
    if (!node.value.loc) return false;
    const start = getLocation(source, node.value.loc.start);
    return start.line === at.line && start.column === at.column;
  });
  return found ?? null;
}

/**
 * Names the argument behind every input error. A bad variable names only the variable ("$f"), and a
 * malformed scalar written inline (`events(from: "2023-02-30")`) fails graphql-js validation, which
 * Apollo reports as GRAPHQL_VALIDATION_FAILED without naming the argument. Users get the same answer
 * as for a bad variable: BAD_USER_INPUT, naming the argument and field.
 */
export function inputErrorPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document }) {
          if (response.body.kind !== 'single' || !document) return;
          const result = response.body.singleResult;
          if (!result.errors) return;
          result.errors = result.errors.map((error) => {
            const variable = /^Variable "\$(\w+)" got invalid value/.exec(error.message)?.[1];
            if (variable && !error.extensions?.argumentName) {
              const arg = argumentForVariable(document, variable);
              if (!arg) return { ...error, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } };
              return {
                ...error,
                message: `Argument "${arg.argument}" of "${arg.field}" is not valid. ${error.message}`,
                extensions: { ...error.extensions, code: 'BAD_USER_INPUT', argumentName: arg.argument },
              };
            }
            const location = error.locations?.[0];
            if (error.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED' || !error.message.startsWith(DATE_INPUT_ERROR) || !location) {
              return error;
            }
            const arg = argumentAt(document, location);
            return {
              ...error,
              message: arg ? `Argument "${arg.argument}" of "${arg.field}" is not valid. ${error.message}` : error.message,
              extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(arg ? { argumentName: arg.argument } : {}) },
            };
          });
        },
      };
    },
  };
}
