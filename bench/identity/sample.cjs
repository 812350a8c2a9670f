#!/usr/bin/env node
// Draws candidate pairs for the identity set from the EEA Grants, Kohesio and keep.eu files, deterministically
// (fixed seed), WITHOUT the resolver or its name keys: candidates come from blocks of one country whose names
// share a rare word stem after transliteration (a place or body name: "City of Suwałki" / "MIASTO SUWAŁKI"), or
// a ministry/agency topic from the word lists of strata.cjs ("Ministry of Culture" / "Министерство на
// културата"), and are stratified by source combination x kind of body x across languages or not, so each
// stratum gets its share whatever the resolver does with it. The labeller reads each candidate and writes the
// pairs they can settle into pairs.csv (see README.md); this script never labels anything.
//
// Usage: node bench/identity/sample.cjs [--seed N] [--cross-only] [--exclude PAIRS.csv] [--out FILE]
//   --exclude: the pairs already labelled, never drawn again (default pairs.csv; any CSV whose first two
//   columns are the record IDs, so an earlier version from git redraws an earlier round exactly). Several
//   files may be given, comma-separated (pairs.csv,holdout.csv: a held-out round draws nothing either holds).
//   --exclude-records FILE[,FILE]: no candidate has a record that a pair of these files names (a held-out set
//   whose records the resolver was never tuned on, not only its pairs); their pairs are excluded as well.
//   --cross-only: a round of cross-language candidates only (pairs already labelled are never drawn).
//   --close-only: a round of the closest candidates only (most of their cues shared, up to 8 per stratum), where
//   the same pairs and the hardest negatives are; it gives the kinds with few same pairs their share. With
//   --cross-only as well, only the cross-language strata. --kinds a,b: only the strata of these kinds.
//   --country NO,EE: only blocks of these countries (a round for countries with few same pairs).
//   --max-block N: a stem shared by up to N records of a country is still a cue (default 25; a round for a
//   country whose capital or county names fill many Kohesio rows needs more, e.g. Tartu and Tallinn).
//   --sources EEA×Kohesio: only the strata of these source combinations (comma-separated).
//   --quota N: draws per stratum, instead of the defaults above (a round for thin strata wants more).
//   writes FILE (default bench/identity/candidates.tsv): one candidate per line, both records side by side.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { readAllRecords, readPairs } = require('./read-records.cjs');
const { kindOf, recordLanguage, crossLanguage, sourceCombination, topicsOf, cueStems } = require('./strata.cjs');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const SEED = Number(option('seed', '20261201'));
// Cross-language strata get more draws: the set must be at least half across languages or scripts.
// EEA Grants names are English and Kohesio's national (or Cyrillic), so EEA×Kohesio carries most of them.
const PER_STRATUM = {
  'EEA×Kohesio': { yes: 16, no: 5 },
  'Kohesio×Kohesio': { yes: 12, no: 4 },
  'EEA×EEA': { yes: 4, no: 4 },
  'keep.eu×others': { yes: 10, no: 10 },
};
/** Of a stratum's draws, up to this share comes from pairs whose cues overlap most (likely the same body or a
 * hard negative); the rest are drawn from the whole stratum. */
const CLOSE_SHARE = 0.6;
const CROSS_ONLY = process.argv.includes('--cross-only');
const CLOSE_ONLY = process.argv.includes('--close-only');
/** --kinds school,ngo: only the strata of these kinds of body (a round for kinds with few same pairs). */
const KINDS = option('kinds', null)?.split(',') ?? null;
/** --country NO,EE: only the blocks of these countries. */
const COUNTRIES = option('country', null)?.split(',') ?? null;
/** --sources EEA×Kohesio,EEA×EEA: only the strata of these source combinations. */
const SOURCES = option('sources', null)?.split(',') ?? null;
/** --quota N: draws per stratum for every stratum the round draws from. */
const QUOTA = option('quota', null) === null ? null : Number(option('quota', null));
const OUT = option('out', join(__dirname, CROSS_ONLY ? 'candidates-cross.tsv' : 'candidates.tsv'));
/** A stem shared by more records of one country than this says little (a common word), so it is not a cue. */
const MAX_BLOCK = Number(option('max-block', '25'));
/** No record appears in more than this many candidates, so one body cannot fill a stratum. */
const MAX_PER_RECORD = 3;

/** mulberry32: a small seeded PRNG, so the draw is the same on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(list, next) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Kinds that are paired although they differ: the hard negatives the issue asks for (a municipality and its
// county, a university and its faculty's hospital or school, a ministry and an agency under it).
const NEAR = new Set(['municipality|region', 'university|hospital', 'university|school', 'ministry|agency', 'agency|ngo', 'company|other']);
const near = (x, y) => x === y || NEAR.has(`${x}|${y}`) || NEAR.has(`${y}|${x}`);

function cues(record) {
  const names = [record.name, record.nameEn].filter(Boolean);
  const out = new Set(names.flatMap(cueStems));
  for (const name of names) for (const topic of topicsOf(name)) out.add(`#${topic}`);
  return out;
}

function candidates(records, labelled) {
  const byCountry = new Map();
  for (const r of records) {
    if (!r.countryCode || (COUNTRIES && !COUNTRIES.includes(r.countryCode))) continue;
    const list = byCountry.get(r.countryCode) ?? [];
    list.push(r);
    byCountry.set(r.countryCode, list);
  }
  const found = new Map();
  for (const [country, list] of [...byCountry].sort(([a], [b]) => a.localeCompare(b))) {
    const block = new Map();
    const info = new Map();
    for (const r of list) {
      const c = cues(r);
      info.set(r.id, { kind: kindOf(r.name, r.nameEn), cues: c });
      for (const cue of c) {
        const members = block.get(cue) ?? [];
        members.push(r);
        block.set(cue, members);
      }
    }
    for (const [cue, members] of block) {
      if (members.length < 2 || members.length > MAX_BLOCK) continue;
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const [a, b] = [members[i], members[j]].sort((x, y) => x.id.localeCompare(y.id));
          const key = `${a.id}\t${b.id}`;
          if (labelled.has(key) || a.name === b.name) continue;
          const ka = info.get(a.id).kind;
          const kb = info.get(b.id).kind;
          if (!near(ka, kb)) continue;
          // A topic alone is a cue only for ministries and agencies.
          if (cue.startsWith('#') && !['ministry', 'agency'].includes(ka)) continue;
          const entry = found.get(key) ?? { a, b, country, kind: ka === kb ? ka : [ka, kb].sort().join('/'), cues: new Set() };
          entry.cues.add(cue);
          found.set(key, entry);
        }
      }
    }
  }
  for (const entry of found.values()) {
    const ca = cues(entry.a);
    const cb = cues(entry.b);
    entry.overlap = entry.cues.size / Math.max(1, Math.min(ca.size, cb.size));
  }
  return [...found.values()].sort((x, y) => `${x.a.id}\t${x.b.id}`.localeCompare(`${y.a.id}\t${y.b.id}`));
}

function stratify(list, next) {
  const strata = new Map();
  for (const c of list) {
    c.sources = sourceCombination(c.a, c.b);
    c.cross = crossLanguage(c.a, c.b);
    const key = `${c.sources}|${c.kind.split('/')[0]}|${c.cross}`;
    const s = strata.get(key) ?? [];
    s.push(c);
    strata.set(key, s);
  }
  const uses = new Map();
  const chosen = [];
  const picked = new Set();
  for (const key of [...strata.keys()].sort()) {
    if (KINDS && !KINDS.includes(key.split('|')[1])) continue;
    if (SOURCES && !SOURCES.includes(key.split('|')[0])) continue;
    const cross = key.endsWith('|yes');
    // A second round (--cross-only) draws only cross-language strata, schools with a larger quota.
    const base = CLOSE_ONLY
      ? CROSS_ONLY && !cross
        ? 0
        : KINDS
          ? 40
          : 8
      : CROSS_ONLY
        ? cross
          ? key.includes('|school|')
            ? 12
            : 6
          : 0
        : PER_STRATUM[key.split('|')[0]][cross ? 'yes' : 'no'];
    const quota = QUOTA === null || (CROSS_ONLY && !cross) ? base : QUOTA;
    const members = shuffle(strata.get(key), next);
    const close = members.filter((c) => c.overlap >= (CLOSE_ONLY ? 0.75 : 0.5));
    let taken = 0;
    const take = (list, limit) => {
      for (const c of list) {
        if (taken >= limit) break;
        if (picked.has(c)) continue;
        if ((uses.get(c.a.id) ?? 0) >= MAX_PER_RECORD || (uses.get(c.b.id) ?? 0) >= MAX_PER_RECORD) continue;
        uses.set(c.a.id, (uses.get(c.a.id) ?? 0) + 1);
        uses.set(c.b.id, (uses.get(c.b.id) ?? 0) + 1);
        picked.add(c);
        chosen.push({ ...c, stratum: key });
        taken++;
      }
    };
    take(close, CLOSE_ONLY ? quota : Math.round(quota * CLOSE_SHARE));
    if (!CLOSE_ONLY) take(members, quota);
  }
  return { chosen, strata };
}

const show = (r) => [
  r.id,
  r.name,
  r.nameEn ?? r.nameLatin ?? '',
  r.countryCode ?? '',
  r.placeText ?? '',
  (r.identifiers ?? []).map((i) => `${i.scheme}:${i.value}`).join(' '),
  (r.roles ?? []).join(' '),
  r.dataset,
  recordLanguage(r),
];
const clean = (s) => String(s).replace(/[\t\n]+/g, ' ');

function main() {
  const records = readAllRecords();
  const idsOf = (files) =>
    files.split(',').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => l.split(',').slice(0, 2)),
    );
  const exclude = option('exclude', null);
  const recordsOf = option('exclude-records', null);
  const byRecord = recordsOf ? idsOf(recordsOf) : [];
  const excluded = [...(exclude ? idsOf(exclude) : readPairs().map((p) => [p.a, p.b])), ...byRecord];
  const labelled = new Set(excluded.map((ids) => [...ids].sort().join('\t')));
  const excludedRecords = new Set(byRecord.flat());
  const next = random(SEED);
  const all = candidates(
    records.filter((r) => !excludedRecords.has(r.id)),
    labelled,
  );
  const { chosen, strata } = stratify(all, next);
  const head = ['n', 'stratum', 'sources', 'kind', 'cross_language', 'country', 'cues'];
  const side = ['id', 'name', 'name_en_or_latin', 'country', 'region_or_place', 'identifiers', 'roles', 'file', 'language'];
  const lines = [[...head, ...side.map((s) => `a_${s}`), ...side.map((s) => `b_${s}`)].join('\t')];
  chosen.forEach((c, i) => {
    lines.push(
      [i + 1, c.stratum, c.sources, c.kind, c.cross, c.country, [...c.cues].join(' '), ...show(c.a), ...show(c.b)].map(clean).join('\t'),
    );
  });
  writeFileSync(OUT, `${lines.join('\n')}\n`);
  console.log(
    `seed ${SEED}: ${all.length} candidate pairs in ${strata.size} strata; wrote ${chosen.length} (quotas per stratum: ${JSON.stringify(PER_STRATUM)}) to ${OUT}`,
  );
  for (const key of [...strata.keys()].sort())
    console.log(`  ${key}: ${strata.get(key).length} candidates, ${chosen.filter((c) => c.stratum === key).length} drawn`);
}

main();
