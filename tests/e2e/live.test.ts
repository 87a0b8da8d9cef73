import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  expectNoSeriousA11yViolations,
  joinLiveOnPhone,
  launchBrowser,
  openLiveStartAsFacilitator,
  screenshotPath,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const participant = (code: string, nickname: string, team: string) =>
  joinLiveOnPhone(browser, code, nickname, team);

describe('a live team session', () => {
  it('runs two decisions with a facilitator, a projector and three participants: a reload mid-vote, a tie, reasons after the reveal', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await openLiveStartAsFacilitator(facilitator);
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
    // Each team reads its own side's briefing while it waits, beside its nickname (issue 31).
    expect(await ana.locator('.live-briefing summary').textContent()).toContain('Your briefing as Tehran');
    expect(await ana.locator('.live-briefing').getAttribute('open')).not.toBeNull();
    expect(await ben.locator('.live-briefing summary').textContent()).toContain('Your briefing as Islamabad');
    expect(await ben.locator('.live-briefing .prose').textContent()).not.toBe(
      await ana.locator('.live-briefing .prose').textContent(),
    );

    // Decision 1 is Tehran's; Islamabad sees what Tehran is deciding, without a vote.
    await facilitator.click('text=Open voting');
    await ana.waitForSelector('.choice');
    // The console shows the dilemma itself, not only its title.
    expect(await facilitator.locator('.console-dilemma .prose').textContent()).toBe(
      await ana.locator('section.decision .prose').first().textContent(),
    );
    await ben.waitForSelector('text=Team Tehran is deciding');
    expect(await ben.locator('.other-team-choices li').count()).toBe(3);
    expect(await ben.locator('.choice').count()).toBe(0);
    await ben.screenshot({ path: screenshotPath('live-other-team-phone.png'), fullPage: true });
    await ana.click('.choice >> nth=0');
    await ana.fill('#live-reason', 'Pressure works.');
    await ana.click('button:has-text("Vote")');
    await ana.waitForSelector('text=You voted for');
    await cy.click('.choice >> nth=1');
    await cy.fill('#live-reason', 'Keep it contained.');
    await cy.click('button:has-text("Vote")');
    await cy.waitForSelector('text=You voted for');
    await cy.reload();
    await cy.waitForSelector('text=You voted for');
    // The projector during a vote: the dilemma, who decides, votes in of the deciding team (Ana and Cy, not Ben),
    // the join code in its corner, and no bars until the facilitator shows them.
    await expect.poll(() => projector.textContent('.timer')).toMatch(/2 of 2 voted/);
    expect(await facilitator.textContent('.timer')).toMatch(/2 of 2 voted/);
    expect(await projector.isVisible('.projector-join .projector-code')).toBe(true);
    expect(await projector.textContent('.projector-join .projector-code')).toBe(code);
    expect(await projector.textContent('.projector-team')).toBe('Team Tehran decides');
    expect(await projector.locator('.site-header').count()).toBe(0);
    expect(await projector.locator('.tally-large').count()).toBe(0);
    await facilitator.click('text=Show the bars on the projector during the vote');
    await expect
      .poll(() => projector.locator('.tally-large .share-value').allTextContents())
      .toEqual(['1', '1', '0']);
    await expectNoSeriousA11yViolations(ana);
    await expectNoSeriousA11yViolations(projector);
    await projector.screenshot({ path: screenshotPath('live-projector-desktop.png') });
    await ana.screenshot({ path: screenshotPath('live-participant-phone.png'), fullPage: true });
    await facilitator.click('text=Close and reveal');
    await ana.waitForSelector("text=The room's votes");

    // A tie: the majority button is disabled and the tie-breaker names the tied choices by label.
    await facilitator.waitForSelector('.tie-breaker');
    expect(await facilitator.isDisabled('button:has-text("Advance with the majority")')).toBe(true);
    const tieText = await facilitator.textContent('#console-tie');
    expect(tieText).toContain('Security sweep at home and press Pakistan through diplomacy');
    expect(tieText).toContain('Demand publicly that Pakistan act, with a deadline');
    expect(tieText).not.toContain('t-rask');
    // The reasons, grouped by choice; one hidden, then shown on the projector without it.
    await facilitator.waitForSelector('text=Keep it contained.');
    await facilitator.click('button:has-text("Hide the reason from Cy")');
    await facilitator.waitForSelector('.reason-list li.hidden');
    await facilitator.click('text=Show reasons on the projector');
    await projector.waitForSelector('text=Pressure works.');
    expect(await projector.textContent('.projector-reasons')).not.toContain('Keep it contained.');
    expect(await facilitator.textContent('.participants')).toContain('Team Islamabad');
    await expectNoSeriousA11yViolations(facilitator);
    await facilitator.screenshot({ path: screenshotPath('live-console-tie-desktop.png'), fullPage: true });
    await facilitator.click('button:has-text("Go with “Security sweep")');
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
    await facilitator.screenshot({ path: screenshotPath('live-console-desktop.png'), fullPage: true });

    // The end: everyone gets the debrief, with the room's path beside history.
    facilitator.once('dialog', (dialog) => dialog.accept());
    await facilitator.click('button:has-text("End")');
    await ana.waitForSelector('#live-ending');
    expect(await ana.locator('.live-path li').count()).toBe(2);
    await projector.waitForSelector('#live-ending');
    expect(await projector.textContent('.live-path')).toContain('the room chose');
    // The ended console links the results and no longer offers to move or remove anyone.
    await facilitator.waitForSelector('#console-results');
    expect(await facilitator.getAttribute('a:has-text("Votes and reasons (CSV)")', 'href')).toBe(
      `/api/live/${code}/results?format=csv`,
    );
    const questions = facilitator.locator('a:has-text("Questions put to the room (CSV)")');
    expect(await questions.getAttribute('href')).toBe(`/api/live/${code}/results?format=csv&rows=questions`);
    expect(await facilitator.locator('.participants button').count()).toBe(0);
    await expectNoSeriousA11yViolations(projector);
    await context.close();
    // Six pages and axe runs on a shared machine: more than the default minute.
  }, 180_000);
});

describe('a live room session', () => {
  it('shows the events between decisions on every screen until the facilitator moves past them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await openLiveStartAsFacilitator(facilitator);
    await facilitator.selectOption('#live-scenario', 'tehran-after-rask');
    await facilitator.selectOption('#live-mode', 'room');
    await facilitator.selectOption('#live-side', 'tehran');
    await facilitator.click('text=Start the session');
    await facilitator.waitForURL(/\/live\/[A-Z0-9]{6}\/console$/);
    const code = facilitator.url().split('/').at(-2)!;
    const projector = await context.newPage();
    await projector.goto(`${baseUrl()}/live/${code}/projector`);
    await projector.waitForSelector('.projector-code');
    const ana = await joinLiveOnPhone(browser, code, 'Ana');

    await facilitator.click('text=Open voting');
    await ana.waitForSelector('.choice');
    await ana.click('.choice >> nth=0');
    await ana.click('button:has-text("Vote")');
    await ana.waitForSelector('text=You voted for');
    await facilitator.click('text=Close and reveal');
    await facilitator.click('text=Advance with the majority');

    // Islamabad's reply, then the Kerman bombing the next decision refers to: on the projector, the phone and the
    // console, one after the other, as the facilitator moves on.
    await projector.waitForSelector(".live-event >> text=Islamabad's reply");
    await ana.waitForSelector(".live-event >> text=Islamabad's reply");
    expect(await projector.textContent('.live-event')).toContain('1 of 2');
    expect(await projector.locator('#projector-title').count()).toBe(0);
    await facilitator.click('button:has-text("Next event")');
    await projector.waitForSelector('.live-event >> text=Kerman, and a region on edge');
    await ana.waitForSelector('.live-event >> text=Kerman, and a region on edge');
    expect(await facilitator.textContent('.live-event')).toContain('Kerman, and a region on edge');
    await expectNoSeriousA11yViolations(projector);
    await expectNoSeriousA11yViolations(ana);
    await facilitator.click('button:has-text("Continue to the decision")');
    await expect.poll(() => projector.textContent('#projector-title')).toBe('Strike inside Pakistan?');
    await ana.waitForSelector('text=Waiting for the facilitator');
    expect(await ana.locator('.live-event').count()).toBe(0);
    await context.close();
  }, 180_000);

  it('says at once that a mistyped code names no session, and lets the person type it again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await openLiveStartAsFacilitator(facilitator);
    await facilitator.click('text=Start the session');
    await facilitator.waitForURL(/\/live\/[A-Z0-9]{6}\/console$/);
    const code = facilitator.url().split('/').at(-2)!;

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${baseUrl()}/live/ZZZZ22`);
    // One refused socket and one lookup, not half a minute of retries.
    await phone.waitForSelector('text=There is no session with the code ZZZZ22', { timeout: 5000 });
    await expectNoSeriousA11yViolations(phone);
    await phone.fill('#live-code', code);
    await phone.click('button:has-text("Continue")');
    await phone.waitForSelector('#nickname');
    expect(phone.url()).toMatch(new RegExp(`/live/${code}$`));
    await context.close();
    await phone.context().close();
  }, 120_000);
});
