import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCostModel, tallyCache, tallyOperation } from './limits.js';

// The estimate follows the runtime's demandControl rules, and reads @cost / @listSize from the supergraph
// once the subgraphs declare them; until then a `limit` argument or DEFAULT_LIST_SIZE sizes each list.
const sdl = `
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | SCALAR | ENUM
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    places(limit: Int! = 50): [Place!]! @listSize(slicingArguments: ["limit"])
    place(id: ID!): Place
    search(first: Int): PlacePage @listSize(slicingArguments: ["first"], sizedFields: ["items"])
    plain: [Place!]!
    paged(limit: Int! = 7): [Place!]!
  }
  type PlacePage { items: [Place!]! total: Int! }
  type Place {
    id: ID!
    name: String! @cost(weight: 3)
    children: [Place!]! @listSize(assumedSize: 10)
    parent: Place
    statistics: Statistic @cost(weight: 5)
  }
  type Statistic @cost(weight: 2) { value: Float }
`;
const model = buildCostModel(sdl);
const tally = (query: string, variables?: Record<string, unknown>) =>
  tallyOperation(model, parse(query), { variables, defaultListSize: 20 });

describe('estimated cost', () => {
  it('multiplies by a slicing argument, written, from a variable or by its default', () => {
    // places: 1 object per item, times the page size.
    expect(tally('{ places(limit: 3) { id } }').cost).toBe(3);
    expect(tally('query($n: Int!) { places(limit: $n) { id } }', { n: 40 }).cost).toBe(40);
    expect(tally('{ places { id } }').cost).toBe(50);
  });

  it('uses assumedSize, then a limit argument, then the default list size', () => {
    expect(tally('{ place(id: "a") { children { id } } }').cost).toBe(1 + 10);
    expect(tally('{ paged { id } }').cost).toBe(7);
    expect(tally('{ plain { id } }').cost).toBe(20);
  });

  it('adds @cost of fields and types, times the lists above them', () => {
    // Each of 2 places: name 3 + statistics (field 5 + type 2) = 10, plus 1 for the place itself.
    expect(tally('{ places(limit: 2) { name statistics { value } } }').cost).toBe(2 * (1 + 3 + 5 + 2));
  });

  it('sizes the fields named by sizedFields instead of the field itself', () => {
    expect(tally('{ search(first: 30) { total items { id } } }').cost).toBe(1 + 30);
  });

  it('prices a fragment once however often it is spread, and counts its fields each time', () => {
    const query = `
      fragment P on Place { id name }
      query { places(limit: 2) { ...P children { ...P } } }`;
    const result = tally(query);
    // Per place: 1 + name 3 + children 10 x (1 + name 3) = 44; two places.
    expect(result.cost).toBe(2 * 44);
    expect(result.fields).toBe(1 + 2 + 1 + 2);
  });
});

describe('tallyCache', () => {
  it('answers as tallyOperation does, again for other values of the variables that size lists only', () => {
    const cached = tallyCache(model);
    const document = parse('query($n: Int!, $id: ID!, $name: String) { places(limit: $n) { id } place(id: $id) { children { id } } }');
    const options = (variables: Record<string, unknown>) => ({ variables, defaultListSize: 20 });
    for (const variables of [
      { n: 3, id: 'a' },
      { n: 3, id: 'b', name: 'x' },
      { n: 40, id: 'a' },
      { n: 3, id: 'c' },
      { id: 'a' },
      { n: null, id: 'a' },
    ]) {
      expect(cached(document, options(variables))).toEqual(tallyOperation(model, document, options(variables)));
    }
    expect(cached(document, options({ n: 40, id: 'z' })).cost).toBe(40 + 1 + 10);
    // Another id than the first call's: the tally it kept, not a new pass.
    const first = cached(document, options({ n: 5, id: 'a' }));
    expect(cached(document, options({ n: 5, id: 'q' }))).toBe(first);
    expect(cached(document, options({ n: 6, id: 'a' }))).not.toBe(first);
  });
});
