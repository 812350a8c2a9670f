import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin, maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin, maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  type ArgumentNode,
  buildASTSchema,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  Source,
  TokenKind,
  type ValueNode,
  valueFromASTUntyped,
  validate,
} from 'graphql';
import type { GatewayLimits } from './config.js';

/**
 * Limits that refuse an operation before the query planner sees it, so before any subgraph is called.
 *
 * Order of the checks, cheapest first: body size (while it streams in), document and variables size, tokens (while
 * parsing, GraphQL Armor), depth with fragments flattened, aliases and directives (validation, GraphQL
 * Armor), then field selections and estimated cost (below, just before execution).
 *
 * Armor's visitors remember each fragment's count (measured: a 25-level fragment bomb validates in under
 * 10 ms), so they never expand fragments. Field count and cost are ours, because no library does them
 * here: the runtime's `demandControl` prices the planner's subgraph requests one by one, after planning
 * and after earlier subgraph requests of the same plan have run; the planner expands fragments first (the
 * flat 2^29 bomb costs it 16 s of CPU); and with this query planner it did not multiply list sizes at all
 * (measured with listSize 20: CityProfile 61, the depth-13 children/parent query 12). So the pass below
 * prices the client's own document, once per fragment, with demandControl's rules (@cost weights on
 * fields, types and arguments; @listSize assumedSize / slicingArguments / sizedFields; a default size for
 * other lists), reading the directives from the supergraph.
 */

export type LimitCode =
  | 'MAX_DEPTH_EXCEEDED'
  | 'MAX_ALIASES_EXCEEDED'
  | 'MAX_TOKENS_EXCEEDED'
  | 'MAX_DIRECTIVES_EXCEEDED'
  | 'MAX_FIELDS_EXCEEDED'
  | 'COST_LIMIT_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'DOCUMENT_TOO_LARGE'
  | 'VARIABLES_TOO_LARGE';

/** Counts too large to print exactly stay readable. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return 'more than can be counted';
  return value < 1e15 ? String(Math.round(value)) : value.toExponential(2);
}

/** A refusal: 4xx, a code naming the limit, the limit and the measured value in message and extensions. */
export function limitError(code: LimitCode, message: string, limit: number, measured: number | null, status = 400): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      limit,
      ...(measured === null ? {} : { measured: Number.isFinite(measured) ? measured : null }),
      http: { status, ...(status === 413 ? { headers: { connection: 'close' } } : {}) },
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Cost model: the supergraph's types and its @cost / @listSize directives.

interface ListSizeDirective {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

interface FieldPricing {
  weight: number;
  listSize?: ListSizeDirective;
  argumentWeights: Map<string, number>;
}

export interface CostModel {
  schema: GraphQLSchema;
  /** `Type.field` → its @cost weight, @listSize and @cost on arguments. */
  fields: Map<string, FieldPricing>;
  /** Type name → its @cost weight. */
  types: Map<string, number>;
}

function directiveArguments(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/** `@cost`, or `@federation__cost` when a subgraph links Federation without importing it (same for @listSize). */
function isDirective(node: ConstDirectiveNode, name: string): boolean {
  return node.name.value === name || node.name.value.endsWith(`__${name}`);
}

function costWeight(directives: readonly ConstDirectiveNode[] | undefined): number | undefined {
  const cost = directives?.find((d) => isDirective(d, 'cost'));
  if (!cost) return undefined;
  const weight = Number(directiveArguments(cost).weight);
  return Number.isFinite(weight) ? weight : undefined;
}

/** Builds the model once from the supergraph SDL (the same text the runtime serves). */
export function buildCostModel(supergraphSdl: string): CostModel {
  const document = parse(supergraphSdl, { noLocation: true });
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  const fields = new Map<string, FieldPricing>();
  const types = new Map<string, number>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION &&
      definition.kind !== Kind.UNION_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeWeight = costWeight(definition.directives);
    if (typeWeight !== undefined) types.set(definition.name.value, typeWeight);
    if (!('fields' in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const listSizeNode = field.directives?.find((d) => isDirective(d, 'listSize'));
      const argumentWeights = new Map<string, number>();
      for (const argument of field.arguments ?? []) {
        const weight = costWeight(argument.directives);
        if (weight !== undefined) argumentWeights.set(argument.name.value, weight);
      }
      const weight = costWeight(field.directives);
      if (weight === undefined && !listSizeNode && argumentWeights.size === 0) continue;
      fields.set(`${definition.name.value}.${field.name.value}`, {
        weight: weight ?? 0,
        listSize: listSizeNode ? (directiveArguments(listSizeNode) as ListSizeDirective) : undefined,
        argumentWeights,
      });
    }
  }
  return { schema, fields, types };
}

// ---------------------------------------------------------------------------------------------------
// The memoised pass: field selections and estimated cost of one operation.

export interface OperationTally {
  /** Field selections with every fragment spread replaced by its fields (what the planner would expand). */
  fields: number;
  /** Estimated cost, with demandControl's rules. */
  cost: number;
}

/** A tally and the work it took: selections visited (each fragment's once, however often it is spread). */
export interface OperationTallyWork extends OperationTally {
  visited: number;
}

interface PassContext {
  model: CostModel;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  variableDefaults: Map<string, unknown>;
  defaultListSize: number;
  /** Each fragment's tally, computed once however often it is spread (null while being computed). */
  memo: Map<string, OperationTally | null>;
  visited: number;
  /** The variables the pass read (page sizes given through variables): all a tally depends on besides the document. */
  read: Set<string>;
}

function listDepth(field: GraphQLField<unknown, unknown>): number {
  let depth = 0;
  let type = getNullableType(field.type);
  while (isListType(type)) {
    depth++;
    type = getNullableType(type.ofType);
  }
  return depth;
}

function argumentValue(node: FieldNode, field: GraphQLField<unknown, unknown>, name: string, ctx: PassContext): unknown {
  const argument = node.arguments?.find((a: ArgumentNode) => a.name.value === name);
  if (argument) return literalValue(argument.value, ctx);
  return field.args.find((a) => a.name === name)?.defaultValue;
}

function literalValue(value: ValueNode, ctx: PassContext): unknown {
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    ctx.read.add(name);
    return name in ctx.variables ? ctx.variables[name] : ctx.variableDefaults.get(name);
  }
  return valueFromASTUntyped(value);
}

/** How many items the field may return: 1 for a non-list. */
function listFactor(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  pricing: FieldPricing | undefined,
  ctx: PassContext,
): { factor: number; sized?: Map<string, number> } {
  const depth = listDepth(field);
  const listSize = pricing?.listSize;
  if (listSize?.slicingArguments?.length) {
    let largest = 0;
    for (const name of listSize.slicingArguments) {
      const n = Number(argumentValue(node, field, name, ctx));
      if (Number.isFinite(n) && n > largest) largest = n;
    }
    const factor = largest || listSize.assumedSize || ctx.defaultListSize;
    if (listSize.sizedFields?.length) return { factor: 1, sized: new Map(listSize.sizedFields.map((f) => [f, factor])) };
    return { factor };
  }
  if (listSize?.assumedSize !== undefined) return { factor: Number(listSize.assumedSize) || 1 };
  if (depth === 0) return { factor: 1 };
  // No @listSize yet: a `limit` argument is the field's page size (its default when not given); other
  // lists are assumed to hold DEFAULT_LIST_SIZE items per level of list nesting, like demandControl's listSize.
  const limit = field.args.some((a) => a.name === 'limit') ? Number(argumentValue(node, field, 'limit', ctx)) : Number.NaN;
  return { factor: Number.isFinite(limit) && limit > 0 ? limit : ctx.defaultListSize * depth };
}

function typeWeight(type: GraphQLNamedType, ctx: PassContext): number {
  return ctx.model.types.get(type.name) ?? (isCompositeType(type) ? 1 : 0);
}

function tallySelections(
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType | undefined,
  ctx: PassContext,
  sized?: Map<string, number>,
): OperationTally {
  const tally: OperationTally = { fields: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    ctx.visited++;
    if (selection.kind === Kind.FIELD) {
      tally.fields += 1;
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const field = parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields()[name] : undefined;
      if (!field) continue; // validation has refused unknown fields already
      const pricing = ctx.model.fields.get(`${parentType?.name}.${name}`);
      const { factor: ownFactor, sized: childSized } = listFactor(selection, field, pricing, ctx);
      const factor = sized?.get(name) ?? ownFactor;
      const returnType = getNamedType(field.type);
      let own = (pricing?.weight ?? 0) + typeWeight(returnType, ctx);
      for (const argument of selection.arguments ?? []) own += pricing?.argumentWeights.get(argument.name.value) ?? 0;
      const below = selection.selectionSet ? tallySelections(selection.selectionSet, returnType, ctx, childSized) : { fields: 0, cost: 0 };
      tally.fields += below.fields;
      tally.cost += factor * (own + below.cost);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? ctx.model.schema.getType(selection.typeCondition.name.value) : parentType;
      const inner = tallySelections(selection.selectionSet, type, ctx, sized);
      tally.fields += inner.fields;
      tally.cost += inner.cost;
    } else {
      const inner = tallyFragment(selection.name.value, ctx, sized);
      tally.fields += inner.fields;
      tally.cost += inner.cost;
    }
  }
  return tally;
}

function tallyFragment(name: string, ctx: PassContext, sized?: Map<string, number>): OperationTally {
  const fragment = ctx.fragments.get(name);
  if (!fragment) return { fields: 0, cost: 0 };
  const type = ctx.model.schema.getType(fragment.typeCondition.name.value);
  // A fragment spread right under a @listSize(sizedFields:) field depends on that field: not memoised
  // (one level only; the fragments it spreads are memoised again).
  if (sized) return tallySelections(fragment.selectionSet, type, ctx, sized);
  const known = ctx.memo.get(name);
  if (known) return known;
  if (known === null) return { fields: 0, cost: 0 }; // a cycle; validation refuses it, never loop here
  ctx.memo.set(name, null);
  const tally = tallySelections(fragment.selectionSet, type, ctx);
  ctx.memo.set(name, tally);
  return tally;
}

function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** Field selections and cost of the operation that would run; linear in the document's size. */
export function tallyOperation(
  model: CostModel,
  document: DocumentNode,
  options: { operationName?: string | null; variables?: Record<string, unknown> | null; defaultListSize: number },
): OperationTallyWork {
  return tallyReading(model, document, options).tally;
}

function tallyReading(
  model: CostModel,
  document: DocumentNode,
  options: { operationName?: string | null; variables?: Record<string, unknown> | null; defaultListSize: number },
): { tally: OperationTallyWork; read: Set<string> } {
  const read = new Set<string>();
  const operation = selectOperation(document, options.operationName);
  if (!operation) return { tally: { fields: 0, cost: 0, visited: 0 }, read };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  }
  const ctx: PassContext = {
    model,
    fragments,
    variables: options.variables ?? {},
    variableDefaults,
    defaultListSize: options.defaultListSize,
    memo: new Map(),
    visited: 0,
    read,
  };
  const rootType = model.schema.getRootType(operation.operation) ?? undefined;
  const tally = tallySelections(operation.selectionSet, rootType, ctx);
  // demandControl's operationTypeCost: a mutation costs 10 on top of its fields.
  if (operation.operation === 'mutation') tally.cost += 10;
  return { tally: { ...tally, visited: ctx.visited }, read };
}

/** Tallies kept per document (the runtime parses each distinct query once and hands out the same node). */
const TALLIES_PER_DOCUMENT = 64;

/**
 * tallyOperation, remembered: a tally depends on the document, the operation, the default list size and the
 * values of the variables the pass read (a page size given as `$first`), nothing else. So the same document
 * with other values of the variables it never reads (another city's name) costs a map lookup, not a pass.
 */
export function tallyCache(
  model: CostModel,
): (document: DocumentNode, options: Parameters<typeof tallyOperation>[2]) => OperationTallyWork {
  const byDocument = new WeakMap<DocumentNode, Map<string, { read: string[]; tallies: Map<string, OperationTallyWork> }>>();
  return (document, options) => {
    let operations = byDocument.get(document);
    if (!operations) {
      operations = new Map();
      byDocument.set(document, operations);
    }
    const operationKey = `${options.operationName ?? ''}\u0000${options.defaultListSize}`;
    const variables = options.variables ?? {};
    const valuesOf = (read: string[]) => read.map((name) => (name in variables ? JSON.stringify(variables[name]) : '-')).join('\u0000');
    const known = operations.get(operationKey);
    const hit = known?.tallies.get(valuesOf(known.read));
    if (hit) return hit;
    const { tally, read } = tallyReading(model, document, options);
    const entry = known ?? { read: [...read], tallies: new Map<string, OperationTallyWork>() };
    if (!known) operations.set(operationKey, entry);
    if (entry.tallies.size >= TALLIES_PER_DOCUMENT) entry.tallies.clear();
    entry.tallies.set(valuesOf(entry.read), tally);
    return tally;
  };
}

// ---------------------------------------------------------------------------------------------------
// Measurements (for tests, docs and the README table), with the same code the gateway refuses with.

export interface OperationMeasures extends OperationTallyWork {
  tokens: number;
  depth: number;
  aliases: number;
  directives: number;
}

export function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  while (lexer.advance().kind !== TokenKind.EOF) tokens++;
  return tokens;
}

export function measureOperation(
  model: CostModel,
  query: string,
  options: { operationName?: string; variables?: Record<string, unknown>; defaultListSize: number },
): OperationMeasures {
  const document = parse(query);
  const found = { depth: 0, aliases: 0, directives: 0 };
  validate(model.schema, document, [
    maxDepthRule({
      n: Number.MAX_SAFE_INTEGER,
      flattenFragments: true,
      onAccept: [
        (_, { n }) => {
          found.depth = n;
        },
      ],
    }),
    maxAliasesRule({
      n: Number.MAX_SAFE_INTEGER,
      onAccept: [
        (_, { n }) => {
          found.aliases = n;
        },
      ],
    }),
    maxDirectivesRule({
      n: Number.MAX_SAFE_INTEGER,
      onAccept: [
        (_, { n }) => {
          found.directives = n;
        },
      ],
    }),
  ]);
  return { tokens: countTokens(query), ...found, ...tallyOperation(model, document, options) };
}

// ---------------------------------------------------------------------------------------------------
// The plugins.

/** Armor reports "... limit of N exceeded, found M." without a code; the refusal we send names both. */
function measuredFrom(error: GraphQLError): number | null {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

function operationPlugins(limits: GatewayLimits, model: CostModel): GatewayPlugin[] {
  const tallyOf = tallyCache(model);
  const reject =
    (code: LimitCode, what: string, limit: number, variable: string) =>
    (_context: unknown, error: GraphQLError): never => {
      const measured = measuredFrom(error);
      throw limitError(
        code,
        `${what} ${measured === null ? `is more than ${limit}` : `is ${measured}`}; the limit is ${limit} (${variable}).`,
        limit,
        measured,
      );
    };
  return [
    maxTokensPlugin({
      n: limits.maxTokens,
      onReject: [reject('MAX_TOKENS_EXCEEDED', 'The document has too many tokens: their number', limits.maxTokens, 'MAX_TOKENS')],
    }) as GatewayPlugin,
    maxDepthPlugin({
      n: limits.maxDepth,
      flattenFragments: true,
      onReject: [
        reject('MAX_DEPTH_EXCEEDED', 'The operation nests too deep: its depth (fragments flattened)', limits.maxDepth, 'MAX_DEPTH'),
      ],
    }) as GatewayPlugin,
    maxAliasesPlugin({
      n: limits.maxAliases,
      onReject: [reject('MAX_ALIASES_EXCEEDED', 'The operation has too many aliases: their number', limits.maxAliases, 'MAX_ALIASES')],
    }) as GatewayPlugin,
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      onReject: [
        reject('MAX_DIRECTIVES_EXCEEDED', 'The operation has too many directives: their number', limits.maxDirectives, 'MAX_DIRECTIVES'),
      ],
    }) as GatewayPlugin,
    {
      onParams({ params }) {
        const documentBytes = typeof params.query === 'string' ? Buffer.byteLength(params.query) : 0;
        if (documentBytes > limits.maxDocumentBytes) {
          throw limitError(
            'DOCUMENT_TOO_LARGE',
            `The query document takes ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes} bytes (MAX_DOCUMENT_BYTES).`,
            limits.maxDocumentBytes,
            documentBytes,
          );
        }
        if (params.variables == null) return;
        const bytes = Buffer.byteLength(JSON.stringify(params.variables));
        if (bytes > limits.maxVariablesBytes) {
          throw limitError(
            'VARIABLES_TOO_LARGE',
            `The variables take ${bytes} bytes; the limit is ${limits.maxVariablesBytes} bytes (MAX_VARIABLES_BYTES).`,
            limits.maxVariablesBytes,
            bytes,
          );
        }
      },
      // After validation (so fragments exist and have no cycles), before execution plans anything.
      onExecute({ args, setResultAndStopExecution }) {
        const tally = tallyOf(args.document, {
          operationName: args.operationName,
          variables: args.variableValues as Record<string, unknown> | null | undefined,
          defaultListSize: limits.defaultListSize,
        });
        let error: GraphQLError | undefined;
        if (tally.fields > limits.maxFields) {
          error = limitError(
            'MAX_FIELDS_EXCEEDED',
            `The operation selects ${formatCount(tally.fields)} fields once its fragments are expanded; the limit is ${limits.maxFields} (MAX_FIELDS).`,
            limits.maxFields,
            tally.fields,
          );
        } else if (tally.cost > limits.maxCost) {
          error = limitError(
            'COST_LIMIT_EXCEEDED',
            `The operation's estimated cost is ${formatCount(tally.cost)} (objects it may return, multiplied by the page sizes of the lists above them); the limit is ${limits.maxCost} (MAX_COST).`,
            limits.maxCost,
            tally.cost,
          );
        }
        if (error) setResultAndStopExecution({ errors: [error] });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The request body: refused at MAX_BODY_BYTES while it streams in, and refused when it is not UTF-8.

function tooLarge(limit: number, measured: number | null): GraphQLError {
  return limitError(
    'REQUEST_TOO_LARGE',
    measured === null
      ? `The request body is larger than the limit of ${limit} bytes (MAX_BODY_BYTES).`
      : `The request body has ${measured} bytes; the limit is ${limit} bytes (MAX_BODY_BYTES).`,
    limit,
    measured,
    413,
  );
}

function notUtf8(where: string): GraphQLError {
  return new GraphQLError(`The ${where} is not valid UTF-8.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * Yoga's own body limit (25 MB, not configurable through the gateway runtime) stays underneath; this one
 * gives the configured limit and measured size, and checks UTF-8 on the way, which `request.json()`
 * would otherwise decode into U+FFFD replacement characters and execute.
 */
function bodyPlugin(limits: GatewayLimits): GatewayPlugin {
  const limit = limits.maxBodyBytes;
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method === 'GET') {
        const search = request.url.slice(request.url.indexOf('?') + 1);
        try {
          decodeURIComponent(search.replace(/\+/g, ' '));
        } catch {
          throw notUtf8('query string');
        }
        return;
      }
      const declared = request.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit, Number(declared));
      if (!requestParser || !request.body) return;
      const parser = requestParser;
      setRequestParser((original: Request) => {
        const body = original.body;
        if (!body) return parser(original);
        let seen = 0;
        const decoder = new TextDecoder('utf-8', { fatal: true });
        // As in Yoga's own limiter: a native stream needs the native TransformStream, a ponyfilled one its own.
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const checked = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              seen += chunk.byteLength;
              if (seen > limit) return controller.error(tooLarge(limit, null));
              try {
                decoder.decode(chunk, { stream: true });
              } catch {
                return controller.error(notUtf8('request body'));
              }
              controller.enqueue(chunk);
            },
            flush(controller) {
              try {
                decoder.decode();
              } catch {
                controller.error(notUtf8('request body'));
              }
            },
          }),
        );
        return parser(
          new fetchAPI.Request(original.url, {
            method: original.method,
            headers: original.headers,
            body: checked,
            duplex: 'half',
          } as RequestInit),
        );
      });
    },
  };
}

/** Every limit of this file, in the order they run. */
export function useLimits(limits: GatewayLimits, model: CostModel): GatewayPlugin[] {
  return [bodyPlugin(limits), ...operationPlugins(limits, model)];
}
