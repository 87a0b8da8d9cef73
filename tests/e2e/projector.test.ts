import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomView, ServerMessage } from '../../api/live/protocol';
import {
  baseUrl,
  expectNoSeriousA11yViolations,
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

const SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;

/**
 * What does not fit on the projector at its size: the page scrolling, the stage's content cut off, or the stage
 * running under the footer (where the join box is). Empty when everything fits.
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollHeight > innerHeight) problems.push(`page ${root.scrollHeight}px tall`);
    if (root.scrollWidth > innerWidth) problems.push(`page ${root.scrollWidth}px wide`);
    const stage = document.querySelector('.projector-stage');
    if (stage && stage.scrollHeight > stage.clientHeight + 1)
      problems.push(`stage content ${stage.scrollHeight}px in ${stage.clientHeight}px`);
    const footer = document.querySelector('.projector-footer');
    if (stage && footer && stage.getBoundingClientRect().bottom > footer.getBoundingClientRect().top + 1)
      problems.push('stage under the footer');
    return problems;
  });

/** Checks the projector's current state at both sizes; `shot` names screenshots of it. */
async function fitsBothSizes(page: Page, state: string, shot?: string) {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await expect.poll(() => overflow(page), { message: `${state} at ${width}×${height}` }).toEqual([]);
    if (shot) await page.screenshot({ path: screenshotPath(`${shot}-${width}x${height}.png`) });
  }
}

/** A participant over a plain WebSocket, as a phone would be: joins, keeps the latest state, sends what it is told. */
async function participant(code: string, nickname: string) {
  const ws = new WebSocket(`${baseUrl().replace('http', 'ws')}/api/live/${code}/ws`);
  let state: RoomView | null = null;
  const welcomed = new Promise<void>((resolve) =>
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.type === 'state') state = message;
      if (message.type === 'welcome') resolve();
    }),
  );
  await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
  ws.send(JSON.stringify({ type: 'join', nickname }));
  await welcomed;
  return { ws, state: () => state, send: (message: unknown) => ws.send(JSON.stringify(message)) };
}

describe('the projector as a stage', () => {
  it('fits every state on a 16:9 screen at 1280×720 and 1920×1080 without scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const facilitator = await context.newPage();
    await openLiveStartAsFacilitator(facilitator);
    await facilitator.selectOption('#live-scenario', 'islamabad-48-hours');
    await facilitator.click('text=Start the session');
    await facilitator.waitForURL(/\/live\/[A-Z0-9]{6}\/console$/);
    const code = facilitator.url().split('/').at(-2)!;
    const projector = await context.newPage();
    await projector.goto(`${baseUrl()}/live/${code}/projector`);
    await projector.waitForSelector('.projector-lobby');

    // The lobby: the code, the link and the QR code; no empty points panel, no second join box in the footer.
    expect(await projector.locator('.points-board').count()).toBe(0);
    expect(await projector.locator('.projector-footer .projector-join').count()).toBe(0);
    await fitsBothSizes(projector, 'the lobby');
    await expectNoSeriousA11yViolations(projector);

    // Twelve people join and vote, each with a long reason: seven for the first choice, five for the second.
    const people = await Promise.all(
      Array.from({ length: 12 }, (_, i) => participant(code, `Person ${String.fromCharCode(65 + i)}`)),
    );
    await facilitator.click('text=Open voting');
    await expect.poll(() => people.every((p) => p.state()?.round?.status === 'open')).toBe(true);
    const choices = people[0]!.state()!.decision!.choices;
    people.forEach((p, i) =>
      p.send({
        type: 'vote',
        choiceId: choices[i < 7 ? 0 : 1]!.id,
        reason:
          `Reason ${i + 1}: restraint keeps the three fronts quiet while the army shows it can answer in its own time and place.`.slice(
            0,
            140,
          ),
      }),
    );
    await facilitator.click('text=Show the bars on the projector during the vote');
    await expect.poll(() => projector.textContent('.timer')).toContain('12 of 12 voted');
    await fitsBothSizes(projector, 'a vote with its bars');

    // The reveal with the reasons: a page of six at a time, turning by itself (or by the arrow keys).
    await facilitator.click('text=Close and reveal');
    await facilitator.click('text=Show reasons on the projector');
    await expect.poll(() => projector.locator('.projector-reasons li').count()).toBe(6);
    expect(await projector.textContent('.rotator-controls')).toContain('1 of 2');
    await fitsBothSizes(projector, 'the reasons', 'live-projector');
    await projector.keyboard.press('ArrowRight');
    await expect.poll(() => projector.textContent('.rotator-controls')).toContain('2 of 2');
    // The turning pauses (a button, or P) and resumes; the arrows still page by hand (issue 31).
    const pause = projector.locator('.rotator-pause');
    await pause.click();
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    expect(await projector.getAttribute('.rotator', 'data-turning')).toBe('paused');
    await projector.keyboard.press('ArrowLeft');
    await expect.poll(() => projector.textContent('.rotator-controls')).toContain('1 of 2');
    await projector.keyboard.press('p');
    expect(await projector.getAttribute('.rotator', 'data-turning')).toBe('on');
    expect(await pause.getAttribute('aria-pressed')).toBe('false');
    await projector.keyboard.press('ArrowRight');
    await expect.poll(() => projector.textContent('.rotator-controls')).toContain('2 of 2');
    await fitsBothSizes(projector, 'the second page of reasons');
    await expectNoSeriousA11yViolations(projector);

    await facilitator.click('text=Advance with the majority');
    await expect.poll(() => projector.locator('.projector-reasons').count()).toBe(0);
    if (await projector.locator('.live-event').count()) {
      await fitsBothSizes(projector, 'an event');
      await facilitator.click('text=/Continue to the decision|Next event/');
    }

    // A knowledge check revealed with its explanation and sources, everyone having answered.
    await facilitator.click('text=Ask the room');
    await expect.poll(() => people.every((p) => p.state()?.question?.status === 'open')).toBe(true);
    const question = people[0]!.state()!.question!;
    people.forEach((p, i) =>
      p.send({ type: 'answer', questionId: question.id, optionIds: [question.options[i % 2]!.id] }),
    );
    await expect.poll(() => projector.textContent('.projector-question .timer')).toContain('12 of 12');
    await facilitator.click('text=Close and reveal the answer');
    await projector.waitForSelector('.projector-explanation');
    await fitsBothSizes(projector, 'a question revealed with its sources', 'live-projector-question');
    await facilitator.click('text=Take the question off the screens');

    // The end: the debrief as pages.
    facilitator.once('dialog', (dialog) => dialog.accept());
    await facilitator.click('button:has-text("End")');
    await projector.waitForSelector('#live-ending');
    await fitsBothSizes(projector, 'the debrief');
    for (let page = 1; page < 4 && (await projector.locator('.rotator-controls').count()); page++) {
      await projector.keyboard.press('ArrowRight');
      await fitsBothSizes(projector, `the debrief, page ${page + 1}`);
    }
    await expectNoSeriousA11yViolations(projector);
    for (const p of people) p.ws.close();
    await context.close();
  }, 300_000);
});
