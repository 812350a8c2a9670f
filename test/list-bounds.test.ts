import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGES_PAGE, MAX_PAGE_SIZE } from '@regiograph/lib';
import {
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  getNamedType,
  type GraphQLResolveInfo,
  isListType,
  isObjectType,
  getNullableType,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  type TypeNode,
  valueFromASTUntyped,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../hub/src/hub.js';

// Every list the graph serves is bounded: the composed supergraph is walked field by field (root and nested,
// value lists included), so a list added later without a page bound fails here.

/**
 * Lists left without a `limit` because their length is bounded by nature, with the bound. Each needs
 * `@listSize(assumedSize: <bound>)`. None today: every list takes `limit`.
 */
const BOUNDED_BY_NATURE: Record<string, { bound: number; why: string }> = {};

const supergraph = parse(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'));

const isListTypeNode = (type: TypeNode): boolean =>
  type.kind === Kind.NON_NULL_TYPE ? isListTypeNode(type.type) : type.kind === Kind.LIST_TYPE;

function listFields(): Array<{ coordinate: string; field: FieldDefinitionNode }> {
  const out: Array<{ coordinate: string; field: FieldDefinitionNode }> = [];
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = definition as ObjectTypeDefinitionNode;
    if (type.name.value.startsWith('join__') || type.name.value.startsWith('link__')) continue;
    for (const field of type.fields ?? []) {
      // A connection's edges are a page its field bounds with first/last (checked below, with the connections).
      if (type.name.value.endsWith('Connection') && field.name.value === 'edges') continue;
      if (isListTypeNode(field.type)) out.push({ coordinate: `${type.name.value}.${field.name.value}`, field });
    }
  }
  return out;
}

function directiveArguments(directive: ConstDirectiveNode | undefined): Record<string, unknown> {
  return Object.fromEntries((directive?.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

const LISTS = listFields();

describe('the composed supergraph', () => {
  it('has list fields at the root and nested, in every subgraph (the walk sees them)', () => {
    const coordinates = LISTS.map((l) => l.coordinate);
    expect(coordinates).toEqual(
      expect.arrayContaining([
        'Query.networks',
        'Query.funds',
        'Query.programmes',
        'Place.events',
        'AgendaItem.organisations',
        'OrganisationName.recordIds',
        'Outcome.steps',
      ]),
    );
    expect(LISTS.length).toBeGreaterThan(100);
  });

  it.each(LISTS)(
    'bounds $coordinate: a limit argument with a default within the maximum, and @listSize from it',
    ({ coordinate, field }) => {
      const listSize = field.directives?.find((d) => d.name.value === 'listSize');
      expect(listSize, `${coordinate} has no @listSize`).toBeDefined();
      const sizing = directiveArguments(listSize);
      const limit = field.arguments?.find((a) => a.name.value === 'limit');
      if (!limit) {
        const natural = BOUNDED_BY_NATURE[coordinate];
        expect(natural, `${coordinate} has no limit argument and is not listed as bounded by nature`).toBeDefined();
        expect(sizing).toEqual({ assumedSize: natural?.bound });
        return;
      }
      expect(limit.type.kind === Kind.NON_NULL_TYPE && limit.type.type.kind === Kind.NAMED_TYPE && limit.type.type.name.value).toBe('Int');
      const byDefault = limit.defaultValue ? valueFromASTUntyped(limit.defaultValue) : undefined;
      expect(byDefault).toBeTypeOf('number');
      expect(byDefault as number).toBeGreaterThan(0);
      expect(byDefault as number).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      expect(sizing).toMatchObject({ slicingArguments: ['limit'], assumedSize: byDefault });
      expect(field.arguments?.some((a) => a.name.value === 'offset')).toBe(true);
    },
  );

  const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));
  const CONNECTIONS = supergraph.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && !d.name.value.startsWith('join__')
      ? (d.fields ?? [])
          // The change feed pages forward only, from `since` (its own test below).
          .filter((f) => namedTypeOf(f.type).endsWith('Connection') && !(d.name.value === 'Query' && f.name.value === 'changes'))
          .map((field) => ({ coordinate: `${d.name.value}.${field.name.value}`, field }))
      : [],
  );

  it('has connections at the root and under entities', () => {
    expect(CONNECTIONS.map((c) => c.coordinate)).toEqual(
      expect.arrayContaining([
        'Query.organisationsConnection',
        'Query.projectsConnection',
        'Place.organisationsConnection',
        'Place.projectsConnection',
      ]),
    );
  });

  it.each(CONNECTIONS)('bounds $coordinate: first/after, last/before, and @listSize sizing its edges by first or last', ({ field }) => {
    expect(field.arguments?.map((a) => `${a.name.value}: ${a.type.kind === Kind.NAMED_TYPE ? a.type.name.value : '!'}`)).toEqual(
      expect.arrayContaining(['first: Int', 'after: String', 'last: Int', 'before: String']),
    );
    const sizing = directiveArguments(field.directives?.find((d) => d.name.value === 'listSize'));
    expect(sizing).toMatchObject({ slicingArguments: ['first', 'last'], sizedFields: ['edges'] });
    expect(sizing.assumedSize as number).toBeGreaterThan(0);
    expect(sizing.assumedSize as number).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  });

  it('bounds Query.changes: since/first, and @listSize sizing its edges by first', () => {
    const query = supergraph.definitions.find(
      (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
    ) as ObjectTypeDefinitionNode;
    const changes = query.fields?.find((f) => f.name.value === 'changes');
    expect(changes?.arguments?.map((a) => a.name.value)).toEqual(['since', 'first']);
    const sizing = directiveArguments(changes?.directives?.find((d) => d.name.value === 'listSize'));
    expect(sizing).toMatchObject({ slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(sizing.assumedSize as number).toBeGreaterThan(0);
  });

  it('prices name searches and identifier lookups with @cost', () => {
    const query = supergraph.definitions.find(
      (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
    ) as ObjectTypeDefinitionNode;
    const weight = (field: string, argument?: string) => {
      const f = query.fields?.find((x) => x.name.value === field);
      const node = argument ? f?.arguments?.find((a) => a.name.value === argument) : f;
      return directiveArguments(node?.directives?.find((d) => d.name.value === 'cost')).weight;
    };
    for (const field of [
      'place',
      'places',
      'organisation',
      'organisations',
      'network',
      'networks',
      'project',
      'projects',
      'programme',
      'programmes',
      'fund',
      'events',
      'outcomes',
    ]) {
      expect(weight(field, 'name'), `${field}(name:)`).toBeGreaterThan(1);
    }
    for (const field of ['placeByIdentifier', 'organisationByIdentifier', 'projectByIdentifier', 'programmeByIdentifier']) {
      expect(weight(field), field).toBeGreaterThan(1);
    }
    expect(weight('place', 'id')).toBeUndefined();
  });
});

describe('every subgraph', () => {
  it('refuses a limit above the maximum on every list field it serves, naming the argument and the maximum', async () => {
    let checked = 0;
    let connections = 0;
    for (const module of SUBGRAPHS) {
      const schema = await module.buildSchema();
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('_')) continue;
        for (const field of Object.values(type.getFields())) {
          const coordinate = `${module.name}: ${type.name}.${field.name}`;
          if (getNamedType(field.type).name.endsWith('Connection')) {
            // first and last above the maximum, refused before the resolver reads anything (the change
            // feed pages forward only, by its own larger maximum).
            const feed = type.name === 'Query' && field.name === 'changes';
            const max = feed ? CHANGES_PAGE.max : MAX_PAGE_SIZE;
            for (const argument of feed ? ['first'] : ['first', 'last']) {
              const answer = Promise.resolve().then(() => field.resolve?.({}, { [argument]: max + 1 }, {}, {} as GraphQLResolveInfo));
              await expect(answer, `${coordinate}(${argument}:)`).rejects.toMatchObject({
                message: expect.stringContaining(`${max}`),
                extensions: { code: 'BAD_USER_INPUT', argumentName: argument },
              });
            }
            connections += 1;
            continue;
          }
          if (type.name.endsWith('Connection') && field.name === 'edges') continue; // bounded by the connection's first/last
          if (!isListType(getNullableType(field.type)) || getNamedType(field.type).name === '_Entity') continue;
          expect(
            field.args.map((a) => a.name),
            coordinate,
          ).toContain('limit');
          // Refused before the resolver runs: no parent, context or database is needed to see it.
          const resolve = field.resolve;
          expect(resolve, coordinate).toBeTypeOf('function');
          const answer = Promise.resolve().then(() => resolve?.({}, { limit: MAX_PAGE_SIZE + 1, offset: 0 }, {}, {} as GraphQLResolveInfo));
          await expect(answer, coordinate).rejects.toMatchObject({
            message: expect.stringContaining(`${MAX_PAGE_SIZE}`),
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'limit' },
          });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(connections).toBeGreaterThanOrEqual(4);
  });
});
