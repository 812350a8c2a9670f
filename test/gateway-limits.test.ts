import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { buildCostModel, DEFAULT_LIMITS, measureOperation } from '@regiograph/gateway';
import { Kind, parse, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from './support/gateway.js';
import { readOperation, startTestHub, type TestHub } from './support/hub.js';
import { runNode } from './support/run-node.js';

// The attacks of issue 7 that the gateway's limits refuse, sent over real HTTP to a gateway whose every
// subgraph sits behind a counting proxy: a refusal must come before any subgraph is called.
const root = join(__dirname, '..');
const model = buildCostModel(readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8'));

let hub: TestHub;
let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  hub = await startTestHub('gateway_limits');
  gw = await startGateway(hub.hub);
});
afterAll(async () => {
  await gw?.stop();
  await hub?.stop();
});

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  };
}

async function send(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const query = (q: string, variables?: Record<string, unknown>, operationName?: string) =>
  send(JSON.stringify({ query: q, variables, operationName }));

/** Sends it, and checks it was refused with `status` and `code` before any subgraph was called. */
async function expectRefused(answer: Promise<Answer>, status: number, code: string, ...inMessage: string[]) {
  const before = gw.subgraphCalls();
  const began = performance.now();
  const { status: got, body } = await answer;
  const error = body.errors?.[0];
  console.log(`${code}: HTTP ${got} in ${(performance.now() - began).toFixed(1)} ms: ${error?.message}`);
  expect(got).toBe(status);
  expect(body.data ?? null).toBeNull();
  expect(error?.extensions?.code).toBe(code);
  for (const text of inMessage) expect(error?.message).toContain(text);
  expect(gw.subgraphCalls()).toBe(before);
  return error;
}

function fragmentBomb(levels: number, flat: boolean): string {
  let document = 'fragment F1 on Place { id name }\n';
  for (let i = 2; i <= levels; i++) {
    document += flat
      ? `fragment F${i} on Place { ...F${i - 1} ...F${i - 1} }\n`
      : `fragment F${i} on Place { ...F${i - 1} parent { ...F${i - 1} } }\n`;
  }
  return `${document}query { place(id: "place:country:PL") { ...F${levels} } }`;
}

/** Selections as written (fields, spreads, inline fragments): what a pass that never expands a fragment visits. */
function writtenSelections(document: string): number {
  let count = 0;
  visit(parse(document), {
    enter(node) {
      if (node.kind === Kind.FIELD || node.kind === Kind.FRAGMENT_SPREAD || node.kind === Kind.INLINE_FRAGMENT) count++;
    },
  });
  return count;
}

/** `place { children { parent { children ... } } }`, `depth` levels of fields in all. */
function childrenParent(depth: number): string {
  let inner = 'id';
  for (let level = depth - 2; level > 0; level--) inner = `${level % 2 === 1 ? 'children' : 'parent'} { ${inner} }`;
  return `{ place(id: "place:country:PL") { ${inner} } }`;
}

const OPERATION_VARIABLES: Record<string, Record<string, unknown>> = {
  CityProfile: { name: 'Tarnow' },
  NetworkDetail: { name: 'EMPIRIE' },
  EventsBetween: { from: '2019-01-01', to: '2023-12-31' },
  ProjectDetail: { name: 'PGI06047' },
  OrganisationByIdentifier: { scheme: 'teryt', value: '1263011' },
  ProjectByIdentifier: { scheme: 'code', value: 'PGI06047' },
  RegionDashboard: { nuts: 'PL91' },
  ProgrammeDashboard: { id: 'programme:eea-norway-grants-2014-2021:pl-rozwoj-lokalny' },
  SyncChanges: { since: null, first: 500 },
};

describe('what every named operation measures under the default limits', () => {
  it('runs every operation of docs/operations through the gateway, each at most half of every limit', async () => {
    const names = readdirSync(join(root, 'docs', 'operations')).map((f) => f.replace(/\.graphql$/, ''));
    expect(names.sort()).toEqual(Object.keys(OPERATION_VARIABLES).sort());
    const rows: string[] = [];
    for (const name of names) {
      const variables = OPERATION_VARIABLES[name];
      const answer = await query(readOperation(name), variables, name);
      expect(answer.status, name).toBe(200);
      expect(answer.body.errors, name).toBeUndefined();
      expect(Object.values(answer.body.data ?? {})[0], name).not.toBeNull();
      const m = measureOperation(model, readOperation(name), {
        operationName: name,
        variables,
        defaultListSize: DEFAULT_LIMITS.defaultListSize,
      });
      rows.push(
        `${name.padEnd(25)} depth ${m.depth}/${DEFAULT_LIMITS.maxDepth}  aliases ${m.aliases}/${DEFAULT_LIMITS.maxAliases}  ` +
          `tokens ${m.tokens}/${DEFAULT_LIMITS.maxTokens}  directives ${m.directives}/${DEFAULT_LIMITS.maxDirectives}  ` +
          `fields ${m.fields}/${DEFAULT_LIMITS.maxFields}  cost ${m.cost}/${DEFAULT_LIMITS.maxCost}`,
      );
      expect(m.depth * 1.5, `${name} depth`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
      expect(m.aliases * 2, `${name} aliases`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAliases);
      expect(m.tokens * 2, `${name} tokens`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTokens);
      expect(m.directives * 2, `${name} directives`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDirectives);
      expect(m.fields * 2, `${name} fields`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxFields);
      expect(m.cost * 2, `${name} cost`).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    }
    console.log(`measured under the defaults:\n${rows.join('\n')}`);
  });
});

describe('limits refused before any subgraph is called', () => {
  it('refuses the 25-level fragment bomb by its flattened depth, with work linear in the document', async () => {
    const bomb = fragmentBomb(25, false);
    const rssBefore = process.memoryUsage().rss;
    const error = await expectRefused(query(bomb), 400, 'MAX_DEPTH_EXCEEDED', 'is 26', 'limit is 15', 'MAX_DEPTH');
    expect(error?.extensions).toMatchObject({ limit: 15, measured: 26 });
    // The gateway's pass prices each fragment once: 2^24 field selections, counted in a few dozen visits.
    const measured = measureOperation(model, bomb, { defaultListSize: DEFAULT_LIMITS.defaultListSize });
    console.log(
      `fragment bomb (${bomb.length} bytes): ${measured.fields} fields after expansion, counted in ${measured.visited} selection visits; ` +
        `RSS of the process running the hub ${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB higher after it`,
    );
    expect(measured.fields).toBeGreaterThan(2 ** 24);
    expect(measured.visited).toBeLessThanOrEqual(writtenSelections(bomb));
  });

  it('refuses the flat fragment bomb (depth 2, about 300 tokens, 2^29 fields once expanded) by its field count', async () => {
    const bomb = fragmentBomb(30, true);
    const error = await expectRefused(query(bomb), 400, 'MAX_FIELDS_EXCEEDED', '1073741825 fields', `limit is ${DEFAULT_LIMITS.maxFields}`);
    expect(error?.extensions).toMatchObject({ limit: DEFAULT_LIMITS.maxFields, measured: 1073741825 });
    const measured = measureOperation(model, bomb, { defaultListSize: DEFAULT_LIMITS.defaultListSize });
    expect(measured.depth).toBe(2);
    expect(measured.visited).toBeLessThanOrEqual(writtenSelections(bomb));
  });

  it('refuses the children/parent query of depth 13 by its estimated cost, not by its depth', async () => {
    const deep = childrenParent(13);
    expect(measureOperation(model, deep, { defaultListSize: 20 }).depth).toBe(13);
    const error = await expectRefused(query(deep), 400, 'COST_LIMIT_EXCEEDED', 'estimated cost is', `limit is ${DEFAULT_LIMITS.maxCost}`);
    expect(Number(error?.extensions?.measured)).toBeGreaterThan(DEFAULT_LIMITS.maxCost * 1000);
  });

  it('prices connections by first/last times what is under edges, and refuses a too-large nested one with 400 COST_LIMIT_EXCEEDED', async () => {
    // Organisations of the places of organisations, and the projects of those places: three connections deep.
    const paged = (field: string, slice: string, inner: string) =>
      `${field}${slice ? `(${slice})` : ''} { totalCount edges { cursor node { ${inner} } } }`;
    const levels = (s1: string, s2: string, s3: string) =>
      `{ ${paged('organisationsConnection', s1, `id place { ${paged('organisationsConnection', s2, `id place { ${paged('projectsConnection', s3, 'id title')} }`)} }`)} }`;
    const nested = (slice: string) => levels(slice, slice, slice);
    const cost = (q: string) => measureOperation(model, q, { defaultListSize: DEFAULT_LIMITS.defaultListSize }).cost;
    // Each level multiplies by its page: 100 per level costs nearly 2^3 times 50 per level.
    expect(cost(nested('first: 100')) / cost(nested('first: 50'))).toBeGreaterThan(7);
    expect(cost(nested('last: 200'))).toBe(cost(nested('first: 200')));
    // No slicing argument: the field's default page (20 at the root, 50 under a place), not DEFAULT_LIST_SIZE.
    expect(cost(nested(''))).toBe(cost(levels('first: 20', 'first: 50', 'first: 50')));
    expect(cost(nested(''))).toBeGreaterThan(cost(nested('first: 20')));
    expect(cost(nested('first: 200'))).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    await expectRefused(query(nested('first: 200')), 400, 'COST_LIMIT_EXCEEDED', 'estimated cost is', `limit is ${DEFAULT_LIMITS.maxCost}`);
    const small = await query(nested('first: 2'));
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    expect((small.body.data?.organisationsConnection as { edges: unknown[] } | undefined)?.edges).toHaveLength(2);
  });

  it('refuses depth 60 with 400 before the planner parses it (it answered 500 "Unexpected error." before)', async () => {
    await expectRefused(query(childrenParent(60)), 400, 'MAX_DEPTH_EXCEEDED', 'is 60');
  });

  it('refuses 10,000 aliases (by the document size), 700 short ones (by the token limit) and 40 (by the alias limit)', async () => {
    const aliases = (n: number, field: (i: number) => string) =>
      `{ place(id: "place:country:PL") { ${Array.from({ length: n }, (_, i) => field(i)).join(' ')} } }`;
    const many = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: place(id: "place:country:PL") { id }`).join(' ')} }`;
    await expectRefused(query(many), 400, 'DOCUMENT_TOO_LARGE', `limit is ${DEFAULT_LIMITS.maxDocumentBytes} bytes`);
    await expectRefused(query(aliases(700, (i) => `a${i}:id`)), 400, 'MAX_TOKENS_EXCEEDED', `more than ${DEFAULT_LIMITS.maxTokens}`);
    await expectRefused(
      query(aliases(40, (i) => `a${i}: id`)),
      400,
      'MAX_ALIASES_EXCEEDED',
      'is 40',
      `limit is ${DEFAULT_LIMITS.maxAliases}`,
    );
  });

  it('refuses more directives than the limit', async () => {
    const directives = Array.from({ length: 25 }, () => '@include(if: true)').join(' ');
    await expectRefused(query(`{ place(id: "place:country:PL") { id ${directives} } }`), 400, 'MAX_DIRECTIVES_EXCEEDED', 'is 25');
  });

  it('refuses a body above MAX_BODY_BYTES with 413, by its Content-Length and while a chunked body streams in', async () => {
    const big = JSON.stringify({ query: `{ place(name: "${'x'.repeat(2_000_000)}") { id } }` });
    await expectRefused(send(big), 413, 'REQUEST_TOO_LARGE', `${Buffer.byteLength(big)} bytes`, `${DEFAULT_LIMITS.maxBodyBytes} bytes`);
    // Without Content-Length: the gateway stops reading after the limit and answers while the client still sends.
    const before = gw.subgraphCalls();
    const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const url = new URL(gw.url);
      let sent = 0;
      let answered = false;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          answered = true;
          const sentBeforeAnswer = sent;
          let text = '';
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, sent: sentBeforeAnswer }));
        },
      );
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.write('{"query":"{ place(name: \\"');
      const chunk = 'y'.repeat(64 * 1024);
      // 10 MB if the gateway read it all; it answers once it has seen MAX_BODY_BYTES.
      const pump = () => {
        while (!answered && sent < 10_000_000) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end('\\") { id } }"}');
      };
      pump();
    });
    console.log(`chunked 10 MB body: HTTP ${status} after ${sent} bytes were written`);
    expect(status).toBe(413);
    expect(sent).toBeLessThan(10_000_000);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect(gw.subgraphCalls()).toBe(before);
  });

  it('refuses a query document above MAX_DOCUMENT_BYTES (a 900 KB string literal, under the body limit)', async () => {
    const literal = `{ organisations(name: "${'x'.repeat(900_000)}") { id } }`;
    await expectRefused(
      query(literal),
      400,
      'DOCUMENT_TOO_LARGE',
      `${literal.length} bytes`,
      `limit is ${DEFAULT_LIMITS.maxDocumentBytes} bytes`,
    );
  });

  it('refuses variables above MAX_VARIABLES_BYTES', async () => {
    const name = 'z'.repeat(100_000);
    await expectRefused(
      query('query($n: String!) { place(name: $n) { id } }', { n: name }),
      400,
      'VARIABLES_TOO_LARGE',
      `limit is ${DEFAULT_LIMITS.maxVariablesBytes} bytes`,
    );
  });

  it('still answers CityProfile in full after all of the above', async () => {
    const answer = await query(readOperation('CityProfile'), { name: 'Tarnow' }, 'CityProfile');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data?.place as { name?: string })?.name).toBe('Tarnów');
  });
});

describe('bad limit settings', () => {
  const env = (extra: Record<string, string>) => ({ SUPERGRAPH_PATH: join(root, 'schema', 'supergraph.graphql'), PORT: '0', ...extra });
  it('stop the gateway at start-up with one line naming the variable', async () => {
    for (const [variable, value] of [
      ['MAX_DEPTH', '-1'],
      ['MAX_COST', 'lots'],
      ['MAX_BODY_BYTES', '1.5'],
      ['DEFAULT_LIST_SIZE', '0'],
    ] as const) {
      const { code, stderr } = await runNode([join(root, 'gateway', 'dist', 'main.js')], env({ [variable]: value }), 30_000);
      expect(code, variable).not.toBe(0);
      expect(stderr.trim().split('\n'), variable).toEqual([
        `gateway failed to start: ${variable} must be a whole number of at least 1, got "${value}"`,
      ]);
    }
  });

  it('stop the hub at start-up with one line naming the variable', async () => {
    const { code, stderr } = await runNode([join(root, 'hub', 'dist', 'main.js')], { MAX_ALIASES: 'ten' }, 30_000);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual(['Regiograph failed to start: MAX_ALIASES must be a whole number of at least 1, got "ten"']);
  });
});
