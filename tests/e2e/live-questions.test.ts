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

const participant = (code: string, nickname: string) => joinLiveOnPhone(browser, code, nickname);

describe('a question put to a live room', () => {
  it('goes from the console to the phones, is answered by keyboard, and is revealed with counts, explanation and points', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await openLiveStartAsFacilitator(facilitator);
    await facilitator.selectOption('#live-scenario', 'islamabad-48-hours');
    // The points board is off unless ticked.
    expect(await facilitator.isChecked('input[name="points"]')).toBe(false);
    await facilitator.check('input[name="points"]');
    await facilitator.click('text=Start the session');
    await facilitator.waitForURL(/\/live\/[A-Z0-9]{6}\/console$/);
    const code = facilitator.url().split('/').at(-2)!;
    const projector = await context.newPage();
    await projector.goto(`${baseUrl()}/live/${code}/projector`);
    await projector.waitForSelector('.projector-code');

    const ana = await participant(code, 'Ana');
    const ben = await participant(code, 'Ben');
    await expect.poll(() => facilitator.locator('.participants li').count()).toBe(2);

    await facilitator.selectOption('#console-question', 'who-claimed-rask');
    await facilitator.click('button:has-text("Ask the room")');
    await ana.waitForSelector('.live-question fieldset:not([disabled])');
    expect(await ana.locator('.live-question legend').textContent()).toMatch(/Rask/);
    // Nothing on the phone says which option is right before the reveal.
    expect(await ana.locator('.check-right').count()).toBe(0);
    expect(await ana.textContent('.live-question')).not.toMatch(/Right\.|Not quite\./);

    // Ana answers with the keyboard alone: Tab to the options, arrows to the right one, Tab to the button, Enter.
    // Options are shuffled per question: start from the right one, arrow away and back.
    await ana.focus('input[name="live-question"][value="jaish-al-adl"]');
    await ana.keyboard.press('ArrowDown');
    await ana.keyboard.press('ArrowUp');
    expect(await ana.isChecked('input[name="live-question"][value="jaish-al-adl"]')).toBe(true);
    await ana.keyboard.press('Tab');
    await ana.keyboard.press('Enter');
    await ana.waitForSelector('text=Your answer is in');
    await ben.check('input[name="live-question"][value="islamic-state"]');
    await ben.click('.live-question button:has-text("Answer")');
    await ben.waitForSelector('text=Your answer is in');
    await expectNoSeriousA11yViolations(ana);
    await ana.screenshot({ path: screenshotPath('live-question-phone.png'), fullPage: true });

    // The console counts answers per option as they come; the projector shows no bars unless asked to.
    await expect.poll(() => facilitator.textContent('.console-question .timer')).toMatch(/2 answered/);
    // Options are shuffled per question, so the counts are read by option label.
    const countsByLabel = Object.fromEntries(
      await facilitator
        .locator('.console-question .share-bars li')
        .evaluateAll((rows) =>
          rows.map((row) => [
            row.querySelector('.share-label')?.textContent?.trim() ?? '',
            row.querySelector('.share-value')?.textContent ?? '',
          ]),
        ),
    ) as Record<string, string>;
    expect(Object.keys(countsByLabel)).toHaveLength(4);
    expect(Object.entries(countsByLabel).filter(([, count]) => count !== '0')).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/Jaish al-Adl/), '1'],
        [expect.stringMatching(/Islamic State/), '1'],
      ]),
    );
    expect(Object.values(countsByLabel).sort()).toEqual(['0', '0', '1', '1']);
    await expect.poll(() => projector.textContent('.projector-question .timer')).toMatch(/2 of 2 answered/);
    expect(await projector.locator('.projector-question .tally-large').count()).toBe(0);

    await facilitator.click('button:has-text("Close and reveal the answer")');
    await ana.waitForSelector('.check-verdict >> text=Right.');
    await ben.waitForSelector('.check-verdict >> text=Not quite.');
    expect(await ben.locator('.check-right').textContent()).toContain('right');
    expect(await ben.textContent('.live-question .sources summary')).toMatch(/source/);
    // On the projector: the counts, the explanation, and the board by nickname (points were switched on).
    await projector.waitForSelector('.projector-question .tally-large');
    expect((await projector.locator('.projector-question .share-value').allTextContents()).sort()).toEqual([
      '0',
      '0',
      '1',
      '1',
    ]);
    // The two answers are on the options that were chosen (options are shuffled per question).
    for (const label of ['Jaish al-Adl', 'Islamic State'])
      expect(
        await projector
          .locator('.projector-question .share-bars li', { hasText: label })
          .locator('.share-value')
          .textContent(),
      ).toBe('1');
    await expect.poll(() => projector.textContent('.projector-points')).toMatch(/Ana: 1/);
    expect(await projector.textContent('.projector-points')).not.toContain('Ben');
    await expectNoSeriousA11yViolations(facilitator);
    await expectNoSeriousA11yViolations(projector);
    await projector.screenshot({ path: screenshotPath('live-question-projector.png') });

    // Off the screens; the room goes on to its first vote.
    await facilitator.click('button:has-text("Take the question off the screens")');
    await ana.waitForSelector('text=Waiting for the facilitator');
    await facilitator.click('text=Open voting');
    await ana.waitForSelector('.choice');
    await context.close();
  }, 180_000);
});
