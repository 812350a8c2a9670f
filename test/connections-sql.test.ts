import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { queryLog } from '@regiograph/lib';
import {
  buildASTSchema,
  type GraphQLField,
  type GraphQLObjectType,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARENTS } from './support/parents.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { ingestWorlds, world, writeWorldSeeds } from './support/world.js';

// Issue 9's "no list pages in memory, a test reads the SQL": every connection and every deprecated offset
// list beside one is asked for a page of 2 (then of 4) on a world where each list holds 5 or more, and the
// SQL statements the request costs are read from lib's queryLog (every subgraph runs in this process). The
// statements the list adds to those of its parents must each cut the rows in SQL (a `limit`, in the root
// statement or in the lateral subquery of each parent's page) or count them (`totalCount`); a loader that
// reads a parent's whole list and slices it in memory has no limit and fails here. A page of 4 must cost
// the same statements as a page of 2. The last block walks the supergraph: a list field that grows with the
// data has a `<field>Connection` beside it, unless it is in the documented allow-list below.

const W = world(5);

// biome-ignore lint/suspicious/noExplicitAny: answers are walked generically
type Obj = Record<string, any>;

const schema = buildASTSchema(parse(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});

let hub: TestHub;
beforeAll(async () => {
  process.env.SEEDS_DIR = writeWorldSeeds([W]);
  hub = await startTestHub('connections_sql');
  await ingestWorlds(hub.hub.database.url, [W]);
}, 180_000);
afterAll(async () => {
  await hub?.stop();
  if (process.env.SEEDS_DIR) rmSync(process.env.SEEDS_DIR, { recursive: true, force: true });
  delete process.env.SEEDS_DIR;
});

const queryFor = (steps: string[], inner: string) =>
  steps.reduceRight((body, step, i) => `{ s${i}: ${step} ${body} }`, `{ __typename ${inner} }`);

/** The statements one request costs (coverage's shared table scans aside), after a warm-up run. */
async function statements(query: string): Promise<{ sql: string[]; data: Obj }> {
  await hub.query(query);
  queryLog.reset();
  const res = await hub.query<Obj>(query);
  expect(res.errors, query).toBeUndefined();
  return { sql: queryLog.statements.filter((q) => !q.includes('unnest(t.source_ids)')), data: res.data ?? {} };
}

/** The statements of `withList` that `baseline` (the same parents without the list) does not have. */
function added(withList: string[], baseline: string[]): string[] {
  const left = [...baseline];
  return withList.filter((q) => {
    const i = left.indexOf(q);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

// A total kept at write time (lib/src/totals.ts) is one row of list_total read by its key: no list read at all.
const cutsInSql = (q: string) =>
  /\blimit\b/i.test(q) ||
  /count\(\*\)/i.test(q) ||
  /^select (k\.parent, )?coalesce\(\(select lt\."n"::int from "[a-z_]+"\."list_total" lt where lt\."list" = \? and lt\."parent" = [^()]+\), 0\) as n( from \(values [^;]*\) as k\(parent, ord\))?$/.test(
    q.trim(),
  );
const isConnection = (f: GraphQLField<unknown, unknown>) =>
  f.name.endsWith('Connection') && getNamedType(f.type).name.endsWith('Connection');

const objectTypes = Object.values(schema.getTypeMap()).filter(
  (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('_') && !/^(join|link)__/.test(t.name),
);

interface Case {
  coordinate: string;
  steps: string[];
  field: string;
}

/**
 * Parents of the connections whose rows the usual parents hold too few of: the organisations of one place,
 * grouped, are one or two groups (the world's municipalities have two kinds each); its region has more.
 */
const PARENTS_OF: Record<string, string[]> = {
  'Place.organisationStatisticsConnection': [`place(id: "${W.region}")`],
};

const connectionCases: Case[] = objectTypes.flatMap((type) =>
  Object.values(type.getFields())
    .filter(isConnection)
    .map((f) => ({
      coordinate: `${type.name}.${f.name}`,
      steps: PARENTS_OF[`${type.name}.${f.name}`] ?? (type.name === 'Query' ? [] : (PARENTS[type.name]?.(W) ?? [])),
      field: f.name,
    })),
);
const deprecatedCases: Case[] = objectTypes.flatMap((type) => {
  const fields = type.getFields();
  return Object.values(fields)
    .filter((f) => f.args.some((a) => a.name === 'limit') && fields[`${f.name}Connection`])
    .filter((f) => f.args.every((a) => a.name === 'limit' || !isNonNullType(a.type) || a.defaultValue !== undefined))
    .map((f) => ({
      coordinate: `${type.name}.${f.name}`,
      steps: type.name === 'Query' ? [] : (PARENTS[type.name]?.(W) ?? []),
      field: f.name,
    }));
});

const UNFILLED = new Set(['Network.eventsConnection', 'Network.networksConnection']);

/**
 * Arguments a connection (and the deprecated list beside it) is asked with, by field name: the statistics
 * groups are grouped by dimensions with several values under one parent of the world (ungrouped, a scope has
 * one group, which no page cuts).
 */
const CONNECTION_ARGS: Record<string, string> = {
  projectStatisticsConnection: 'groupBy: [MUNICIPALITY, PROGRAMME, ROLE, ORGANISATION_KIND], ',
  fundingStatisticsConnection: 'groupBy: [FUND], ',
  organisationStatisticsConnection: 'groupBy: [MUNICIPALITY, ORGANISATION_KIND], ',
};

describe('every connection pages in SQL', () => {
  it('has a list of parents for every type with a connection, and covers the lists that grow', () => {
    const missing = connectionCases.filter((c) => !c.coordinate.startsWith('Query.') && c.steps.length === 0).map((c) => c.coordinate);
    expect(missing).toEqual([]);
    expect(connectionCases.length).toBeGreaterThan(30);
  });

  const filled: string[] = [];
  it.each(connectionCases)('$coordinate: each statement it adds has a LIMIT or counts, the same for pages of 2 and 4', async (c) => {
    const page = (n: number) =>
      `${c.field}(${CONNECTION_ARGS[c.field] ?? ''}first: ${n}) { totalCount edges { cursor node { __typename } } pageInfo { hasNextPage endCursor } }`;
    const baseline = c.steps.length ? (await statements(queryFor(c.steps, ''))).sql : [];
    const two = await statements(queryFor(c.steps, page(2)));
    const four = await statements(queryFor(c.steps, page(4)));
    const own = added(two.sql, baseline);
    expect(own.length, `${c.coordinate} reads nothing`).toBeGreaterThan(0);
    expect(
      own.filter((q) => !cutsInSql(q)),
      `${c.coordinate}: statements without a limit`,
    ).toEqual([]);
    expect(four.sql.length, `${c.coordinate}: statements for a page of 4 against a page of 2`).toBe(two.sql.length);
    // Walk the answer: every page holds at most 2 edges; note the lists with more rows than the page.
    const connections: Obj[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (c.field in (v as Obj)) connections.push((v as Obj)[c.field]);
        else Object.values(v as Obj).forEach(walk);
      }
    };
    walk(two.data);
    for (const conn of connections.filter(Boolean)) {
      expect(conn.edges.length).toBeLessThanOrEqual(2);
      expect(conn.pageInfo.hasNextPage).toBe(conn.totalCount > conn.edges.length);
      if (conn.totalCount > 2) filled.push(c.coordinate);
    }
    // The list holds more rows than the page somewhere, so the limit is what cut it (the world's sub-networks,
    // the parents of Network's lists, have no events or sub-networks of their own).
    if (!UNFILLED.has(c.coordinate)) expect(filled, `${c.coordinate}: no parent with more than 2 rows`).toContain(c.coordinate);
  });
});

describe('every deprecated offset list beside a connection pages in SQL', () => {
  it.each(deprecatedCases)('$coordinate: each statement it adds has a LIMIT, the same for limits of 2 and 4', async (c) => {
    const baseline = c.steps.length ? (await statements(queryFor(c.steps, ''))).sql : [];
    const args = CONNECTION_ARGS[`${c.field}Connection`] ?? '';
    const two = await statements(queryFor(c.steps, `${c.field}(${args}limit: 2) { __typename }`));
    const four = await statements(queryFor(c.steps, `${c.field}(${args}limit: 4) { __typename }`));
    const own = added(two.sql, baseline);
    expect(own.length).toBeGreaterThan(0);
    expect(
      own.filter((q) => !cutsInSql(q)),
      `${c.coordinate}: statements without a limit`,
    ).toEqual([]);
    expect(four.sql.length).toBe(two.sql.length);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Lists that may stay plain lists (README, "Connections"): each is bounded by one record, not by the data.

/** Every field named so, on any type: a record's own values and the documents that cite it. */
const SMALL_BY_NAME: Record<string, string> = {
  sources: 'the documents citing one record (a handful; at most 48 for an organisation merged from 24 records)',
  altNames: 'other names of one record, stored on its row',
};

/** Coordinates of the other small lists, with why they stay plain. */
export const SMALL_LISTS: Record<string, string> = {
  'FundingFigures.allocated': 'one amount per currency of one group of figures',
  'FundingFigures.granted': 'one amount per currency of one group of figures',
  'ProjectFigures.budget': 'one amount per currency of one group of figures',
  'ProjectFigures.euContribution': 'one amount per currency of one group of figures',
  'Change.fields': 'the fields one change touched: bounded by its type',
  'Query.coverage': 'one entry per source asked for',
  'Coverage.organisationFields': 'one row per field of the subgraph’s types: bounded by the schema',
  'Coverage.projectFields': 'one row per field of the subgraph’s types: bounded by the schema',
  'Coverage.fundingFields': 'one row per field of the subgraph’s types: bounded by the schema',
  'Coverage.eventFields': 'one row per field of the subgraph’s types: bounded by the schema',
  'Coverage.outcomeFields': 'one row per field of the subgraph’s types: bounded by the schema',
  'Place.designations': 'titles one place holds, stored on its row',
  'Place.identifiers': 'one code per scheme (NUTS, TERYT, SIRUTA, ISO, Wikidata...)',
  'Place.statistics': 'figures per indicator and period, a few per place',
  'Organisation.identifiers': 'derived from its source records (recordsConnection pages those)',
  'Organisation.names': 'derived from its source records (recordsConnection pages those)',
  'OrganisationRecord.identifiers': 'identifiers one source record states, stored on its row',
  'OrganisationName.recordIds': 'the records using one name of one organisation',
  'Network.people': 'people in public roles of one network, a handful',
  'Project.themes': 'stored on the project row',
  'Project.identifiers': 'one per source of the project, stored on its row',
  'Project.countries': 'stored on the project row',
  'Project.places': 'stored on the project row',
  'Programme.identifiers': 'stored on the programme row',
  'Programme.funds': 'stored on the programme row (one to three funds)',
  'Fund.donors': 'stored on the fund row',
  'Event.participantGroups': 'stored on the event row',
  'Event.sessions': 'the parts of one event',
  'Event.preparedBy': 'the events that led to one event',
  'Event.participants': 'who took part in one event, as one source lists them',
  'Event.agenda': 'the programme of one event',
  'AgendaItem.organisations': 'stored on the agenda item row',
  'Outcome.objectives': 'stored on the outcome row',
  'Outcome.actions': 'stored on the outcome row',
  'Outcome.steps': 'stored on the outcome row',
  'Outcome.ideas': 'stored on the outcome row',
  'Outcome.questions': 'stored on the outcome row',
  'Outcome.indicators': 'stored on the outcome row',
  'Outcome.producedByProjects': 'the curated links of one outcome',
  'Outcome.producedByNetworks': 'the curated links of one outcome',
  'Outcome.producedByOrganisations': 'the curated links of one outcome',
  'Outcome.producedAtEvents': 'the curated links of one outcome',
  'Outcome.presentedAtEvents': 'the curated links of one outcome',
  'Outcome.discussedAtEvents': 'the curated links of one outcome',
  'Outcome.presentedInNetworks': 'the curated links of one outcome',
  'Outcome.addressedToOrganisations': 'the curated links of one outcome',
  'Outcome.addressedToPlaces': 'the curated links of one outcome',
  'Outcome.producedByProgrammes': 'the curated links of one outcome',
  'Outcome.addressedToProgrammes': 'the curated links of one outcome',
  'Outcome.aboutOrganisations': 'the curated links of one outcome',
  'Outcome.respondsToOutcomes': 'the curated links of one outcome',
};

describe('the supergraph', () => {
  const lists = objectTypes.flatMap((type) => {
    const fields = type.getFields();
    return Object.values(fields)
      .filter((f) => {
        let t = f.type;
        if (isNonNullType(t)) t = t.ofType;
        return isListType(t) && !type.name.endsWith('Connection');
      })
      .map((f) => ({ coordinate: `${type.name}.${f.name}`, name: f.name, hasConnection: Boolean(fields[`${f.name}Connection`]) }));
  });

  it('gives every list that grows with the data a <field>Connection beside it', () => {
    const missing = lists.filter((l) => !l.hasConnection && !SMALL_BY_NAME[l.name] && !SMALL_LISTS[l.coordinate]).map((l) => l.coordinate);
    expect(missing).toEqual([]);
  });

  it('allows only lists that exist and have no connection', () => {
    const known = new Map(lists.map((l) => [l.coordinate, l]));
    const stale = Object.keys(SMALL_LISTS).filter((c) => !known.get(c) || known.get(c)?.hasConnection);
    expect(stale).toEqual([]);
  });
});
