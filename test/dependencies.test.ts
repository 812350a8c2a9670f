import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The Docker image prunes devDependencies, so everything the services import at run time must be a
// runtime dependency. (This once broke: `yaml` was a devDependency imported by the seed loader.)
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

describe('runtime dependencies', () => {
  it('lists every package the services import at run time under dependencies, not devDependencies', () => {
    const dirs = ['lib/src', 'gateway/src', 'hub/src', ...readdirSync(join(root, 'subgraphs')).map((s) => `subgraphs/${s}/src`)];
    const missing = new Set<string>();
    let imports = 0;
    for (const dir of dirs) {
      for (const file of sources(join(root, dir))) {
        if (file.endsWith('testing.ts')) continue; // test helpers, not loaded by the services
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:^|\n)import\s+(?!type\s)[^'"]*['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/g)) {
          const specifier = match[1] ?? match[2] ?? '';
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
          imports += 1;
          const name = packageOf(specifier);
          if (name.startsWith('@regiograph/')) continue;
          if (!pkg.dependencies[name]) missing.add(`${name} (${file.slice(root.length + 1)})`);
        }
      }
    }
    expect(imports).toBeGreaterThan(50);
    expect([...missing]).toEqual([]);
  });

  it('declares in each workspace the packages its own code imports, at the versions the root pins', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'workspace-deps.cjs')], { encoding: 'utf8' });
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});
