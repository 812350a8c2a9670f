import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.mjs';

// The suite itself: every test file in the repository is one vitest runs, none is focused, skipped or empty,
// and the order is random (a test that needs another's writes fails somewhere).
const root = join(__dirname, '..');

/** What vitest, or a reader, would take for a test file, whatever folder it sits in. */
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
/** Folders that are not the project's own sources: installed packages, build output, local tools. */
const NOT_SOURCES = new Set(['node_modules', 'dist', '.git', '.tools', 'coverage', 'reports', '.stryker-tmp']);

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (NOT_SOURCES.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield relative(root, path).split(sep).join('/');
  }
}

/** The repository's files, tracked or new (not ignored), from git; a plain walk where there is no git checkout. */
function repositoryFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  if (git.status !== 0) return [...walk(root)];
  return git.stdout
    .split('\0')
    .filter(Boolean)
    .filter((file) => existsSync(join(root, file)));
}

/** The test files vitest itself picks with this configuration (its include and exclude globs), without running them. */
function filesVitestRuns(): string[] {
  const bin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  // Without the variables of this test's own worker, so the child is a plain `vitest list`.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const list = spawnSync(process.execPath, [bin, 'list', '--filesOnly', '--json'], { cwd: root, env, encoding: 'utf8' });
  expect(list.status, list.stderr).toBe(0);
  const files = JSON.parse(list.stdout.slice(list.stdout.indexOf('['))) as Array<{ file: string }>;
  return files.map((f) => relative(root, f.file).split(sep).join('/'));
}

const testFiles = () => repositoryFiles().filter((file) => TEST_FILE.test(file.split('/').pop() ?? ''));

const TEST_FUNCTIONS = new Set(['it', 'test', 'describe', 'suite']);
/** Modifiers that keep a test from running or from failing, or make the others not run. */
const BANNED = new Set(['only', 'skip', 'todo', 'skipIf', 'runIf', 'fails']);

/** `it.skip.each([...])` as ['it', 'skip', 'each'] (the calls along the way dropped); null for anything not a chain of names. */
function chainOf(expression: ts.Expression): string[] | null {
  if (ts.isIdentifier(expression)) return [expression.text];
  if (ts.isPropertyAccessExpression(expression)) {
    const left = chainOf(expression.expression);
    return left ? [...left, expression.name.text] : null;
  }
  if (ts.isCallExpression(expression)) return chainOf(expression.expression);
  return null;
}

/** Each focused, skipped, todo or empty test or suite in one file's text, as "file:line what". */
function offences(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Set<string>();
  const at = (node: ts.Node, what: string) =>
    found.add(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${what}`);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const chain = chainOf(node.expression);
      if (chain && TEST_FUNCTIONS.has(chain[0] ?? '')) {
        const banned = chain.filter((name) => BANNED.has(name));
        if (banned.length) at(node, chain.join('.'));
        // The call that names a test or suite (not the `each([...])` table before it) needs a body that does something.
        const named = node.arguments[0];
        if (!banned.length && named && (ts.isStringLiteralLike(named) || ts.isTemplateExpression(named))) {
          const body = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || ts.isIdentifier(a));
          if (!body) at(node, `${chain.join('.')} without a function`);
          else if (
            (ts.isArrowFunction(body) || ts.isFunctionExpression(body)) &&
            ts.isBlock(body.body) &&
            body.body.statements.length === 0
          )
            at(node, `${chain.join('.')} with an empty body`);
        }
      } else if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'skip') {
        // A test's context skipping it at run time: `ctx.skip()`.
        at(node, `${chain?.join('.') ?? 'skip'}()`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

describe('the test files', () => {
  it('are every one run by vitest: a test file outside the include globs of vitest.config.mts fails here', () => {
    const inRepository = testFiles();
    const run = filesVitestRuns();
    expect(run).toContain('test/test-files.test.ts');
    expect(inRepository.length).toBeGreaterThan(50);
    expect(inRepository.filter((file) => !run.includes(file)).sort()).toEqual([]);
    // ...and vitest runs nothing the repository does not hold (build output, installed packages).
    expect(run.filter((file) => !inRepository.includes(file)).sort()).toEqual([]);
  });

  it('hold no focused, skipped, todo or empty test or suite', () => {
    const files = testFiles().filter((file) => /\.[cm]?tsx?$/.test(file));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => offences(file))).toEqual([]);
  });

  it('find what they look for: a focused, skipped, todo and empty test each in a sample', () => {
    // The check above on a sample written for it, so that it is known to catch each kind.
    // The modifiers are spliced in so that this sample is not itself read as a focused or skipped test by a
    // plain text search of the repository.
    const [only, skip, todo] = ['only', 'skip', 'todo'];
    const sample = [
      `it.${only}('a', () => { expect(1).toBe(1); });`,
      `describe.${skip}('b', () => { it('c', () => { expect(1).toBe(1); }); });`,
      `it.${todo}('d');`,
      "it('e', () => {});",
      "it.each([1])('f %d', async () => {});",
      "it('g', (ctx) => { ctx.skip(); });",
      "test.skipIf(true)('h', () => { expect(1).toBe(1); });",
      "it.each([1, 2])('fine %d', (n) => { expect(n).toBeGreaterThan(0); });",
      "it('fine too', run);",
    ].join('\n');
    expect(offences('sample.test.ts', sample)).toEqual([
      'sample.test.ts:1 it.only',
      'sample.test.ts:2 describe.skip',
      'sample.test.ts:3 it.todo',
      'sample.test.ts:4 it with an empty body',
      'sample.test.ts:5 it.each with an empty body',
      'sample.test.ts:6 ctx.skip()',
      'sample.test.ts:7 test.skipIf',
    ]);
  });

  it('run in a random order, and each test must make an assertion', () => {
    expect(config.test?.sequence?.shuffle).toBe(true);
    expect(config.test?.expect?.requireAssertions).toBe(true);
    // CI says which order it ran, so that a failure can be replayed with --sequence.seed.
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/--sequence\.seed=/);
  });
});
