import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The held-out identity set (bench/identity/holdout.csv) must stay independent of the set the resolver is tuned
// on (pairs.csv) and keep the shape its README section states. Only the set's shape is checked here: the
// resolver's figures on it are read with `npm run bench:identity -- --set holdout`, never enforced as floors,
// so tuning cannot be steered by a test failing on it.
const require = createRequire(__filename);
type Pair = { a: string; b: string; label: string; crossLanguage: string; kind: string; country: string; sources: string };
type Record = { id: string; dataset: string };
const bench = join(__dirname, '../../bench/identity');
const { readPairs, readAllRecords, readAnchors } = require('../../bench/identity/read-records.cjs') as {
  readPairs(file?: string): Pair[];
  readAllRecords(): Record[];
  readAnchors(): Array<{ id: string }>;
};
const { shapeProblems } = require('../../bench/identity/evaluate.cjs') as {
  shapeProblems(pairs: Pair[], known: Set<string>, shape: unknown): string[];
};

/** The shape the held-out set was drawn to (bench/identity/README.md, "Held-out set"). */
const HOLDOUT_SHAPE = {
  minPairs: 1000,
  minCrossLanguageShare: 0.5,
  minPerKind: 40,
  kinds: ['municipality', 'region', 'university', 'ministry', 'agency', 'hospital', 'school', 'company', 'ngo'],
};
const key = (p: Pair) => [p.a, p.b].sort().join(' ~ ');

describe('the held-out identity set', () => {
  const holdout = readPairs(join(bench, 'holdout.csv'));
  const tuning = readPairs(join(bench, 'pairs.csv'));

  it('has the columns, size, cross-language share and kinds it states, every ID in the files and no duplicate', () => {
    const records = readAllRecords();
    const known = new Set([...records.map((r) => r.id), ...readAnchors().map((a) => a.id)]);
    // shapeProblems also rejects a label contradicted by a chain of same pairs.
    expect(shapeProblems(holdout, known, HOLDOUT_SHAPE)).toEqual([]);
    expect(holdout.filter((p) => p.label === 'same').length).toBeGreaterThanOrEqual(150);
  });

  it('shares no pair with pairs.csv, and no record but the keep.eu partners (all seven are in pairs.csv)', () => {
    const tuned = new Set(tuning.map(key));
    expect(holdout.filter((p) => tuned.has(key(p))).map(key)).toEqual([]);
    const tunedRecords = new Set(tuning.flatMap((p) => [p.a, p.b]));
    const shared = holdout.flatMap((p) => [p.a, p.b]).filter((id) => tunedRecords.has(id));
    expect(shared.filter((id) => !id.startsWith('keep.eu/'))).toEqual([]);
  });

  it('is split into a tuning half and a test half that partition it and share no record', () => {
    const { split } = require('../../bench/identity/split-holdout.cjs') as { split(text: string): { tune: string; test: string } };
    const halves = split(readFileSync(join(bench, 'holdout.csv'), 'utf8'));
    // The committed halves are the split of today's holdout.csv.
    expect(readFileSync(join(bench, 'holdout-tune.csv'), 'utf8')).toBe(halves.tune);
    expect(readFileSync(join(bench, 'holdout-test.csv'), 'utf8')).toBe(halves.test);
    const tune = readPairs(join(bench, 'holdout-tune.csv'));
    const test = readPairs(join(bench, 'holdout-test.csv'));
    expect(tune.length + test.length).toBe(holdout.length);
    expect(new Set([...tune, ...test].map(key)).size).toBe(holdout.length);
    const tuneRecords = new Set(tune.flatMap((p) => [p.a, p.b]));
    expect(test.flatMap((p) => [p.a, p.b]).filter((id) => tuneRecords.has(id))).toEqual([]);
    expect(test.filter((p) => p.label === 'same').length).toBeGreaterThanOrEqual(60);
  });

  it('reports a broken held-out set (the shape check can fail)', () => {
    const [first, second] = holdout as [Pair, Pair];
    const known = new Set(holdout.flatMap((p) => [p.a, p.b]));
    const broken = [first, { ...first }, { ...second, a: 'kohesio/beneficiary:XX:000000000000' }, ...holdout.slice(2)];
    expect(shapeProblems(broken, known, HOLDOUT_SHAPE)).toEqual(
      expect.arrayContaining([`duplicate pair ${key(first)}`, 'unknown ID kohesio/beneficiary:XX:000000000000']),
    );
  });
});
