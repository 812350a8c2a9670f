import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { bundledFolders, SOURCE_FOLDERS } from './sources.js';
import { createWiring } from './wiring.js';

const bundled = join(repoRoot(), 'data', 'sources');

describe('the bundled source folders', () => {
  it('gives every connector its folders, so that `all` loads every source', () => {
    expect(SOURCE_FOLDERS.map((s) => s.source).sort()).toEqual(
      createWiring()
        .connectors.map((c) => c.name)
        .sort(),
    );
  });

  it('reads every folder the repository ships, each by one source', () => {
    const shipped = readdirSync(bundled).filter((name) => statSync(join(bundled, name)).isDirectory());
    const read = SOURCE_FOLDERS.flatMap((s) => s.folders);
    expect(read.sort()).toEqual(shipped.sort());
  });

  it('ships each folder with its SOURCE.md naming a licence', () => {
    for (const folder of SOURCE_FOLDERS.flatMap((s) => s.folders)) {
      const note = readFileSync(join(bundled, folder, 'SOURCE.md'), 'utf8');
      expect(note, folder).toMatch(/^- Licence: \S/m);
    }
  });

  it('names the missing folder and the variable to set when a folder is not there', () => {
    expect(() => bundledFolders('countries', join(bundled, 'country-codes'))).toThrow(UsageError);
    expect(() => bundledFolders('countries', join(bundled, 'country-codes'))).toThrow(
      `${join(bundled, 'country-codes', 'country-codes')} missing); set SOURCES_DIR`,
    );
    expect(() => bundledFolders('identities')).toThrow('no bundled files for source "identities"');
    expect(bundledFolders('nuts', bundled)).toEqual([join(bundled, 'nuts-2021-2024'), join(bundled, 'kohesio-nuts-wikidata')]);
  });
});
