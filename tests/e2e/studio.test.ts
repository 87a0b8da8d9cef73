import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { fixtureScenario } from '../unit/fixture';
import { baseUrl, expectNoSeriousA11yViolations, launchBrowser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the studio page', () => {
  it('duplicates a scenario, imports a file with its full validation report, publishes and unpublishes', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/progress$/);
    await page.click('nav >> text=Studio');
    await page.waitForSelector('#new-title');
    await expectNoSeriousA11yViolations(page);

    await page.fill('#new-title', 'Our own 48 hours');
    await page.fill('#new-slug', 'our-48-hours');
    await page.selectOption('#new-from', 'islamabad-48-hours');
    await page.click('text=Create draft');
    await page.waitForSelector('text=Draft "our-48-hours" created');
    await page.click('button:has-text("Publish v1")');
    await page.waitForSelector('text=Version 1 of "our-48-hours" is published');

    // A broken file: every problem listed, nothing imported.
    const dir = mkdtempSync(join(tmpdir(), 'studio-'));
    const broken = { ...fixtureScenario(), slug: 'broken-file', start: 'nowhere' };
    broken.nodes[1]!.sources = [];
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    await page.setInputFiles('#import-file', join(dir, 'broken.json'));
    await page.waitForSelector('.problem-list');
    const listed = await page.locator('.problem-list li').allTextContents();
    expect(listed.some((p) => p.startsWith('start'))).toBe(true);
    expect(listed.some((p) => p.includes('cites no source'))).toBe(true);

    writeFileSync(join(dir, 'good.json'), JSON.stringify({ ...fixtureScenario(), slug: 'imported-fixture' }));
    await page.setInputFiles('#import-file', join(dir, 'good.json'));
    await page.waitForSelector('text=Imported "imported-fixture"');
    await page.goto(`${baseUrl()}/`);
    await page.waitForSelector('text=Our own 48 hours');
    expect(await page.locator('text=Fixture crisis').count()).toBeGreaterThan(0);

    await page.goto(`${baseUrl()}/studio`);
    await page.locator('.run-card', { hasText: 'our-48-hours' }).locator('button:has-text("Unpublish")').click();
    await page.waitForSelector('text=is no longer in the catalog');
    await page.goto(`${baseUrl()}/`);
    await page.waitForSelector('.catalog');
    expect(await page.locator('text=Our own 48 hours').count()).toBe(0);
  });
});
