import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/**
 * The explorer at GET /graphql (in a browser): GraphiQL rendered by @graphql-yoga/render-graphiql, which
 * inlines GraphiQL's script, styles and editor workers into the page, so the page needs nothing but the
 * gateway (the runtime's default page loads them from a CDN and is blank offline). It opens with one tab
 * per persisted operation (docs/operations/), each with the example variables its file names.
 */

export type ExplorerOptions = NonNullable<Parameters<typeof renderGraphiQL>[0]>;

/** `# Example variables: {...}` in an operation's file: the variables its explorer tab opens with. */
const EXAMPLE_VARIABLES = /^#\s*Example variables:\s*(.*)$/m;

export function exampleVariables(document: string): Record<string, unknown> | undefined {
  const line = EXAMPLE_VARIABLES.exec(document)?.[1];
  if (line === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`"# Example variables:" is not valid JSON (${(error as Error).message}): ${line}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`"# Example variables:" must be a JSON object: ${line}`);
  return value as Record<string, unknown>;
}

/**
 * The first tab, a small query without variables. It comes first because GraphiQL 5 fills the variables
 * editor of the tab it opens on from its own storage, not from that tab (the other tabs get theirs when
 * picked), so the example tabs must not be the one it opens on.
 */
export const START_TAB = `# The tabs above hold Regiograph's named operations (docs/operations/), each with example variables:
# pick one and press the run button (or Ctrl-Enter). Or start from this small query of your own.
query Start {
  place(name: "Tarnow") { name government { name networks { network { name } } } }
}
`;

/** GraphiQL's options: a start tab, then one tab per document in the manifest's order, with its example variables. */
export function explorerOptions(documents: Iterable<string>): ExplorerOptions {
  const examples = [...documents].map((query) => {
    const variables = exampleVariables(query);
    return { query, variables: variables ? JSON.stringify(variables, null, 2) : null };
  });
  return {
    title: 'Regiograph',
    defaultTabs: [{ query: START_TAB, variables: null }, ...examples],
    defaultEditorToolsVisibility: 'variables',
  };
}

/**
 * GraphiQL 5 lets its tabs (framer-motion reorderable items) keep a stale `translateX` after the page has
 * rendered several tabs, and hides it with `.graphiql-tab:not(:focus-within) { transform: none !important }`.
 * Pressing a tab focuses it, so the tab jumps under the pointer and the click lands elsewhere: the first
 * click on an example tab did nothing (seen in Chromium). Keeping every tab in place fixes the click; a
 * dragged tab then no longer follows the pointer while it is dragged (it still moves on drop).
 */
const TAB_FIX = '<style>.graphiql-tab { transform: none !important; }</style>';

/**
 * The page is about 9 MB (GraphiQL, Monaco and its workers) and the same for every request with the same
 * options, so it is rendered once per set of options rather than per request.
 */
export function offlineGraphiQLRenderer(): (options: ExplorerOptions) => string {
  let cached: { key: string; page: string } | undefined;
  return (options) => {
    const key = JSON.stringify(options);
    if (cached?.key !== key) cached = { key, page: renderGraphiQL(options).replace('</head>', `${TAB_FIX}</head>`) };
    return cached.page;
  };
}
