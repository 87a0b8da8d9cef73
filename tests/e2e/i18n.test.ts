import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  collectOutsideRequests,
  expectNoSeriousA11yViolations,
  launchBrowser,
  screenshotPath,
} from './browser';

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
    await page.screenshot({ path: screenshotPath('fa-home-390.png'), fullPage: false });
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
    await page.screenshot({ path: screenshotPath('ur-home-1280.png') });
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

  // A guest plays the Tehran scenario to its debrief: every screen of the player's flow in each language and size.
  for (const [locale, width] of [
    ['fa-IR', 390],
    ['ur-PK', 1280],
    ['fa-IR', 1280],
    ['ur-PK', 390],
  ] as const) {
    it(`plays to a debrief in ${locale} at ${width} px: right to left, nothing overflowing, no serious axe violation`, async () => {
      const page = await pageIn(locale, width);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const lang = locale.slice(0, 2);
      const shot = (name: string) =>
        page.screenshot({ path: screenshotPath(`${lang}-${name}-${width}.png`) });
      const checkScreen = async (name: string) => {
        expect(await horizontalOverflow(page), `${name} overflows sideways`).toBeLessThanOrEqual(0);
        expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
        await expectNoSeriousA11yViolations(page);
        await shot(name);
      };

      await page.goto(`${baseUrl()}/scenarios/tehran-after-rask?side=tehran`);
      await page.waitForSelector('.briefing .prose');
      await checkScreen('choose-side');
      await page.click('.card-actions button');
      await page.waitForSelector('#decision-heading');
      await checkScreen('play');
      for (let i = 0; i < 15 && (await page.locator('.debrief').count()) === 0; i++) {
        const before = await page.locator('.play-header').textContent();
        await page.locator('.choice').first().click();
        await page.locator('.decide-row button[type="submit"]').click();
        await expect
          .poll(
            async () =>
              (await page.locator('.debrief').count()) > 0 ||
              (await page.locator('.play-header').textContent()) !== before,
          )
          .toBe(true);
      }
      await page.waitForSelector('.debrief .score-number');
      expect(await page.locator('#score-heading').textContent()).toBe(
        lang === 'fa' ? 'امتیاز شما' : 'آپ کا اسکور',
      );
      await page.locator('#ending-heading').scrollIntoViewIfNeeded();
      await checkScreen('debrief');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
