import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, getLocation, type SourceLocation, visit } from 'graphql';
import { DATE_INPUT_ERROR } from './scalars.js';

/** Finds the argument whose value starts at `at` (where graphql-js reports a bad literal). */
function argumentAt(document: DocumentNode, at: SourceLocation): { argument: string; field: string } | null {
  const source = document.loc?.source;
  if (!source) return null;
  let found: { argument: string; field: string } | null = null;
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
      if (found || !node.value.loc) return;
      const start = getLocation(source, node.value.loc.start);
      if (start.line === at.line && start.column === at.column) {
        found = { argument: node.name.value, field: fields[fields.length - 1] ?? '' };
      }
    },
  });
  return found;
}

/**
 * A malformed scalar written inline (`events(from: "2023-02-30")`) fails graphql-js validation, which
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

