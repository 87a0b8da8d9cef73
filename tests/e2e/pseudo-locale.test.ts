import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { baseUrl, launchBrowser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The English words on the page that did not come through the messages: in the pseudo-locale every message reads
 * ⟦Ƥŀȧẏ ȧş…⟧, so plain ASCII words left outside ⟦ ⟧ were written into the code. Scenario text (marked lang="en"),
 * people's names and codes (in <bdi> or dir="ltr") are content, not UI, and are skipped.
 */
function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The pseudo-locale is English underneath (<html lang="en">): only marked fragments inside the page count.
    const skip = (el: Element | null) => {
      const content = el?.closest('[lang="en"], script, style, noscript, bdi, [dir="ltr"], code');
      return !el || (content && content !== document.documentElement);
    };
    const leftover = (text: string) =>
      text
        .replace(/⟦[^⟧]*⟧/gu, ' ')
        // Dates come from Intl in the locale underneath (English), not from a message.
        .replace(/\b\d{1,2} [A-Z][a-z]{2} \d{4}\b/g, ' ')
        .match(/[A-Za-z]{3,}/g)
        ?.join(' ') ?? '';
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (skip(node.parentElement)) continue;
      const words = leftover(node.textContent ?? '');
      if (words) found.push(`${node.parentElement!.tagName.toLowerCase()}: ${node.textContent!.trim()}`);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (skip(el)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(name);
        if (value && leftover(value) && !(name === 'title' && el.classList.contains('nav-user')))
          found.push(`${el.tagName.toLowerCase()}[${name}]: ${value}`);
      }
    }
    return found;
  });
}

describe('the pseudo-locale', () => {
  it("finds no UI string outside the messages on the player's pages", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const report: Record<string, string[]> = {};
    const visit = async (name: string) => {
      const words = await untranslated(page);
      if (words.length) report[name] = words;
    };
    await page.goto(`${baseUrl()}/?locale=pseudo`);
    await page.waitForSelector('.catalog');
    // The pseudo-locale is on, and the check sees a string written into the page past the messages.
    expect(await page.textContent('h1')).toMatch(/^⟦.*⟧$/u);
    await page.evaluate(() =>
      document
        .querySelector('main')!
        .append(Object.assign(document.createElement('p'), { textContent: 'Hard-coded words' })),
    );
    expect(await untranslated(page)).toEqual(['p: Hard-coded words']);
    await page.reload();
    await page.waitForSelector('.catalog');
    await visit('home');
    for (const path of ['/signin', '/signup', '/join', '/live', '/no-such-page', '/progress']) {
      await page.goto(`${baseUrl()}${path}`);
      await page.waitForSelector('main h1');
      await page.waitForLoadState('networkidle');
      await visit(path);
    }
    await page.goto(`${baseUrl()}/scenarios/tehran-after-rask?side=tehran`);
    await page.waitForSelector('.briefing .prose');
    await visit('choose side');
    await page.click('.card-actions button');
    await page.waitForSelector('#decision-heading');
    await visit('play');
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
    await page.waitForLoadState('networkidle');
    await visit('debrief');
    await page.goto(`${baseUrl()}/progress`);
    await page.waitForSelector('.stats');
    await visit('progress with a run');
    expect(report).toEqual({});
    await page.context().close();
  });

  it("finds no UI string outside the messages on the instructor's pages", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const report: Record<string, string[]> = {};
    const visit = async (name: string) => {
      await page.waitForLoadState('networkidle');
      const words = await untranslated(page);
      if (words.length) report[name] = words;
    };
    await page.goto(`${baseUrl()}/signin?locale=pseudo`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    await page.waitForSelector('#cohort-name');
    await visit('teach');
    await page.fill('#cohort-name', 'Pseudo cohort');
    await page.click('#cohort-name ~ button[type="submit"]');
    await page.waitForSelector('.join-code');
    await visit('cohort');
    await page.selectOption('#assign-scenario', 'islamabad-48-hours');
    await page.click('.assign-form button[type="submit"]');
    await page.waitForSelector('#assignments-heading ~ .run-list a.button');
    await visit('cohort with an assignment');
    await page.click('#assignments-heading ~ .run-list a.button');
    await page.waitForSelector('#completion-heading');
    await visit('results');
    expect(report).toEqual({});
    await page.context().close();
  });
});
