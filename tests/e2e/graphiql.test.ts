/**
 * GraphiQL in a real browser, with no network: headless Debian Chromium opens the page from the
 * gateway, every request to another origin is aborted (and recorded, so the test fails if GraphiQL
 * tries to reach a CDN), and the first example query runs against the gateway's embedded data.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExampleQueries } from '../../src/http/graphiql.js';
import { GRAPHQL_PATH, startGateway } from '../../src/server.js';
import { freshDataDir } from '../helpers.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium phones home at start (component updates, sync,
 * QUIC probes); on a closed network those fail noisily and slowly, and they are not the page's own.
 */
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

const missingChromium = existsSync(CHROMIUM_PATH)
  ? undefined
  : `Chromium was not found at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get install -y chromium, ` +
    'as .ci/run does) or point CHROMIUM_PATH at a Chromium binary.';

// In CI a missing browser is a failure (below, in beforeAll), never a silent skip.
const skip = missingChromium !== undefined && !process.env.CI;
if (skip) console.warn(`Skipping the GraphiQL browser test: ${missingChromium}`);

interface Target {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:41234/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The real gateway over its embedded replay server, on loopback ephemeral ports. The environment is
 * given explicitly, not inherited, so a `PROCUREMENT_URL` in the shell cannot point it at a real upstream.
 */
async function startTarget(): Promise<Target> {
  const gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    env: { LOG_LEVEL: 'silent', DATA_DIR: freshDataDir() },
  });
  return { url: `${gateway.url}${GRAPHQL_PATH}`, close: () => gateway.close() };
}

describe.skipIf(skip)('GraphiQL in headless Chromium', () => {
  let target: Target | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** Requests (and WebSockets) the page tried to open to any other origin, all refused. */
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (missingChromium) throw new Error(missingChromium);
    target = await startTarget();
    const origin = new URL(target.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) {
        await route.continue();
      } else {
        foreignRequests.push(url);
        await route.abort('blockedbyclient');
      }
    });
    // GraphiQL has no subscription URL here, so no WebSocket is expected; any attempt counts as foreign.
    await page.routeWebSocket(/.*/, async (ws) => {
      foreignRequests.push(ws.url());
      await ws.close();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // Records every Content-Security-Policy violation, so an asset or style GraphiQL needs and the
    // policy forbids shows up as a failure instead of as a quietly broken page.
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { __cspViolations: violations });
      document.addEventListener('securitypolicyviolation', (e) => {
        violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  const cspViolations = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

  it('loads the page and all its assets from the gateway alone', async () => {
    const response = await page.goto(target?.url ?? '', { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-container').waitFor();
    expect(await page.title()).toBe('Transparency Graph');
    await expect.poll(() => page.locator('.graphiql-logo').textContent()).toBe('Transparency Graph');
    expect(foreignRequests).toEqual([]);
  });

  it('opens the example queries as tabs with the first one active', async () => {
    const tabs = page.locator('.graphiql-tab');
    const examples = await loadExampleQueries();
    await expect.poll(() => tabs.count()).toBe(examples.length);
    await expect.poll(() => page.locator('.graphiql-tab-active').textContent()).toContain('FirstQuery');
    const editor = await page.evaluate(() =>
      (
        document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as {
          CodeMirror: { getValue(): string };
        }
      ).CodeMirror.getValue(),
    );
    expect(editor).toContain('contractingProcess(ocid: "ocds-213czf-000-00001")');
  });

  it('runs the first example query and shows the data with its freshness', async () => {
    await page.locator('.graphiql-execute-button').click();
    const result = await page.waitForFunction(
      () => {
        const cm = document.querySelector('.result-window .CodeMirror') as unknown as {
          CodeMirror?: { getValue(): string };
        } | null;
        const text = cm?.CodeMirror?.getValue() ?? '';
        return text.includes('"data"') ? text : false;
      },
      undefined,
      // No deadline of its own (0): the test's timeout is the hang guard, however slow the machine.
      { timeout: 0 },
    );
    const json = JSON.parse(String(await result.jsonValue())) as {
      data?: { contractingProcess?: { buyer?: { name?: string }; freshness?: unknown } };
      errors?: unknown;
    };
    expect(json.errors).toBeUndefined();
    expect(json.data?.contractingProcess?.buyer?.name).toBe('London Borough of Barnet');
    expect(json.data?.contractingProcess?.freshness).toMatchObject({ source: 'PROCUREMENT', stale: false });
    // What the analyst sees, not only the editor's model.
    await expect.poll(() => page.locator('.result-window').innerText()).toContain('London Borough of Barnet');
    expect(await page.locator('.result-window').innerText()).toContain('"freshness"');
  });

  it('opens a dialog without tripping the Content-Security-Policy', async () => {
    await page.locator('button[aria-label="Open settings dialog"]').click();
    await page.locator('.graphiql-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.graphiql-dialog').waitFor({ state: 'detached' });
    expect(await cspViolations()).toEqual([]);
  });

  it('makes no request beyond the gateway, breaks no CSP rule and throws no script error', async () => {
    expect(foreignRequests).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
