#!/usr/bin/env node
// Summarises StrykerJS JSON reports (mutation-testing-report-schema): the mutation score per file and in total,
// then, with --survivors, each surviving or uncovered mutant as file:line, mutator and replacement.
//   node scripts/mutation-summary.cjs [--survivors] [report.json ...]   (default: reports/mutation/**/mutation.json)
// Several reports (one per module run) are merged; a file in more than one keeps the newest report's mutants.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const survivors = args.includes('--survivors');
let reports = args.filter((a) => !a.startsWith('--'));

function* jsonReports(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsonReports(path);
    else if (name === 'mutation.json') yield path;
  }
}
if (reports.length === 0) reports = [...jsonReports(join(root, 'reports', 'mutation'))];
if (reports.length === 0) {
  console.error('no mutation report found: run `npm run test:mutation` first');
  process.exit(1);
}

const files = new Map();
for (const path of reports.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [name, file] of Object.entries(report.files)) files.set(relative(root, join(report.projectRoot ?? root, name)), file);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const count = (mutants) => {
  const c = { killed: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
  for (const m of mutants) {
    if (DETECTED.has(m.status)) c.killed += 1;
    else if (m.status === 'Survived') c.survived += 1;
    else if (m.status === 'NoCoverage') c.noCoverage += 1;
    else if (m.status === 'Ignored') c.ignored += 1;
    else c.errors += 1; // CompileError, RuntimeError: not counted in the score
  }
  const valid = c.killed + c.survived + c.noCoverage;
  return { ...c, score: valid ? (100 * c.killed) / valid : Number.NaN };
};

const rows = [...files].sort(([a], [b]) => a.localeCompare(b)).map(([name, file]) => ({ name, ...count(file.mutants) }));
const total = count([...files.values()].flatMap((f) => f.mutants));
const pad = (s, n) => String(s).padStart(n);
const width = Math.max(5, ...rows.map((r) => r.name.length));
console.log(`${'file'.padEnd(width)}  score  killed survived no-cov ignored errors`);
for (const r of [...rows, { name: 'total', ...total }]) {
  const score = Number.isNaN(r.score) ? '   n/a' : `${r.score.toFixed(1).padStart(5)}%`;
  console.log(
    `${r.name.padEnd(width)} ${score} ${pad(r.killed, 7)} ${pad(r.survived, 8)} ${pad(r.noCoverage, 6)} ${pad(r.ignored, 7)} ${pad(r.errors, 6)}`,
  );
}

if (survivors) {
  for (const [name, file] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const left = file.mutants.filter((m) => UNDETECTED.has(m.status)).sort((a, b) => a.location.start.line - b.location.start.line);
    if (left.length === 0) continue;
    console.log(`\n${name}`);
    for (const m of left) {
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
      console.log(
        `  ${name}:${m.location.start.line} ${m.status === 'NoCoverage' ? 'no coverage' : 'survived'} ${m.mutatorName}: ${replacement}`,
      );
    }
  }
}
