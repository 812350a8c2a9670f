import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_ENV_VARS, SUBGRAPH_NAMES } from '@regiograph/gateway';
import { inListOrder, subgraphList } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../hub/src/hub.js';

// subgraphs.json is the one list of subgraphs; what cannot read it (JSON and YAML files) is checked against it.
const root = join(__dirname, '..');
const names = subgraphList().map((s) => s.name);
const references = (file: string) =>
  (JSON.parse(readFileSync(join(root, file), 'utf8')) as { references: Array<{ path: string }> }).references
    .map((r) => /subgraphs\/([^/]+)$/.exec(r.path)?.[1])
    .filter((n): n is string => Boolean(n));

describe('the list of subgraphs (subgraphs.json)', () => {
  it('names every folder under subgraphs/, and nothing else', () => {
    const folders = readdirSync(join(root, 'subgraphs')).filter((n) => statSync(join(root, 'subgraphs', n)).isDirectory());
    expect([...folders].sort()).toEqual([...names].sort());
    expect(names).toHaveLength(5);
  });

  it('gives the hub its subgraphs in that order, each on the port listed', () => {
    expect(SUBGRAPHS.map((m) => m.name)).toEqual(names);
    expect(SUBGRAPHS.map((m) => m.defaultPort)).toEqual(subgraphList().map((s) => s.port));
  });

  it('gives the gateway one URL variable per subgraph', () => {
    expect([...SUBGRAPH_NAMES]).toEqual(names);
    for (const name of names) expect(GATEWAY_ENV_VARS).toContain(`${name.toUpperCase()}_URL`);
  });

  it('is what every TypeScript project that builds the subgraphs references', () => {
    for (const file of ['tsconfig.json', 'hub/tsconfig.json', 'ingest/tsconfig.json']) expect(references(file), file).toEqual(names);
  });

  it('is what docker-compose.yml runs, one service per subgraph on its port', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    for (const { name, port } of subgraphList()) expect(compose.services[name]?.environment?.PORT, name).toBe(String(port));
  });

  it('stops a launcher whose imports differ from the list, naming the difference', () => {
    const some = names.slice(1).map((name) => ({ name }));
    expect(() => inListOrder([...some, { name: 'extra' }], 'a launcher')).toThrow(
      `a launcher imports other subgraphs than subgraphs.json lists (missing: ${names[0]}; not listed: extra)`,
    );
    expect(
      inListOrder(
        [...names].reverse().map((name) => ({ name })),
        'a launcher',
      ).map((m) => m.name),
    ).toEqual(names);
  });
});
