import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { baseUrl, expectNoSeriousA11yViolations, launchBrowser } from './browser';

const screenshots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function participant(code: string, nickname: string, team: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
  await page.goto(`${baseUrl()}/live/${code}`);
  await page.fill('#nickname', nickname);
  await page.selectOption('#team', team);
  await page.click('button:has-text("Join")');
  await page.waitForSelector('text=Waiting for the facilitator');
  return page;
}

describe('a live team session', () => {
  it('runs two decisions with a facilitator, a projector and three participants, one of whom reloads mid-vote', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await facilitator.goto(`${baseUrl()}/signin`);
    await facilitator.fill('#email', DEMO_ACCOUNTS[1].email);
    await facilitator.fill('#password', DEMO_PASSWORD);
    await facilitator.click('button[type="submit"]');
    await facilitator.waitForURL(/\/teach$/);
    await facilitator.goto(`${baseUrl()}/teach/live`);
    await facilitator.selectOption('#live-scenario', 'strikes-across-the-border');
    await facilitator.selectOption('#live-mode', 'teams');
    await facilitator.click('text=Start the session');
    await facilitator.waitForURL(/\/live\/[A-Z0-9]{6}\/console$/);
    const code = facilitator.url().split('/').at(-2)!;
    await facilitator.waitForSelector('.qr-code');

    const projector = await context.newPage();
    await projector.goto(`${baseUrl()}/live/${code}/projector`);
    await projector.waitForSelector('.projector-code');
    expect(await projector.textContent('.projector-code')).toBe(code);

    const ana = await participant(code, 'Ana', 'tehran');
    const ben = await participant(code, 'Ben', 'islamabad');
    const cy = await participant(code, 'Cy', 'tehran');
    await expect.poll(() => facilitator.locator('.participants li').count()).toBe(3);
    await expectNoSeriousA11yViolations(facilitator);

    // Decision 1 is Tehran's.
    await facilitator.click('text=Open voting');
    await ana.waitForSelector('.choice');
    expect(await ben.textContent('main')).toContain('The other team is deciding');
    await ana.click('.choice >> nth=0');
    await ana.click('button:has-text("Vote")');
    await ana.waitForSelector('text=You voted for');
    await cy.click('.choice >> nth=0');
    await cy.fill('#live-reason', 'Keep it contained.');
    await cy.click('button:has-text("Vote")');
    await cy.waitForSelector('text=You voted for');
    await cy.reload();
    await cy.waitForSelector('text=You voted for');
    await expect.poll(() => projector.locator('.tally-large .share-value').first().textContent()).toBe('2');
    await expectNoSeriousA11yViolations(ana);
    await projector.screenshot({ path: join(screenshots, 'live-projector-desktop.png') });
    await ana.screenshot({ path: join(screenshots, 'live-participant-phone.png'), fullPage: true });
    await facilitator.click('text=Close and reveal');
    await ana.waitForSelector("text=The room's votes");
    await facilitator.click('text=Advance with the majority');
    await expect.poll(() => facilitator.locator('#console-path + ol li').count()).toBe(1);

    // Decision 2 is Islamabad's.
    await facilitator.click('text=Open voting');
    await ben.waitForSelector('.choice');
    await ben.click('.choice >> nth=1');
    await ben.click('button:has-text("Vote")');
    await ben.waitForSelector('text=You voted for');
    await facilitator.click('text=Close and reveal');
    await facilitator.click('text=Advance with the majority');
    await expect.poll(() => facilitator.locator('#console-path + ol li').count()).toBe(2);
    expect(await ben.textContent('.outcome')).toBeTruthy();
    await facilitator.screenshot({ path: join(screenshots, 'live-console-desktop.png'), fullPage: true });

    // The end: everyone gets the debrief, with the room's path beside history.
    facilitator.once('dialog', (dialog) => dialog.accept());
    await facilitator.click('button:has-text("End")');
    await ana.waitForSelector('#live-ending');
    expect(await ana.locator('.live-path li').count()).toBe(2);
    await projector.waitForSelector('#live-ending');
    expect(await projector.textContent('.live-path')).toContain('the room chose');
    await expectNoSeriousA11yViolations(projector);
    await context.close();
  });
});
