// Scores a resolution against the labelled pairs: a pair is predicted "same" when both IDs (records or
// seeded organisations) end in one canonical organisation.
function evaluate(result, pairs) {
  const orgOf = new Map(result.assignments.map((a) => [a.recordId, a.organisationId]));
  const anchored = new Set(result.organisations.filter((o) => o.anchored).map((o) => o.id));
  const clusterOf = (id) => orgOf.get(id) ?? (anchored.has(id) || id.startsWith('org:') ? id : undefined);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const wrong = [];
  for (const p of pairs) {
    const ca = clusterOf(p.a);
    const cb = clusterOf(p.b);
    const predicted = ca !== undefined && ca === cb;
    const actual = p.label === 'same';
    if (predicted && actual) tp++;
    else if (predicted && !actual) {
      fp++;
      wrong.push({ ...p, kind: 'FP', orgA: ca, orgB: cb });
    } else if (!predicted && actual) {
      fn++;
      wrong.push({ ...p, kind: 'FN', orgA: ca, orgB: cb });
    } else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1, wrong };
}

/** The curated file without every entry that touches a labelled pair's IDs (so the rules are measured alone). */
function withoutPairs(curated, pairs) {
  const ids = new Set(pairs.flatMap((p) => [p.a, p.b]));
  return {
    same: curated.same.filter((g) => !g.records.some((id) => ids.has(id))),
    distinct: curated.distinct.filter((d) => !d.records.some((id) => ids.has(id))),
  };
}

module.exports = { evaluate, withoutPairs };
