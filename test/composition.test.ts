import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../hub/src/compose.js';

const root = join(__dirname, '..');
const committed = (file: string) => readFileSync(join(root, 'schema', file), 'utf8');

describe('composition', () => {
  it('composes the five subgraphs into exactly the committed supergraph and subgraph SDL', async () => {
    const { files, errors } = await composeSupergraph(root);
    expect(errors).toEqual([]);
    expect([...files.keys()].map((f) => f.slice(root.length + 1)).sort()).toEqual([
      'schema/events.graphql',
      'schema/funding.graphql',
      'schema/organisations.graphql',
      'schema/outcomes.graphql',
      'schema/projects.graphql',
      'schema/supergraph.graphql',
    ]);
    for (const [file, text] of files) expect(text, `${file} is stale: run npm run compose`).toBe(readFileSync(file, 'utf8'));
  });

  it('gives every shared entity one owner, whose fields only it resolves; the others add fields through @key stubs', () => {
    const supergraph = committed('supergraph.graphql');
    const owned: Array<[string, string, string]> = [
      ['Place', 'name', 'ORGANISATIONS'],
      ['Organisation', 'name', 'ORGANISATIONS'],
      ['Network', 'name', 'ORGANISATIONS'],
      ['Project', 'title', 'PROJECTS'],
      ['Programme', 'name', 'FUNDING'],
      ['Event', 'name', 'EVENTS'],
      ['Outcome', 'kind', 'OUTCOMES'],
    ];
    for (const [type, field, owner] of owned) {
      const start = supergraph.indexOf(`type ${type} @join__type`);
      expect(start, type).toBeGreaterThanOrEqual(0);
      const block = supergraph.slice(start, supergraph.indexOf('\n}', start));
      expect(block, type).toContain(`@join__type(graph: ${owner}, key: "id")`);
      // A type declared by one subgraph only needs no @join__field; where others stub it, the owner's fields say so.
      if ((block.match(/@join__type\(/g) ?? []).length > 1)
        expect(block, `${type}.${field}`).toMatch(new RegExp(`\\n  ${field}: [^\\n]*@join__field\\(graph: ${owner}\\)`));
    }
    expect(supergraph).not.toMatch(/@extends|@external/);
  });

  it('keeps Elastic-licensed gateway, composition and query-planner packages out of the runtime: dev-only, for the benchmark', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; license?: string }>;
    };
    const installed = Object.keys(lock.packages);
    // bench:scale compares our gateway with @apollo/gateway (issue 9 §5): a devDependency of the root only, so the
    // Dockerfile's `npm prune --omit=dev` removes it and what it pulls in from the image.
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of ['@apollo/gateway', '@apollo/composition', '@apollo/query-planner']) {
      expect(manifest.dependencies[name], name).toBeUndefined();
      const entries = installed.filter((p) => p.endsWith(`node_modules/${name}`));
      expect(
        entries.map((p) => [p, lock.packages[p]?.dev]),
        name,
      ).toEqual(entries.map((p) => [p, true]));
    }
    // No runtime code imports them: only the benchmark script does.
    const pattern = "@apollo/(gateway|composition|query-planner)['/]";
    const found = spawnSync('git', ['grep', '-l', '-E', pattern, '--', 'lib', 'gateway', 'hub', 'ingest', 'subgraphs'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(found.stdout.trim()).toBe('');
    expect(found.status, 'git grep: 1 means no match').toBe(1);
    expect(installed.some((p) => p.endsWith('node_modules/@graphql-hive/router-runtime'))).toBe(true);
  });
});
