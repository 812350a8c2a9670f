// Scores a resolution against the labelled pairs: a pair is predicted "same" when both IDs (records or
// seeded organisations) end in one canonical organisation. Overall and per slice (the slice columns of
// pairs.csv: across languages or not, kind of body, country, source combination).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The targets and the floors the tests enforce (bench/identity/targets.json). */
function readTargets(file = join(__dirname, 'targets.json')) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function score(outcomes) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const o of outcomes) {
    if (o.predicted && o.actual) tp++;
    else if (o.predicted) fp++;
    else if (o.actual) fn++;
    else tn++;
  }
  // No predicted same pair: precision is undefined, reported as 1 (nothing was merged wrongly).
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { pairs: outcomes.length, same: tp + fn, tp, fp, fn, tn, precision, recall, f1 };
}

function outcomesOf(result, pairs) {
  const orgOf = new Map(result.assignments.map((a) => [a.recordId, a.organisationId]));
  const anchored = new Set(result.organisations.filter((o) => o.anchored).map((o) => o.id));
  const clusterOf = (id) => orgOf.get(id) ?? (anchored.has(id) || id.startsWith('org:') ? id : undefined);
  return pairs.map((p) => {
    const orgA = clusterOf(p.a);
    const orgB = clusterOf(p.b);
    return { pair: p, orgA, orgB, predicted: orgA !== undefined && orgA === orgB, actual: p.label === 'same' };
  });
}

/** The slice dimensions of a pair, as printed by the benchmark. */
const DIMENSIONS = {
  'across languages': (p) => p.crossLanguage,
  'kind of body': (p) => p.kind,
  country: (p) => p.country,
  sources: (p) => p.sources,
};

function evaluate(result, pairs) {
  const outcomes = outcomesOf(result, pairs);
  const wrong = outcomes
    .filter((o) => o.predicted !== o.actual)
    .map((o) => ({ ...o.pair, kind: o.predicted ? 'FP' : 'FN', bodyKind: o.pair.kind, orgA: o.orgA, orgB: o.orgB }));
  const slices = {};
  for (const [dimension, sliceOf] of Object.entries(DIMENSIONS)) {
    const groups = new Map();
    for (const o of outcomes) {
      const value = sliceOf(o.pair) || '(none)';
      groups.set(value, [...(groups.get(value) ?? []), o]);
    }
    slices[dimension] = [...groups]
      .map(([value, list]) => ({ value, ...score(list) }))
      .sort((x, y) => y.pairs - x.pairs || x.value.localeCompare(y.value));
  }
  return { ...score(outcomes), wrong, slices };
}

/**
 * Slices (of at least `minPairs` pairs and with same pairs) whose recall is below `recall`, and the
 * cross-language recall: what the targets speak of.
 */
function weakSlices(s, minPairs, recall) {
  return Object.entries(s.slices).flatMap(([dimension, list]) =>
    list.filter((x) => x.pairs >= minPairs && x.same > 0 && x.recall < recall).map((x) => ({ dimension, ...x })),
  );
}

const crossLanguageRecall = (s) => s.slices['across languages'].find((x) => x.value === 'yes')?.recall ?? 1;

/** The curated file without every entry that touches a labelled pair's IDs (so the rules are measured alone). */
function withoutPairs(curated, pairs) {
  const ids = new Set(pairs.flatMap((p) => [p.a, p.b]));
  return {
    same: curated.same.filter((g) => !g.records.some((id) => ids.has(id))),
    distinct: curated.distinct.filter((d) => !d.records.some((id) => ids.has(id))),
  };
}

/** The set's shape against targets.json's `shape`: problems as sentences (empty when the set is fit). */
function shapeProblems(pairs, known, shape) {
  const problems = [];
  if (pairs.length < shape.minPairs) problems.push(`${pairs.length} pairs, fewer than ${shape.minPairs}`);
  const cross = pairs.filter((p) => p.crossLanguage === 'yes').length;
  if (cross < shape.minCrossLanguageShare * pairs.length)
    problems.push(`${cross} of ${pairs.length} pairs across languages, less than ${shape.minCrossLanguageShare}`);
  for (const kind of shape.kinds) {
    const n = pairs.filter((p) => p.kind === kind).length;
    if (n < shape.minPerKind) problems.push(`${n} pairs of kind ${kind}, fewer than ${shape.minPerKind}`);
  }
  const seen = new Set();
  for (const p of pairs) {
    const key = [p.a, p.b].sort().join(' ~ ');
    if (p.a === p.b) problems.push(`pair of one record with itself: ${p.a}`);
    if (seen.has(key)) problems.push(`duplicate pair ${key}`);
    seen.add(key);
    for (const id of [p.a, p.b]) if (!known.has(id)) problems.push(`unknown ID ${id}`);
    if (!['same', 'different'].includes(p.label)) problems.push(`label '${p.label}' of ${key}`);
    if (!['yes', 'no'].includes(p.crossLanguage)) problems.push(`cross_language '${p.crossLanguage}' of ${key}`);
    if (![...shape.kinds, 'other'].includes(p.kind)) problems.push(`kind '${p.kind}' of ${key}`);
    if (!p.country || !p.sources) problems.push(`country or sources missing for ${key}`);
  }
  // Labels must agree by transitivity: records joined by a chain of same pairs cannot be labelled different.
  const parent = new Map();
  const root = (id) => {
    let x = id;
    while (parent.has(x)) x = parent.get(x);
    return x;
  };
  for (const p of pairs.filter((q) => q.label === 'same')) {
    const [a, b] = [root(p.a), root(p.b)];
    if (a !== b) parent.set(a, b);
  }
  for (const p of pairs.filter((q) => q.label === 'different' && root(q.a) === root(q.b)))
    problems.push(`${p.a} ~ ${p.b} labelled different, but a chain of same pairs joins them`);
  return problems;
}

module.exports = { evaluate, withoutPairs, weakSlices, crossLanguageRecall, shapeProblems, readTargets, DIMENSIONS };
