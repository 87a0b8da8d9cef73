import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectOutsideRequests, expectNoSeriousA11yViolations, launchBrowser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page whose browser prefers a language (Accept-Language and navigator.languages), at a width. */
async function pageIn(locale: string, width: number): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width, height: width > 600 ? 800 : 844 } });
  return context.newPage();
}

/** Nothing sticks out sideways: the page scrolls only down. */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the app in Persian and Urdu', () => {
  it('opens in Persian, right to left, for a browser that prefers Persian, with its own font and nothing from outside', async () => {
    const page = await pageIn('fa-IR', 390);
    const outside = collectOutsideRequests(page);
    await page.goto(baseUrl());
    await expect.poll(() => page.textContent('h1')).toBe('میز بحران');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'fa',
      'rtl',
    ]);
    await page.waitForSelector('.catalog');
    expect(await page.locator('.catalog > li').first().textContent()).toContain('از اینجا شروع کنید');
    // Scenario text stays English, marked so, and isolated in its own direction.
    expect(await page.locator('.card-featured h3 a').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.evaluate(() => document.fonts.check('16px Vazirmatn', 'سلام'))).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(outside).toEqual([]);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: 'docs/screenshots/fa-home-390.png', fullPage: false });
    await page.context().close();
  });

  it('switches to Urdu from the header, remembers it for a guest, and loads no Persian font', async () => {
    const page = await pageIn('en-US', 1280);
    const fonts: string[] = [];
    page.on('request', (request) => request.url().endsWith('.woff2') && fonts.push(request.url()));
    await page.goto(baseUrl());
    await expect.poll(() => page.textContent('h1')).toBe('Crisis Desk');
    await page.selectOption('.locale-picker select', 'ur');
    await expect.poll(() => page.textContent('h1')).toBe('بحران ڈیسک');
    await page.reload();
    await expect.poll(() => page.textContent('h1')).toBe('بحران ڈیسک');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.waitForSelector('.catalog');
    await expect.poll(() => fonts.some((url) => url.includes('nastaliq'))).toBe(true);
    expect(fonts.filter((url) => url.includes('vazirmatn'))).toEqual([]);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: 'docs/screenshots/ur-home-1280.png' });
    await page.context().close();
  });

  it('loads no Arabic-script font and no other language in English', async () => {
    const page = await pageIn('en-US', 1280);
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(request.url()));
    await page.goto(baseUrl());
    await page.waitForSelector('.catalog');
    expect(loaded.filter((url) => /\.woff2|\/(fa|ur)-[\w-]+\.js|fonts-/.test(url))).toEqual([]);
    await page.context().close();
  });
});
