import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withLocalDb } from '../../scripts/lib/local';
import { baseUrl, collectOutsideRequests, expectNoSeriousA11yViolations, launchBrowser } from './browser';

const PHONE = { width: 390, height: 844 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a run whose record no longer replays', () => {
  it('says it cannot go on and offers, by keyboard and on a phone, to abandon it or start again', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const outside = collectOutsideRequests(page);

    await page.goto(`${baseUrl()}/scenarios/islamabad-48-hours`);
    await page.getByRole('button', { name: 'Start as Islamabad' }).click();
    await page.waitForSelector('#decision-heading');
    for (let i = 0; i < 2; i++) {
      const before = await page.locator('#decision-heading').textContent();
      await page.keyboard.press('1');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#decision-heading').textContent()).not.toBe(before);
    }
    const runId = page.url().split('/play/')[1]!;
    // The damage the old step-back race left: a gap at the start of the log.
    await withLocalDb(inject('statePath'), (d1) =>
      d1.prepare('DELETE FROM decisions WHERE run_id = ? AND step = 0').bind(runId).run(),
    );

    await page.reload();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.getByRole('heading').textContent()).toBe('This run cannot go on');
    expect(await alert.textContent()).toContain('from decision 1 on');
    // No way to play on: no choices, no step back.
    expect(await page.locator('.choices').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Step back one decision' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoSeriousA11yViolations(page);

    const abandon = page.getByRole('button', { name: 'Abandon this run' });
    await abandon.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => abandon.count()).toBe(0);
    const again = page.getByRole('button', { name: 'Start again' });
    await again.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/scenarios\/islamabad-48-hours$/);
    expect([...problems, ...outside]).toEqual([]);
    await context.close();
  });
});
