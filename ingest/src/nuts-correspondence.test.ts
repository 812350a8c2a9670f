import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { parseDelimited, readInput } from './formats.js';
import { nutsCorrespondence, nutsLevel, readNutsCorrespondence, resolveNuts } from './reference.js';

const SOURCES = sourcesDir();
const read = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(SOURCES, ...parts), 'utf8')) as T;

/** Every NUTS code (3 to 5 characters) the EEA Grants files, the keep.eu aggregates and kohesio-regions.csv use. */
function codesTheSourcesUse(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (code: unknown, where: string) => {
    if (typeof code !== 'string') return;
    const c = code.trim().toUpperCase();
    if (c.length >= 3 && c.length <= 5 && !found.has(c)) found.set(c, where);
  };
  const eea = 'eea-grants-2009-2014';
  for (const f of ['projects-PL.json', 'projects-RO.json', 'grants-PL.json', 'grants-RO.json']) {
    for (const r of read<Array<{ id: string }>>(eea, f)) add(r.id, f);
  }
  type Org = { nuts?: string };
  type Entry = Record<string, unknown> & { DPP_nuts?: string; projects?: Record<string, { src_nuts?: string[]; dst_nuts?: string[] }> };
  for (const e of read<Entry[]>(eea, 'partners.json')) {
    for (const role of ['PO', 'PJDPP', 'PJPT'])
      for (const o of Object.values((e[role] ?? {}) as Record<string, Org>)) add(o.nuts, 'partners.json');
    add(e.DPP_nuts, 'partners.json');
    for (const p of Object.values(e.projects ?? {}))
      for (const c of [...(p.src_nuts ?? []), ...(p.dst_nuts ?? [])]) add(c, 'partners.json');
  }
  for (const r of read<Array<{ programmes: Record<string, { nuts?: Record<string, unknown> }> }>>(eea, 'projects.json')) {
    for (const p of Object.values(r.programmes)) for (const c of Object.keys(p.nuts ?? {})) add(c, 'projects.json');
  }
  const keep = readInput(join(SOURCES, 'keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv'));
  for (const { record } of parseDelimited(keep, ',').rows) {
    if (record.match !== 'none' && record.match !== 'ambiguous')
      for (const c of (record.nuts3_code_matched ?? '').split('|')) add(c, 'keep.eu aggregates');
  }
  const kohesio = readInput(join(__dirname, '..', 'reference', 'kohesio-regions.csv'));
  for (const { record } of parseDelimited(kohesio).rows) add(record.nuts_code, 'kohesio-regions.csv');
  return found;
}

describe('NUTS correspondence table', () => {
  it('resolves every NUTS code the source files use to a current region (or, for a region only the country contains, the country)', () => {
    const codes = codesTheSourcesUse();
    expect(codes.size).toBeGreaterThan(1000);
    const unresolved = [...codes].filter(([code]) => !resolveNuts(code).placeId).map(([code, where]) => `${code} (${where})`);
    expect(unresolved).toEqual([]);
    // The older codes the issue names: Polish, Lithuanian, Slovenian, Hungarian, Croatian, Greek, Portuguese.
    expect(resolveNuts('PL113')).toEqual({ placeId: 'place:nuts:PL711', how: 'correspondence', relation: 'same' });
    expect(resolveNuts('PL127').placeId).toBe('place:nuts:PL911');
    expect(resolveNuts('LT00A').placeId).toBe('place:nuts:LT011');
    expect(resolveNuts('SI021')).toMatchObject({ placeId: 'place:nuts:SI0', relation: 'split' });
    expect(resolveNuts('HU10').placeId).toBe('place:nuts:HU1');
    expect(resolveNuts('HR041').placeId).toBe('place:nuts:HR050');
    expect(resolveNuts('GR300').placeId).toBe('place:nuts:EL30');
    expect(resolveNuts('PT170').placeId).toBe('place:nuts:PT1');
  });

  it('maps each older code to a NUTS 2024 region, a split one to a region above its own level', () => {
    const rows = [...nutsCorrespondence().values()];
    expect(rows.length).toBeGreaterThan(150);
    for (const r of rows) {
      expect(nutsLevel(r.code), `${r.code} is not a NUTS 2024 code`).toBeNull();
      if (r.current.length > 2) expect(nutsLevel(r.current), `${r.code} -> ${r.current}`).not.toBeNull();
      const prefix = (c: string) => ({ GR: 'EL' })[c.slice(0, 2)] ?? c.slice(0, 2);
      expect(prefix(r.current), r.code).toBe(prefix(r.code));
      // The smallest current region containing the parts of a split region lies above the old region's level.
      if (r.relation === 'split') expect(r.current.length, `${r.code} split -> ${r.current}`).toBeLessThan(r.code.length);
    }
  });

  it('gives no place, not the country, to a code in no table', () => {
    expect(resolveNuts('PL999')).toEqual({ placeId: null, how: 'unknown' });
    expect(resolveNuts('XX123')).toEqual({ placeId: null, how: 'none' });
    expect(resolveNuts('PL')).toEqual({ placeId: 'place:country:PL', how: 'nuts-2024' });
    expect(resolveNuts('NL332')).toEqual({ placeId: 'place:nuts:NL361', how: 'nuts-2021' });
  });

  it('refuses a table with a bad row by its file, line, column and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nuts-correspondence-'));
    const head = 'code,label,last_version,current,relation,note';
    const good = 'PL127,Miasto Warszawa,2013,PL911,same,';
    const table = (name: string, ...rows: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, [head, good, ...rows].join('\n'));
      return path;
    };
    expect(readNutsCorrespondence(table('good.csv')).get('PL127')).toMatchObject({ current: 'PL911', relation: 'same' });
    for (const [row, message] of [
      ['PL113,Miasto Łódź,2013,PL711,near,', 'relation: relation must be same, within or split, not "near"'],
      ['PL113,Miasto Łódź,2013,PL7Z,same,', 'current: PL7Z is not a NUTS 2024 code or a country'],
      ['PL113,Miasto Łódź,2014,PL711,same,', 'last_version: "2014" is not a NUTS version'],
      ['PL911,Miasto Warszawa,2021,PL911,same,', 'code: PL911 is a NUTS 2024 code: it needs no row'],
      ['pl113,Miasto Łódź,2013,PL711,same,', 'code: "pl113" is not a NUTS code'],
      ['PL127,Miasto Warszawa,2013,PL911,same,', 'code: PL127 is listed twice'],
    ] as const) {
      const path = table('bad.csv', row);
      expect(() => readNutsCorrespondence(path), row).toThrow(`${path}:3: ${message}`);
    }
  });
});
