import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, getLocation, type SourceLocation, visit } from 'graphql';
import { DATE_INPUT_ERROR } from './scalars.js';

/** Finds the argument fed by variable `$name`, when exactly one argument uses it. */
function argumentForVariable(document: DocumentNode, name: string): { argument: string; field: string } | null {
  const found: Array<{ argument: string; field: string }> = [];
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
      if (node.value.kind === 'Variable' && node.value.name.value === name) {
        found.push({ argument: node.name.value, field: fields[fields.length - 1] ?? '' });
      }
    },
  });
  return found.length === 1 ? (found[0] ?? null) : null;
}

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

