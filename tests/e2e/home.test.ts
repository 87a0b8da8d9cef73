import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectOutsideRequests, expectNoSeriousA11yViolations, launchBrowser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('home page', () => {
  it('shows the product name and the catalog with the flagship marked as the place to start, and no developer line', async () => {
    const page = await browser.newPage();
    const outside = collectOutsideRequests(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto(baseUrl());
    await expect.poll(() => page.textContent('h1')).toBe('Crisis Desk');
    await page.waitForSelector('.catalog');
    expect(await page.locator('.catalog > li').first().textContent()).toContain('Start here');
    expect(await page.locator('.card-featured h3').textContent()).toBe('Strikes across the border');
    expect(await page.locator('body').textContent()).not.toMatch(/Database ok|published scenarios/);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await expectNoSeriousA11yViolations(page);
    await page.close();
  });

  it('is served with a CSP that allows no inline script and no outside host', async () => {
    const page = await browser.newPage();
    const response = await page.goto(baseUrl());
    const csp = (await response?.headerValue('content-security-policy')) ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    await page.close();
  });

  it('serves the app for an unknown page but JSON for an unknown /api path', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/some/deep/link`);
    await expect.poll(() => page.textContent('h1')).toBe('Page not found');
    const api = await page.goto(`${baseUrl()}/api/no-such-thing`);
    expect(api?.status()).toBe(404);
    expect(await api?.json()).toMatchObject({ error: { code: 'not_found' } });
    await page.close();
  });
});
