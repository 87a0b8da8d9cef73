import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { signInCookie } from '../../scripts/lib/test-server';
import { scenarioWithChecks } from '../fixtures/scenarios';
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
  // The instructor imports the quiz scenario and opens it to their cohorts (imports are private to their authors).
  const cookie = await signInCookie(baseUrl(), DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
  const headers = { 'Content-Type': 'application/json', Origin: baseUrl(), Cookie: cookie };
  const imported = await fetch(`${baseUrl()}/api/scenarios/import`, {
    method: 'POST',
    headers,
    body: JSON.stringify(scenarioWithChecks()),
  });
  expect(imported.status, await imported.clone().text()).toBe(201);
  const opened = await fetch(`${baseUrl()}/api/studio/scenarios/fixture-checks/visibility`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ visibility: 'cohorts' }),
  });
  expect(opened.status, await opened.clone().text()).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

describe('knowledge checks in a run', () => {
  it('asks a question before play and again after the ending, by keyboard on a phone, and shows what changed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const outside = collectOutsideRequests(page);
    // The scenario's author plays it (it is not in the public catalog).
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    await page.goto(`${baseUrl()}/scenarios/fixture-checks`);
    await page.getByRole('button', { name: 'Start as Alpha' }).click();
    await page.waitForURL(/\/play\//);
    await page.waitForSelector('#decision-heading');

    // Two questions before play, each a group named by its prompt; nothing of the answer shows yet.
    const who = page.getByRole('group', { name: 'Who acted first?' });
    const both = page.getByRole('group', { name: 'Which were sides?' });
    await expect.poll(() => who.count()).toBe(1);
    expect(await both.getByText('Choose all that apply.').count()).toBe(1);
    // Before it closes, a "before" question says what leaving it unanswered costs.
    expect(await who.getByText(/Left unanswered, it will not count toward your learning gain/).count()).toBe(
      1,
    );
    expect(await page.getByText('EXPLANATION-WHO').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // Keyboard: focus the first option, arrow to the second (a wrong answer), Tab to "Answer", Enter.
    await who.getByRole('radio', { name: 'Alpha' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await who.getByRole('radio', { name: 'Beta' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Answer');
    await page.keyboard.press('Enter');
    const whoCard = page.locator('.check-card', { has: who });
    // A question asked before play keeps right and wrong to itself until the run has ended.
    await expect.poll(() => whoCard.getByRole('status').textContent()).toContain('Answer recorded.');
    expect(await page.getByText('EXPLANATION-WHO').count()).toBe(0);
    expect(await whoCard.getByText('(right)').count()).toBe(0);
    expect(await whoCard.getByText('(your answer)').count()).toBe(1);
    expect(await who.getByRole('radio', { name: /Beta/ }).isDisabled()).toBe(true);

    const bothCard = page.locator('.check-card', { has: both });
    await both.getByRole('checkbox', { name: 'Alpha' }).check();
    await both.getByRole('checkbox', { name: 'Beta' }).check();
    await bothCard.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => bothCard.getByRole('status').textContent()).toContain('Answer recorded.');
    // The earlier answer folds to one line (verdict and prompt) that opens to the whole card, so answered
    // questions do not push the decision down.
    const folded = page.locator('details.check-folded', { hasText: 'Who acted first?' });
    await expect.poll(() => folded.count()).toBe(1);
    const line = folded.locator('summary');
    // Before play the answer is only recorded: right or wrong shows after the ending.
    expect(await line.textContent()).toBe('Answered.Who acted first?');
    expect((await line.boundingBox())!.height).toBeLessThan(60);
    expect(await folded.getByRole('radio', { name: /Beta/ }).isVisible()).toBe(false);
    await line.click();
    expect(await folded.getByRole('radio', { name: /Beta/ }).isVisible()).toBe(true);
    await line.click();
    await expectNoSeriousA11yViolations(page);

    await page.locator('#choice-a1-hold').check();
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.waitForSelector('.debrief .score-number');
    // After the decision both answers are folded.
    expect(await page.locator('details.check-folded').count()).toBe(2);

    // After the ending: the answers before play, marked now, with their explanation.
    const sealedNoMore = page.getByRole('region', { name: 'Your answers before play' });
    await expect.poll(() => sealedNoMore.textContent()).toContain('Not quite.');
    expect(await sealedNoMore.textContent()).toContain('EXPLANATION-WHO');
    // The same two questions again, and the summary of what changed. The debrief says first that
    // a question left unanswered counts as wrong.
    expect(await page.locator('.debrief-checks').textContent()).toContain(
      'one left unanswered counts as wrong',
    );
    const whoAfter = page.locator('.debrief-checks .check-card', {
      has: page.getByRole('group', { name: 'Who acted first?' }),
    });
    await whoAfter.getByRole('radio', { name: 'Alpha' }).check();
    await whoAfter.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => whoAfter.getByRole('status').textContent()).toContain('Right.');
    const bothAfter = page.locator('.debrief-checks .check-card', {
      has: page.getByRole('group', { name: 'Which were sides?' }),
    });
    await bothAfter.getByRole('checkbox', { name: 'Alpha' }).check();
    await bothAfter.getByRole('checkbox', { name: 'Beta' }).check();
    await bothAfter.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => bothAfter.getByRole('status').textContent()).toContain('Right.');

    const summary = page.getByRole('region', { name: 'What you know about the crisis' });
    // The run asked three questions; the one after decision 1 ("What did Alpha do?") went unanswered.
    await expect.poll(() => summary.textContent()).toContain('Knowledge score: 67%');
    expect(await summary.textContent()).toContain(
      '(2 of 3 questions right; 1 not answered, counted as wrong)',
    );
    // One question went from wrong to right, one stayed right: half a question's worth of gain per question.
    expect(await summary.textContent()).toContain('Learning gain: +50 points');
    expect(await summary.textContent()).toContain('Before: wrong · after: right (learned)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: screenshotPath('knowledge-checks-phone.png'), fullPage: true });

    // A reload brings the answers back from the server.
    await page.reload();
    await expect
      .poll(() => page.getByRole('region', { name: 'What you know about the crisis' }).textContent())
      .toContain('Learning gain: +50 points');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  }, 120_000);

  it("shows the class's learning gain and who got a question wrong on the results dashboard", async () => {
    const url = baseUrl();
    const call = async <T>(cookie: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { Origin: url, Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return {
        json: (text ? JSON.parse(text) : null) as T,
        cookie: response.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      };
    };
    const teacher = await signInCookie(url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
    const cohort = (
      await call<{ id: string; joinCode: string }>(teacher, 'POST', '/api/cohorts', { name: 'Quiz section' })
    ).json;
    const assignment = (
      await call<{ id: string }>(teacher, 'POST', `/api/cohorts/${cohort.id}/assignments`, {
        scenario: 'fixture-checks',
        side: 'alpha',
        grade: 'knowledge',
      })
    ).json;
    // Two students: one learns who acted first (wrong before, right after), one keeps a wrong answer.
    for (const [name, before, after] of [
      ['Noor', 'beta', 'alpha'],
      ['Omar', 'beta', 'beta'],
    ] as const) {
      const student = (
        await call('', 'POST', '/api/auth/signup', {
          email: `${name.toLowerCase()}-${Date.now()}@example.edu`,
          password: 'a long enough password',
          displayName: name,
        })
      ).cookie;
      await call(student, 'POST', '/api/cohorts/join', { code: cohort.joinCode });
      const run = (
        await call<{ run: { id: string } }>(student, 'POST', '/api/runs', {
          scenario: 'fixture-checks',
          side: 'alpha',
          assignmentId: assignment.id,
        })
      ).json;
      await call(student, 'POST', `/api/runs/${run.run.id}/answers`, {
        checkId: 'who',
        slot: 'before',
        optionIds: [before],
      });
      await call(student, 'POST', `/api/runs/${run.run.id}/choices`, { step: 0, choiceId: 'a1-hold' });
      await call(student, 'POST', `/api/runs/${run.run.id}/answers`, {
        checkId: 'who',
        slot: 'after',
        optionIds: [after],
      });
    }

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${url}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    await page.goto(`${url}/teach/${cohort.id}/assignments/${assignment.id}`);
    const section = page.getByRole('region', { name: 'What the class knows' });
    await expect.poll(() => section.count(), { timeout: 15_000 }).toBe(1);
    // Noor +1, Omar 0: a class gain of half a question, +50 points.
    expect(await section.textContent()).toContain('Learning gain: +50 points');
    const who = section.locator('.knowledge-question', { hasText: 'Who acted first?' });
    expect(await who.textContent()).toContain('Right before play0% of 2');
    expect(await who.textContent()).toContain('Right after50% of 2');
    expect(await who.textContent()).toContain('Wrong at their latest answer: Omar');
    // The student table shows each student's grade (the knowledge score here) beside the decision score: Noor got
    // one of the three questions the run asked right.
    const noorRow = page.getByRole('row', { name: /^Noor/ });
    expect(await noorRow.locator('td').nth(3).textContent()).toBe('33');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: screenshotPath('knowledge-dashboard-phone.png'), fullPage: true });
    // The bars' figures ("50% of 2") stay inside their rows, on a phone and at 1280 px (issue 31).
    const figuresOutside = () =>
      section.evaluate((panel) =>
        [...panel.querySelectorAll('.share-value')]
          .filter(
            (v) => v.getBoundingClientRect().right > v.parentElement!.getBoundingClientRect().right + 0.5,
          )
          .map((v) => v.textContent),
      );
    expect(await figuresOutside()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await figuresOutside()).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets an author edit a question in the studio, lists its problems and shows it in the preview', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    await page.goto(`${baseUrl()}/studio`);
    await page.fill('#new-title', 'Quiz copy');
    await page.fill('#new-slug', 'quiz-copy');
    await page.selectOption('#new-from', 'fixture-checks');
    await page.click('text=Create draft');
    await page.waitForURL(/\/studio\/quiz-copy$/);
    await page.waitForSelector('.graph-node');

    await page.click('#tab-questions');
    const first = page.getByRole('group', { name: 'Question 1' });
    await first.waitFor();
    expect(await first.getByLabel('Question', { exact: true }).inputValue()).toBe('Who acted first?');
    // Unmarking the only right option is a problem, listed and shown beside the options.
    await first.getByRole('checkbox', { name: 'Right' }).first().uncheck();
    await page.waitForSelector('.problem-link:has-text("Mark at least one option correct")');
    await page.waitForSelector('.field-problems:has-text("Mark at least one option correct")');
    await first.getByRole('checkbox', { name: 'Right' }).nth(1).check();
    await expect.poll(() => page.locator('.problem-link').allTextContents(), { timeout: 10_000 }).toEqual([]);
    expect(await page.locator('#problems-heading').textContent()).toBe('No problems');
    await first.getByLabel('Question', { exact: true }).fill('Who acted second?');
    await expectNoSeriousA11yViolations(page);

    // The preview asks the "before" questions at the start, with the right option marked for the author.
    await page.click('#tab-preview');
    const open = page.locator('.preview-checks');
    await expect.poll(() => open.textContent(), { timeout: 10_000 }).toContain('Who acted second?');
    expect(await open.textContent()).toContain('Beta (right)');
    await context.close();
  }, 120_000);
});
