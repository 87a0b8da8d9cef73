import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { signInCookie } from '../../scripts/lib/test-server';
import { fixtureScenario } from '../fixtures/scenarios';
import { baseUrl, collectOutsideRequests, launchBrowser } from './browser';

/** Markup and links an author (or an imported file) might try to smuggle into a scenario. */
const PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss = 1"></svg>',
  '"><iframe src="javascript:window.__xss = 1"></iframe>',
  '[click me](javascript:window.__xss=1)',
  '[click me](JaVaScRiPt:window.__xss=1)',
  '[data](data:text/html,<script>window.__xss=1</script>)',
  '<a href="javascript:window.__xss = 1">link</a>',
  '![tracking pixel](https://evil.example/pixel.png)',
  '**<b onmouseover="window.__xss = 1">bold</b>**',
];

/** Every text field the player can see, ids excluded (the schema restricts those). */
const TEXT_FIELDS = new Set([
  'title',
  'summary',
  'briefing',
  'body',
  'label',
  'detail',
  'feedback',
  'seenByOthers',
  'justify',
  'text',
  'whatHappened',
  'analysis',
  'passage',
  'locator',
  'actor',
  'description',
  'publisher',
]);

function poison(value: unknown, counter = { i: 0 }): unknown {
  if (Array.isArray(value))
    return value.map((v) =>
      typeof v === 'string' ? `${v} ${PAYLOADS[counter.i++ % PAYLOADS.length]}` : poison(v, counter),
    );
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        typeof v === 'string' && (TEXT_FIELDS.has(key) || key === 'alpha' || key === 'beta')
          ? `${v} ${PAYLOADS[counter.i++ % PAYLOADS.length]}`
          : poison(v, counter),
      ]),
    );
  }
  return value;
}

/** What the page holds that an injection would leave behind: script effects, handlers, links, frames, images. */
const inspectPage = (page: Page) =>
  page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
    ),
    badLinks: [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href')!)
      .filter((href) => !/^(\/|https?:|mailto:|#)/i.test(href)),
    frames: document.querySelectorAll('iframe, object, embed').length,
    foreignScripts: [...document.querySelectorAll('script')].filter((s) => !s.src.startsWith(location.origin))
      .length,
    images: [...document.querySelectorAll('img')].map((img) => img.src),
  }));
const CLEAN = { xss: null, handlers: [], badLinks: [], frames: 0, foreignScripts: 0, images: [] };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});

// The admin who imports the (private) corpus signs in once; sign-ins from one address are rate-limited.
let adminState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
async function adminPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  if (!adminState) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[0].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    adminState = await context.storageState();
    await context.close();
  }
  return (await browser.newContext({ viewport, storageState: adminState })).newPage();
}
afterAll(async () => {
  await browser?.close();
});

beforeAll(async () => {
  const scenario = poison({ ...fixtureScenario(), slug: 'xss-corpus' }) as Record<string, unknown>;
  const cookie = await signInCookie(baseUrl(), DEMO_ACCOUNTS[0].email, DEMO_PASSWORD);
  const imported = await fetch(`${baseUrl()}/api/scenarios/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl(), Cookie: cookie },
    body: JSON.stringify(scenario),
  });
  expect(imported.status, await imported.clone().text()).toBe(201);
});

describe('authored text in the player', () => {
  it('renders a corpus of XSS payloads in every text field as inert text', async () => {
    // The imported corpus is private to the account that imported it, so the player is that account.
    const page = await adminPage();
    const outside = collectOutsideRequests(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const inspect = () => inspectPage(page);
    await page.goto(`${baseUrl()}/`);
    await page.waitForSelector('text=Fixture crisis');
    expect(await inspect()).toEqual(CLEAN);
    await page.goto(`${baseUrl()}/scenarios/xss-corpus?side=alpha`);
    await page.waitForSelector('.briefing .prose');
    expect(await inspect()).toEqual(CLEAN);
    // The payloads are there, as text.
    expect(await page.textContent('.briefing')).toContain('<');
    await page.click('text=Start as Alpha');
    await page.waitForSelector('#decision-heading');
    expect(await inspect()).toEqual(CLEAN);
    while ((await page.locator('.debrief').count()) === 0) {
      await page.locator('.choice').first().click();
      await page.click('button:has-text("Decide")');
      await page.waitForTimeout(300);
    }
    await page.waitForSelector('.debrief .score-number');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await inspect()).toEqual(CLEAN);
    expect(dialogs).toEqual([]);
    expect(outside).toEqual([]);
  });
});

describe('authored text in the studio', () => {
  it("keeps the same corpus inert in the editor: graph, forms, Markdown previews and the author's preview", async () => {
    const page = await adminPage({ width: 1400, height: 1000 });
    const outside = collectOutsideRequests(page);
    await page.goto(`${baseUrl()}/studio/xss-corpus`);
    await page.waitForSelector('.graph-node');
    expect(await inspectPage(page)).toEqual(CLEAN);

    const openPreviews = async () => {
      const closed = page.locator('button[aria-pressed="false"]:has-text("Preview")');
      while ((await closed.count()) > 0) await closed.first().click();
    };
    for (const option of await page.locator('#node-picker option:not([disabled])').all()) {
      await page.selectOption('#node-picker', (await option.getAttribute('value'))!);
      await page.locator('#node-heading, #ending-heading').first().waitFor();
      await openPreviews();
      expect(await inspectPage(page)).toEqual(CLEAN);
    }
    for (const tab of ['#tab-scenario', '#tab-sides', '#tab-metrics', '#tab-sources']) {
      await page.click(tab);
      await openPreviews();
      expect(await inspectPage(page)).toEqual(CLEAN);
    }
    await page.click('#tab-preview');
    await page.waitForSelector('.preview-node');
    while ((await page.locator('.preview-choices button').count()) > 0) {
      await page.locator('.preview-choices button').first().click();
      expect(await inspectPage(page)).toEqual(CLEAN);
    }
    expect(await page.textContent('.preview-node')).toContain('<');
    expect(outside).toEqual([]);
  });
});
