import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProgress, createWiring, runIngest } from '@regiograph/ingest';
import { queryLog, sourcesDir } from '@regiograph/lib';
import { Client } from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are walked generically
type Obj = Record<string, any>;

// Provenance and coverage through the gateway, on the seeds plus two real source folders loaded with the
// ingest command (EEA Grants 2009-14 and the keep.eu API samples). Every expected figure is computed here from
// the stored rows (read with plain SQL and counted in JavaScript) or from the seed files, never written in.

const root = join(__dirname, '..');
const seeds = (file: string) => parse(readFileSync(join(root, 'seeds', file), 'utf8')) as Obj;
/**
 * Where the article texts are, if this machine has them (ARTICLES_DIR): the repository ships only their
 * metadata, so the check of each file's text runs where the articles are given.
 */
const articlesDir = process.env.ARTICLES_DIR ?? '';

let hub: TestHub;
let pg: Client;
beforeAll(async () => {
  hub = await startTestHub('coverage');
  const wiring = createWiring();
  const progress = createProgress(process.stderr, true);
  for (const [source, folder] of [
    ['eea-grants', 'eea-grants-2009-2014'],
    ['keep-eu', 'keep-eu-api-samples'],
  ] as const) {
    const report = await runIngest(wiring, {
      source,
      paths: [join(sourcesDir(), folder)],
      databaseUrl: hub.hub.database.url,
      reportFile: null,
      progress,
    });
    expect(report.ok, source).toBe(true);
  }
  pg = new Client({ connectionString: hub.hub.database.url });
  await pg.connect();
}, 600_000);
afterAll(async () => {
  await pg?.end();
  await hub?.stop();
});

describe('article sources', () => {
  it('carry the file name, publisher and date of each article in seeds/sources.yaml, and the file exists', async () => {
    const articles = (seeds('sources.yaml').sources as Obj[]).filter((s) => s.kind === 'ARTICLE');
    expect(articles.length).toBe(5);
    for (const article of articles) {
      // Asked through the first organisation that cites it.
      const citing = await pg.query<{ id: string }>(
        'select id from organisations.organisation where $1 = any(source_ids) order by id limit 1',
        [article.id],
      );
      const org = citing.rows[0]?.id;
      expect(org, `an organisation citing ${article.id}`).toBeTruthy();
      const answer = await hub.query<Obj>(
        'query($id: ID!) { organisation(id: $id) { sources(limit: 200) { id kind file publisher publishedOn } } }',
        {
          id: org,
        },
      );
      expect(answer.errors).toBeUndefined();
      const source = ((answer.data?.organisation?.sources ?? []) as Obj[]).find((s) => s.id === article.id);
      expect(source, article.id).toMatchObject({ kind: 'ARTICLE', file: article.fileName, publisher: article.publisher ?? null });
      const date = article.publishedOn instanceof Date ? article.publishedOn.toISOString().slice(0, 10) : (article.publishedOn ?? null);
      expect(source?.publishedOn).toBe(date);
      expect(article.fileName).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      if (articlesDir) {
        // The article's own text names what the record says: its title where it has one.
        const text = readFileSync(join(articlesDir, article.fileName), 'utf8');
        if (article.title) expect(text.replace(/\s+/g, ' ')).toContain(String(article.title).replace(/\s+/g, ' ').trim());
      }
    }
  });
});

describe('people in roles', () => {
  it('cite the articles that name them, as seeds/organisations.yaml records', async () => {
    const networks = (seeds('organisations.yaml').networks as Obj[]).filter((n) => n.people?.length);
    expect(networks.length).toBeGreaterThan(0);
    for (const network of networks) {
      const res = await hub.query<Obj>(
        'query($id: ID!) { network(id: $id) { people { name role sources { id file } } members { sources { id } } } }',
        {
          id: network.id,
        },
      );
      expect(res.errors).toBeUndefined();
      const people = res.data?.network?.people as Obj[];
      expect(people.length).toBe(network.people.length);
      for (const person of network.people as Obj[]) {
        const served = people.find((p) => p.name === person.name && p.role === person.role);
        expect(served?.sources.map((s: Obj) => s.id).sort(), person.name).toEqual([...(person.sources ?? network.sources)].sort());
        expect(served?.sources.every((s: Obj) => typeof s.file === 'string')).toBe(true);
      }
      expect(((res.data?.network?.members ?? []) as Obj[]).every((m) => m.sources.length > 0)).toBe(true);
    }
  });
});

describe('fund periods', () => {
  it('span every programme of the fund: the EEA Grants carry 2009-14 and 2014-21 programmes', async () => {
    const years = await pg.query<{ id: string; first: number; last: number; periods: string[] }>(
      `select f.id, min(p.start_year) as first, max(p.end_year) as last, array_agg(distinct p.period order by p.period) as periods
         from funding.programme p cross join lateral unnest(p.fund_ids) as f(id) group by f.id`,
    );
    const eea = years.rows.find((r) => r.id === 'fund:eea-grants');
    expect(eea?.periods).toEqual(expect.arrayContaining(['2009-2014', '2014-2021']));
    for (const row of years.rows) {
      const res = await hub.query<Obj>('query($id: ID!) { fund(id: $id) { period } }', { id: row.id });
      expect(res.errors).toBeUndefined();
      expect(res.data?.fund?.period, row.id).toBe(`${row.first}-${row.last}`);
    }
    expect(years.rows.find((r) => r.id === 'fund:eea-grants')).toMatchObject({ first: 2009, last: 2021 });
  });
});

/** The tables behind each entity type the coverage reports, and the subgraph field that carries them. */
const TABLES: Record<string, { table: string; field: string }> = {
  Place: { table: 'organisations.place', field: 'organisationFields' },
  PlaceIdentifier: { table: 'organisations.place_identifier', field: 'organisationFields' },
  PlaceStatistic: { table: 'organisations.place_statistic', field: 'organisationFields' },
  Organisation: { table: 'organisations.organisation', field: 'organisationFields' },
  OrganisationIdentifier: { table: 'organisations.organisation_identifier', field: 'organisationFields' },
  OrganisationRecord: { table: 'organisations.organisation_record', field: 'organisationFields' },
  Network: { table: 'organisations.network', field: 'organisationFields' },
  NetworkMember: { table: 'organisations.network_member', field: 'organisationFields' },
  NetworkPerson: { table: 'organisations.network_person', field: 'organisationFields' },
  Project: { table: 'projects.project', field: 'projectFields' },
  Partnership: { table: 'projects.partnership', field: 'projectFields' },
  Fund: { table: 'funding.fund', field: 'fundingFields' },
  Programme: { table: 'funding.programme', field: 'fundingFields' },
  Grant: { table: 'funding.grant', field: 'fundingFields' },
  Allocation: { table: 'funding.allocation', field: 'fundingFields' },
  ProgrammeParticipant: { table: 'funding.programme_participant', field: 'fundingFields' },
  Event: { table: 'events.event', field: 'eventFields' },
  EventParticipant: { table: 'events.event_participant', field: 'eventFields' },
  AgendaItem: { table: 'events.agenda_item', field: 'eventFields' },
  Outcome: { table: 'outcomes.outcome', field: 'outcomeFields' },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Whether a stored value counts as known, written independently of the SQL the hub runs. */
function known(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}

/** Expected rows of one source for one entity type, counted in JavaScript over the table's rows. */
async function expectedRows(entityType: string, source: string, fields: string[]) {
  const { table } = TABLES[entityType] as { table: string };
  const schema = table.split('.')[0] as string;
  const docs = await pg.query<{ id: string; key: string }>(`select id, coalesce(dataset, id) as key from ${schema}.source`);
  const keyOf = new Map(docs.rows.map((d) => [d.id, d.key]));
  const rows = (await pg.query<Obj>(`select * from ${table}`)).rows.filter((r) =>
    (r.source_ids as string[]).some((ref) => keyOf.get(ref.split('#')[0] as string) === source),
  );
  return Object.fromEntries(fields.map((f) => [f, { records: rows.length, withValue: rows.filter((r) => known(r[snake(f)])).length }]));
}

describe('coverage', () => {
  const ALL = Object.values(TABLES)
    .map((t) => t.field)
    .filter((f, i, all) => all.indexOf(f) === i);
  const ask = (sources: string[]) =>
    hub.query<Obj>(
      `query($sources: [String!]) { coverage(sources: $sources) { source ${ALL.map(
        (f) => `${f}(limit: 200) { entityType field source records withValue fillRate }`,
      ).join(' ')} } }`,
      { sources },
    );

  it('lists every dataset and article the hub holds, once', async () => {
    const res = await hub.query<Obj>('{ coverage(limit: 200) { source } }');
    expect(res.errors).toBeUndefined();
    const stored = await pg.query<{ key: string }>('select distinct coalesce(dataset, id) as key from organisations.source order by key');
    expect(((res.data?.coverage ?? []) as Obj[]).map((c) => c.source)).toEqual(stored.rows.map((r) => r.key));
    expect(stored.rows.map((r) => r.key)).toEqual(expect.arrayContaining(['eea-grants', 'keep-eu', 'src:piaseczno-public4msme-2023']));
  });

  it.each(['eea-grants', 'keep-eu', 'src:piaseczno-public4msme-2023', 'src:zmp-miasto-przedsiebiorcze-tarnow-2023'])(
    'gives %s the records and filled values the tables hold, for every entity type it fills',
    async (source) => {
      const res = await ask([source]);
      expect(res.errors).toBeUndefined();
      const coverage = ((res.data?.coverage ?? []) as Obj[])[0] as Obj;
      expect(coverage.source).toBe(source);
      const rows = ALL.flatMap((f) => coverage[f] as Obj[]);
      expect(rows.length).toBeGreaterThan(10);
      const types = [...new Set(rows.map((r) => r.entityType))];
      for (const type of types) {
        const mine = rows.filter((r) => r.entityType === type);
        expect(
          mine.every((r) => coverage[(TABLES[type] as { field: string }).field].includes(r)),
          `${type} under its subgraph's field`,
        ).toBe(true);
        const expected = await expectedRows(
          type,
          source,
          mine.map((r) => r.field),
        );
        for (const row of mine) {
          expect(row.source).toBe(source);
          expect({ records: row.records, withValue: row.withValue }, `${source} ${type}.${row.field}`).toEqual(expected[row.field]);
          expect(row.fillRate).toBeCloseTo(row.withValue / row.records, 10);
        }
      }
      // Every entity type with a record citing the source has a row for each column that may be unknown.
      for (const [type, { table }] of Object.entries(TABLES)) {
        const [schema, name] = table.split('.') as [string, string];
        const cited = await pg.query<{ n: number }>(
          `select count(*)::int as n from ${table} t where exists (
             select 1 from unnest(t.source_ids) r(ref) join ${schema}.source s on s.id = split_part(r.ref, '#', 1)
             where coalesce(s.dataset, s.id) = $1)`,
          [source],
        );
        const optional = await pg.query<{ column_name: string }>(
          `select c.column_name from information_schema.columns c
            where c.table_schema = $1 and c.table_name = $2 and (c.is_nullable = 'YES' or c.data_type = 'ARRAY')
              and c.column_name not in ('source_ids', 'search_keys', 'created_at', 'updated_at')
              -- copies of other subgraphs' data the filters read: no source states them
              and c.column_name not in ('place_path', 'organisation_kind', 'programme_fund_ids', 'takes_part_in', 'partner_roles')
              and c.column_name not in (
                select k.column_name from information_schema.key_column_usage k
                  join information_schema.table_constraints tc on tc.constraint_name = k.constraint_name and tc.table_schema = k.table_schema
                 where tc.constraint_type = 'PRIMARY KEY' and k.table_schema = $1 and k.table_name = $2)
            order by c.column_name`,
          [schema, name],
        );
        const expected = (cited.rows[0]?.n ?? 0) > 0 ? optional.rows.map((r) => r.column_name) : [];
        const served = rows.filter((r) => r.entityType === type).map((r) => snake(r.field));
        expect(served.sort(), `${source}: ${type} (${cited.rows[0]?.n} records)`).toEqual(expected.sort());
      }
    },
  );

  it('shows what a researcher needs to know: EEA Grants projects without a place, keep.eu partner budgets', async () => {
    const res = await ask(['eea-grants', 'keep-eu']);
    expect(res.errors).toBeUndefined();
    const byKey = new Map(((res.data?.coverage ?? []) as Obj[]).map((c) => [c.source, c]));
    const eeaPlaces = ((byKey.get('eea-grants')?.projectFields ?? []) as Obj[]).find(
      (r) => r.entityType === 'Project' && r.field === 'placeIds',
    );
    const stored = await pg.query<{ records: number; placed: number }>(
      `select count(*)::int as records, count(*) filter (where cardinality(place_ids) > 0)::int as placed
         from projects.project where id like 'project:eea-grants:%'`,
    );
    expect(eeaPlaces).toMatchObject({ records: stored.rows[0]?.records, withValue: stored.rows[0]?.placed });
    expect(eeaPlaces?.fillRate).toBeLessThan(1);
    const budgets = ((byKey.get('keep-eu')?.projectFields ?? []) as Obj[]).find(
      (r) => r.entityType === 'Partnership' && r.field === 'budget',
    );
    expect(budgets?.records).toBeGreaterThan(0);
  });

  const scans = () => queryLog.statements.filter((q) => q.includes('unnest(t.source_ids)')).length;
  /** A commit: a transaction that writes (txid_current assigns it an ID), so a new data generation. */
  const commit = () => pg.query('select txid_current()');

  it('scans each table once per data generation, however many sources, aliases and requests ask', async () => {
    // Requests that differ (so the gateway cannot merge them), each asking every source five times under
    // aliases that differ too.
    const aliased = (request: number) =>
      `{ ${Array.from({ length: 5 }, (_, i) => `c${i}: coverage(limit: ${200 - i}) { source ${ALL.map((f) => `${f}(limit: ${200 - request}) { field records withValue }`).join(' ')} }`).join(' ')} }`;
    await commit();
    queryLog.reset();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, request) => hub.query<Obj>(aliased(request))));
    for (const res of answers) expect(res.errors).toBeUndefined();
    expect(answers.map((a) => a.data?.c4)).toEqual(answers.map((a) => a.data?.c0));
    const tables = Object.keys(TABLES).length;
    // One computation scans every table that has optional fields once. The generation is the server's, so a
    // commit in another database while the requests arrive may add a computation or two (other test files
    // write in parallel); before the cache, each request made its own (136 scans here).
    expect(scans()).toBeGreaterThan(tables / 2);
    expect(scans()).toBeLessThanOrEqual(3 * tables);
    // The same again at the same generation: from the cache, unless the server saw a write meanwhile.
    queryLog.reset();
    expect((await ask(['eea-grants', 'keep-eu', 'src:zmp-empirie-2022'])).errors).toBeUndefined();
    expect(scans()).toBeLessThanOrEqual(tables);
  });

  it('answers from the new data once a write commits', async () => {
    const placed = await pg.query<{ id: string; place_ids: string[] }>(
      `select id, place_ids from projects.project where id like 'project:eea-grants:%' and cardinality(place_ids) > 0 order by id limit 1`,
    );
    const project = placed.rows[0] as { id: string; place_ids: string[] };
    const withPlace = async () =>
      (((await ask(['eea-grants'])).data?.coverage[0].projectFields ?? []) as Obj[]).find(
        (r) => r.entityType === 'Project' && r.field === 'placeIds',
      )?.withValue as number;
    const before = await withPlace();
    await pg.query(`update projects.project set place_ids = '{}' where id = $1`, [project.id]);
    try {
      expect(await withPlace()).toBe(before - 1);
    } finally {
      await pg.query('update projects.project set place_ids = $2 where id = $1', [project.id, project.place_ids]);
    }
    expect(await withPlace()).toBe(before);
  });

  it('pages and filters the rows of one source', async () => {
    const whole = await hub.query<Obj>('{ coverage(sources: ["eea-grants"]) { fundingFields(limit: 200) { entityType field } } }');
    const page = await hub.query<Obj>(
      '{ coverage(sources: ["eea-grants"]) { fundingFields(limit: 3, offset: 2) { entityType field } grants: fundingFields(entityType: "Grant", limit: 200) { entityType field } } }',
    );
    expect(page.errors).toBeUndefined();
    const all = whole.data?.coverage[0].fundingFields as Obj[];
    expect(page.data?.coverage[0].fundingFields).toEqual(all.slice(2, 5));
    expect(page.data?.coverage[0].grants).toEqual(all.filter((r) => r.entityType === 'Grant'));
    expect(page.data?.coverage[0].grants.length).toBeGreaterThan(0);
  });
});

describe("CityProfile shows the events of the city's projects", () => {
  it("Piaseczno: Public4mSME+'s final seminar of 2023-07-25, with the two implementation projects presented there", async () => {
    const res = await hub.operation<Obj>('CityProfile', { name: 'Piaseczno' });
    expect(res.errors).toBeUndefined();
    const place = res.data?.place as Obj;
    expect(place.id).toBe('place:lau:PL:1418043');
    const project = (place.government.partnerships as Obj[]).map((p) => p.project).find((p) => p.acronym === 'Public4mSME+');
    expect(project).toBeDefined();
    // What the seeds say about the project's events and what was presented at them.
    const events = (seeds('events.yaml').events as Obj[]).filter((e) => e.organisingProject === project.id);
    expect(project.events.map((e: Obj) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    const seminar = project.events.find((e: Obj) => e.startDate === '2023-07-25');
    const seeded = events.find((e) => e.id === seminar?.id) as Obj;
    expect(seminar).toMatchObject({ kind: 'SEMINAR', online: true, status: seeded.status, title: seeded.title });
    const presented = (seeds('outcomes.yaml').outcomes as Obj[]).filter((o) => (o.presentedAtEvents ?? []).includes(seminar.id));
    const implementation = presented.filter((o) => o.kind === 'IMPLEMENTATION_PROJECT');
    expect(implementation).toHaveLength(2);
    expect(seminar.outcomes.map((o: Obj) => o.id)).toEqual(expect.arrayContaining(implementation.map((o) => o.id)));
    // The seminar was online: it is not among the events held in Piaseczno itself.
    expect((place.events as Obj[]).map((e) => e.id)).not.toContain(seminar.id);
  });
});
