import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveIdentities, type ResolutionResult } from '@regiograph/organisations';
import { describe, expect, it } from 'vitest';
import { identityInputFromFiles } from './identity-input.js';
import { createWiring, readCurated } from './wiring.js';

// The identity benchmark on the resolver's input exactly as the ingest builds it (connectors' records with
// their places, seeded organisations with the regions above them): a regression below the targets fails.
const require = createRequire(__filename);
type Pair = { a: string; b: string; label: string; difficulty: string; note: string; crossLanguage: string; kind: string };
type Score = { precision: number; recall: number; tp: number; fp: number; fn: number; tn: number; slices: Record<string, unknown> };
const { readPairs } = require('../../bench/identity/read-records.cjs') as { readPairs(file?: string): Pair[] };
const { evaluate, withoutPairs, crossLanguageRecall, shapeProblems, readTargets, weakSlices } =
  require('../../bench/identity/evaluate.cjs') as {
    evaluate(result: ResolutionResult, pairs: Pair[]): Score & { wrong: Array<{ a: string; kind: string }> };
    weakSlices(score: Score, minPairs: number, recall: number): Array<{ dimension: string; value: string; recall: number }>;
    withoutPairs(curated: ReturnType<typeof readCurated>, pairs: Pair[]): ReturnType<typeof readCurated>;
    crossLanguageRecall(score: Score): number;
    shapeProblems(pairs: Pair[], known: Set<string>, shape: unknown): string[];
    readTargets(): {
      floors: { precision: number; recall: number; crossLanguageRecall: number; withCurationPrecision: number };
      shape: unknown;
    };
  };
const targets = readTargets();

describe('identity resolution on the labelled pairs, as the ingest runs it', () => {
  const input = identityInputFromFiles(createWiring().connectors);
  const pairs = readPairs();
  const curated = readCurated();

  it('reads every record and seeded organisation the labelled pairs name', () => {
    expect(input.records.length).toBeGreaterThan(29_000);
    const known = new Set([...input.records.map((r) => r.id), ...(input.anchors ?? []).map((a) => a.id)]);
    // The set's shape (bench/identity/targets.json): size, share across languages, pairs per kind of body,
    // every ID in the files, no duplicate pair.
    expect(shapeProblems(pairs, known, targets.shape)).toEqual([]);
    // Seeded organisations carry the regions above their place (Tarnów: PL217, PL21), as the data module gives them.
    expect(input.anchors?.find((a) => a.id === 'org:municipality:PL:1263011')?.placeIds).toEqual(
      expect.arrayContaining(['place:lau:PL:1263011', 'place:nuts:PL217']),
    );
  });

  it('stays at or above the floors of bench/identity/targets.json on rules alone, and recalls more with the curated file', () => {
    const rules = evaluate(resolveIdentities(input, withoutPairs(curated, pairs)), pairs);
    expect(rules.precision).toBeGreaterThanOrEqual(targets.floors.precision);
    expect(rules.recall).toBeGreaterThanOrEqual(targets.floors.recall);
    expect(crossLanguageRecall(rules)).toBeGreaterThanOrEqual(targets.floors.crossLanguageRecall);
    const withCuration = evaluate(resolveIdentities(input, curated), pairs);
    expect(withCuration.precision).toBeGreaterThanOrEqual(targets.floors.withCurationPrecision);
    // At least as much: once the rules find every pair a curated entry settles, the file adds nothing here.
    expect(withCuration.recall).toBeGreaterThanOrEqual(rules.recall);
  }, 240_000); // whole-load resolutions: tens of seconds alone on two cores, several times that beside other test files

  it('scores per slice and reports a thin or broken set (the checks behind the benchmark can fail)', () => {
    const pair = (a: string, b: string, label: string, crossLanguage: string, kind: string): Pair =>
      ({ a, b, label, difficulty: 'hard', note: '', crossLanguage, kind, country: 'PL', sources: 'EEA×Kohesio' }) as Pair;
    const pairs = [
      pair('r1', 'r2', 'same', 'yes', 'municipality'),
      pair('r3', 'r4', 'same', 'yes', 'municipality'),
      pair('r5', 'r6', 'same', 'no', 'hospital'),
      pair('r1', 'r5', 'different', 'no', 'hospital'),
      pair('r2', 'r1', 'same', 'yes', 'municipality'),
    ];
    // r1, r2 and r5 in one organisation: cross-language pairs found and missed, a false merge of a hospital.
    const result = {
      organisations: [],
      assignments: [
        { recordId: 'r1', organisationId: 'o1' },
        { recordId: 'r2', organisationId: 'o1' },
        { recordId: 'r3', organisationId: 'o3' },
        { recordId: 'r4', organisationId: 'o4' },
        { recordId: 'r5', organisationId: 'o1' },
        { recordId: 'r6', organisationId: 'o6' },
      ],
    } as unknown as ResolutionResult;
    const s = evaluate(result, pairs);
    expect([s.tp, s.fp, s.fn, s.tn]).toEqual([2, 1, 2, 0]);
    expect(crossLanguageRecall(s)).toBeCloseTo(2 / 3);
    expect(s.wrong.map((w) => `${w.kind} ${w.a}`).sort()).toEqual(['FN r3', 'FN r5', 'FP r1']);
    expect(weakSlices(s, 2, 0.6).map((w) => `${w.dimension}=${w.value}`)).toEqual([
      'across languages=no',
      'kind of body=hospital',
      'country=PL',
      'sources=EEA×Kohesio',
    ]);
    // r3 ~ r4 ~ r7 by same pairs, so r3 ~ r7 cannot be different.
    const chain = [pair('r4', 'r7', 'same', 'yes', 'municipality'), pair('r3', 'r7', 'different', 'yes', 'municipality')];
    const problems = shapeProblems([...pairs, ...chain], new Set(['r1', 'r2', 'r3', 'r4', 'r5', 'r7']), {
      minPairs: 6,
      minCrossLanguageShare: 0.75,
      minPerKind: 3,
      kinds: ['municipality', 'hospital'],
    });
    expect(problems).toEqual([
      '5 of 7 pairs across languages, less than 0.75',
      '2 pairs of kind hospital, fewer than 3',
      'unknown ID r6',
      'duplicate pair r1 ~ r2',
      'r3 ~ r7 labelled different, but a chain of same pairs joins them',
    ]);
    expect(
      shapeProblems(pairs, new Set(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']), {
        minPairs: 6,
        minCrossLanguageShare: 0,
        minPerKind: 0,
        kinds: ['municipality', 'hospital'],
      }),
    ).toEqual(['5 pairs, fewer than 6', 'duplicate pair r1 ~ r2']);
  });

  it('refuses a pairs file with a wrong header or a short line, naming the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-pairs-'));
    const header = 'a,b,label,difficulty,note,cross_language,kind,country,sources';
    const old = join(dir, 'old.csv');
    writeFileSync(old, 'a,b,label,difficulty,note\nx,y,same,easy,n\n');
    expect(() => readPairs(old)).toThrow(`${old}:1: expected the header ${header}`);
    const short = join(dir, 'short.csv');
    writeFileSync(short, `${header}\nx,y,same,easy,"a note, with a comma",yes,municipality,PL,EEA×Kohesio\nx,z,same,easy,n,yes\n`);
    expect(() => readPairs(short)).toThrow(`${short}:3: expected 9 cells, found 6`);
    const good = join(dir, 'good.csv');
    writeFileSync(good, `${header}\nx,y,same,easy,"a note, with a ""quote""",yes,municipality,PL,EEA×Kohesio\n`);
    expect(readPairs(good)).toEqual([
      {
        a: 'x',
        b: 'y',
        label: 'same',
        difficulty: 'easy',
        note: 'a note, with a "quote"',
        crossLanguage: 'yes',
        kind: 'municipality',
        country: 'PL',
        sources: 'EEA×Kohesio',
      },
    ]);
  });

  it("keeps an organisation's ID when records of a higher-ranked source join it later (Kohesio first, then EEA Grants)", () => {
    const kohesio = input.records.filter((r) => r.dataset === 'kohesio-beneficiaries');
    const first = resolveIdentities({ records: kohesio, anchors: input.anchors }, curated);
    const link = new Map(first.assignments.map((a) => [a.recordId, a.organisationId]));
    const kaunas = link.get('kohesio/beneficiary:LT:5faef34e0bf8');
    expect(kaunas).toBe('org:kohesio:LT:administracija-kauno-miesto-savivaldybes');
    const second = resolveIdentities(
      { records: input.records.map((r) => ({ ...r, organisationId: link.get(r.id) ?? null })), anchors: input.anchors },
      curated,
    );
    const after = new Map(second.assignments.map((a) => [a.recordId, a.organisationId]));
    // The EEA Grants record of Kaunas joins the Kohesio-born organisation instead of renaming it.
    expect(after.get('eea-grants/organisation:879')).toBe(kaunas);
    expect([...link].filter(([record, org]) => after.get(record) !== org)).toEqual([]);
    // Without earlier links the same cluster would be named after its EEA record.
    expect(resolveIdentities(input, curated).assignments.find((a) => a.recordId === 'eea-grants/organisation:879')?.organisationId).toBe(
      'org:eea-grants:879',
    );
  }, 240_000); // three whole-load resolutions (see above)
});
