import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// The explorer in a real browser (Debian's Chromium, driven by playwright-core) with every request that
// leaves the gateway's origin blocked and recorded: the page must load, list the named operations of
// docs/operations/ as examples, and run CityProfile with its example variables.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const operationNames = readdirSync(join(__dirname, '..', 'docs', 'operations'))
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => f.replace(/\.graphql$/, ''))
  .sort();

let hub: TestHub;
let context: BrowserContext;
let profileDir: string;
let origin: string;
/** Every request the page, its workers or the browser made to anywhere but the gateway (all aborted). */
const offOrigin: string[] = [];
/** Requests that reached the gateway: method and path. */
const toGateway: string[] = [];
const pageErrors: string[] = [];

const chromiumMissing = !existsSync(CHROMIUM);

beforeAll(async () => {
  // A missing browser fails the test below (a failure in beforeAll would count the test as skipped).
  if (chromiumMissing) return;
  hub = await startTestHub('explorer');
  origin = new URL(hub.url).origin;
  profileDir = mkdtempSync(join(tmpdir(), 'regiograph-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) {
      toGateway.push(`${route.request().method()} ${new URL(url).pathname}`);
      return route.continue();
    }
    offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  // Requests route() cannot see (e.g. from a worker) still show up here.
  context.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob):/.test(url)) return;
    if (new URL(url).origin !== origin && !offOrigin.includes(url)) offOrigin.push(url);
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await hub?.stop();
});

/** Runs a step; on failure, saves a screenshot of the page and names it in the error. */
async function withScreenshot(page: Page, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const dir = mkdtempSync(join(tmpdir(), 'regiograph-explorer-'));
    const file = join(dir, 'explorer-failure.png');
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    (error as Error).message += `\nscreenshot: ${file}`;
    throw error;
  }
}

describe('the explorer (GraphiQL at /graphql) in Chromium, with every request outside the gateway blocked', () => {
  it("loads, offers the docs/operations examples, runs CityProfile with its example variables and shows Tarnów's network", async () => {
    if (chromiumMissing) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: the explorer test needs a real browser (apt-get install chromium, or set CHROMIUM_PATH)`,
      );
    }
    // What the answer must show, asked of the gateway rather than written here.
    const expected = await hub.query<{ place: { government: { networks: Array<{ network: { name: string } }> } } }>(
      '{ place(name: "Tarnów") { government { networks { network { name } } } } }',
    );
    const networks = expected.data?.place.government.networks.map((m) => m.network.name) ?? [];
    expect(networks.length).toBeGreaterThan(0);

    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await withScreenshot(page, async () => {
      await page.goto(`${origin}/graphql`, { waitUntil: 'load' });

      // One tab per named operation, after the start tab.
      const tabs = page.getByRole('tab');
      await expect.poll(() => tabs.allInnerTexts(), { timeout: 30_000 }).toEqual(['Start', ...operationNames]);

      // Pick CityProfile: its document and its example variables fill the editors.
      await page.getByRole('tab', { name: 'CityProfile' }).click();
      await expect.poll(() => page.locator('.graphiql-tab-active').innerText()).toBe('CityProfile');
      await page.locator('.graphiql-query-editor .view-lines').filter({ hasText: 'query CityProfile' }).waitFor();
      await page.locator('.graphiql-editor-tool .view-lines').filter({ hasText: '"name": "Tarnów"' }).waitFor();

      const result = page.locator('.graphiql-response .view-lines');
      // GraphiQL re-parses the document a moment after a tab switch (debounced); on a loaded machine a click
      // before that still names the previous tab's operation ("Cannot infer operation Start"). Run again
      // until the answer is the CityProfile's, as a user would, a bounded number of times.
      for (let attempt = 1; ; attempt++) {
        await page.locator('.graphiql-execute-button').click();
        const answered = await result
          .filter({ hasText: '"place"' })
          .waitFor({ timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (answered) break;
        const text = await result.innerText();
        if (attempt >= 3 || !text.includes('Cannot infer operation')) throw new Error(`CityProfile did not answer: ${text.slice(0, 300)}`);
      }

      // The answer is longer than the pane: find the network's name in it as a reader would (Ctrl+F).
      for (const name of networks) {
        await result.click();
        await page.keyboard.press('Control+f');
        await page.keyboard.insertText(`"${name}"`);
        await page.keyboard.press('Enter');
        await expect.poll(async () => (await result.innerText()).replace(/\u00a0/g, ' ')).toContain(`"name": "${name}"`);
        await page.keyboard.press('Escape');
      }
    });

    expect(toGateway).toContain('POST /graphql');
    expect(pageErrors).toEqual([]);
    expect(offOrigin, 'the explorer must load nothing from outside the gateway').toEqual([]);
  });
});
