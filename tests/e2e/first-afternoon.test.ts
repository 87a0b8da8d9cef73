import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { baseUrl, expectNoSeriousA11yViolations, launchBrowser, screenshotPath } from './browser';

// What a first afternoon with the product tripped over (issue 19): who sees an instructor's copy, the instructor's
// home, the progress figure, resuming from the side page, and every page on a 390-px phone.
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const instructor = DEMO_ACCOUNTS[1].email;
// Each test walks several pages on two or three accounts; on a loaded machine that takes more than the default minute.
const LONG = 240_000;

let browser: Browser;
// The instructor signs in once: sign-ins are rate-limited per account and per address, and every browser test
// signs in from the same address.
let instructorState: Awaited<ReturnType<BrowserContext['storageState']>>;
beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  await signIn(context, instructor, /\/teach$/);
  instructorState = await context.storageState();
  await context.close();
});

/** A page signed in as the instructor, opened on their home (where sign-in lands them). */
async function asInstructor(
  options: Parameters<Browser['newContext']>[0] = { viewport: { width: 1280, height: 900 } },
): Promise<Page> {
  const page = await (await browser.newContext({ ...options, storageState: instructorState })).newPage();
  await page.goto(`${baseUrl()}/teach`);
  return page;
}
afterAll(async () => {
  await browser?.close();
});

async function signIn(context: BrowserContext, email: string, lands: RegExp): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(lands);
  return page;
}

/** A fresh student account, signed in in its own context. */
async function newStudent(name: string, options = PHONE): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(baseUrl());
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${crypto.randomUUID().slice(0, 8)}@example.edu`;
  const reply = await call<{ email: string }>(page, '/api/auth/signup', {
    email,
    password: 'a long enough password',
    displayName: name,
  });
  expect(reply.email).toBe(email);
  return page;
}

/** A JSON call from inside the page, with its cookies; `T` is the part of the route's reply the test reads. */
function call<T = unknown>(
  page: Page,
  url: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  return page.evaluate(
    async ([u, b, m]) => {
      const response = await fetch(u, {
        method: m,
        headers: { 'Content-Type': 'application/json' },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      });
      return response.status === 204 ? null : ((await response.json()) as unknown);
    },
    [url, body, method] as const,
  ) as Promise<T>;
}

/** Plays a run to its end through the API, taking choice `pick(step)` (modulo the choices there). */
async function playThrough(
  page: Page,
  start: Record<string, unknown>,
  pick: (step: number) => number,
  justification?: string,
): Promise<string> {
  type Reply = {
    run: { id: string };
    view: { status: string; step: number; decision: { choices: { id: string }[] } };
  };
  let reply = await call<Reply>(page, '/api/runs', start);
  const id = reply.run.id;
  while (reply.view.status === 'deciding') {
    const choices = reply.view.decision.choices;
    reply = await call<Reply>(page, `/api/runs/${id}/choices`, {
      step: reply.view.step,
      choiceId: choices[pick(reply.view.step) % choices.length]!.id,
      ...(justification ? { justification } : {}),
    });
  }
  return id;
}

/** No word in a table cell is broken across lines ("Islamab|ad"); breaks at hyphens, dots, slashes and @ are fine. */
async function expectWholeWordsInTables(page: Page, what: string) {
  const broken = await page.evaluate(() => {
    const found: string[] = [];
    for (const cell of document.querySelectorAll('main table th, main table td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/[^\s\-/@.·:]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) found.push(word[0]);
        }
      }
    }
    return found;
  });
  expect(broken, `${what}: words broken across lines`).toEqual([]);
}

async function expectFitsPhone(page: Page, what: string) {
  await page.waitForLoadState('networkidle');
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `${what} scrolls sideways`,
  ).toBeLessThanOrEqual(390);
}

describe("who sees an instructor's copy", () => {
  it(
    'keeps a published copy private to its author until they share it with their cohorts, and asks before going public',
    async () => {
      const teacher = await asInstructor();
      const draft = await call<{ revision: number }>(teacher, '/api/studio/scenarios', {
        slug: 'my-class-copy',
        title: 'My class copy',
        from: 'islamabad-48-hours',
      });
      await call(teacher, '/api/studio/scenarios/my-class-copy/publish', { revision: draft.revision });
      const cohort = await call<{ id: string; joinCode: string }>(teacher, '/api/cohorts', {
        name: 'Visibility seminar',
      });

      const member = await newStudent('member');
      await call(member, '/api/cohorts/join', { code: cohort.joinCode });
      const anonymous = await (await browser.newContext(PHONE)).newPage();
      for (const page of [member, anonymous]) {
        await page.goto(baseUrl());
        await page.waitForSelector('.catalog');
        expect(await page.locator('.catalog').textContent()).not.toContain('My class copy');
        await page.goto(`${baseUrl()}/scenarios/my-class-copy`);
        await page.waitForSelector('h1:has-text("Scenario not found")');
      }
      // The author sees it, marked as outside the public catalog.
      await teacher.goto(baseUrl());
      await expect
        .poll(() => teacher.locator('.card', { hasText: 'My class copy' }).textContent())
        .toContain('Private');

      // Going public asks first; declining leaves it private.
      await teacher.goto(`${baseUrl()}/studio`);
      const dialogs: string[] = [];
      teacher.once('dialog', (dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()));
      await teacher.locator('#visibility-my-class-copy').selectOption('public');
      await expect.poll(() => dialogs.length).toBe(1);
      expect(dialogs[0]).toContain('public catalog');
      expect(
        (await call<{ slug: string; visibility: string }[]>(teacher, '/api/studio/scenarios')).find(
          (s) => s.slug === 'my-class-copy',
        )!.visibility,
      ).toBe('private');

      await teacher.locator('#visibility-my-class-copy').selectOption('cohorts');
      await teacher.waitForSelector('text=is now visible to you and your cohorts');
      await expectNoSeriousA11yViolations(teacher);
      await member.goto(baseUrl());
      await expect.poll(() => member.locator('.catalog').textContent()).toContain('My class copy');
      await member.goto(`${baseUrl()}/scenarios/my-class-copy`);
      await member.waitForSelector('button:has-text("Start as Islamabad")');
      await anonymous.goto(baseUrl());
      await anonymous.waitForSelector('.catalog');
      expect(await anonymous.locator('.catalog').textContent()).not.toContain('My class copy');

      // In the editor an id already taken is said while it is typed, before the field is left.
      const opened = await call<{ content: { nodes: { id: string }[] } }>(
        teacher,
        '/api/studio/scenarios/my-class-copy',
      );
      await teacher.goto(`${baseUrl()}/studio/my-class-copy`);
      await teacher.selectOption('#node-picker', 'node:1');
      const idField = teacher.locator('#f-nodes-1-id');
      await idField.waitFor();
      await idField.focus();
      await teacher.keyboard.press('End');
      await teacher.keyboard.type('x');
      await idField.fill(opened.content.nodes[0]!.id);
      await teacher.waitForSelector(
        `.live-id-problem:has-text("Another one already has the id “${opened.content.nodes[0]!.id}”")`,
      );
      expect(await teacher.evaluate(() => document.activeElement?.id)).toBe('f-nodes-1-id');
    },
    LONG,
  );
});

describe("an instructor's home", () => {
  it(
    'lands on their cohorts with what is due and how far students are, their drafts and a button to start each',
    async () => {
      const setup = await asInstructor();
      const cohort = await call<{ id: string; joinCode: string }>(setup, '/api/cohorts', {
        name: 'Home page seminar',
      });
      const assignment = await call<{ id: string }>(setup, `/api/cohorts/${cohort.id}/assignments`, {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        dueAt: Date.now() + 7 * 86_400_000,
      });
      await call(setup, '/api/studio/scenarios', { slug: 'home-draft', title: 'Draft on the home page' });
      const done = await newStudent('done');
      const started = await newStudent('started');
      await newStudent('idle').then((p) => call(p, '/api/cohorts/join', { code: cohort.joinCode }));
      for (const s of [done, started]) await call(s, '/api/cohorts/join', { code: cohort.joinCode });
      await playThrough(
        done,
        { scenario: 'islamabad-48-hours', side: 'islamabad', assignmentId: assignment.id },
        () => 0,
      );
      await call(started, '/api/runs', {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        assignmentId: assignment.id,
      });

      for (const options of [{ viewport: { width: 1280, height: 900 } }, PHONE]) {
        const page = await asInstructor(options);
        const card = page.locator('.cohort-card', { hasText: 'Home page seminar' });
        await expect.poll(() => card.textContent()).toContain('1 of 3 finished, 1 in progress');
        expect(await card.textContent()).toContain('due');
        expect(
          await card.locator('a', { hasText: 'Islamabad: 48 hours to answer' }).getAttribute('href'),
        ).toBe(`/teach/${cohort.id}/assignments/${assignment.id}`);
        expect(
          await page.getByRole('link', { name: 'Continue editing Draft on the home page' }).count(),
        ).toBe(1);
        for (const action of ['Create a cohort', 'Start a live session', 'Write a scenario'])
          expect(await page.getByText(action, { exact: true }).count()).toBeGreaterThan(0);
        await expectNoSeriousA11yViolations(page);
        if (options === PHONE) {
          await expectFitsPhone(page, 'the instructor home');
          await page.screenshot({ path: screenshotPath('teach-phone.png'), fullPage: true });
        } else await page.screenshot({ path: screenshotPath('teach-desktop.png') });
      }
    },
    LONG,
  );
});

describe('a student on a phone', () => {
  it(
    'sees matched history pooled over decisions, resumes from the side page, and no page scrolls sideways',
    async () => {
      const page = await newStudent('phone');
      // Two finished runs of different lengths and choices: the figure is their decisions pooled, not the mean of runs.
      await playThrough(page, { scenario: 'islamabad-48-hours', side: 'islamabad' }, () => 0);
      const finishedId = await playThrough(
        page,
        { scenario: 'tehran-after-rask', side: 'tehran' },
        (step) => step + 1,
      );
      const runs = await call<{ id: string; status: string }[]>(page, '/api/runs');
      // Each run counts the decisions its debrief counts: those on history's path (issue 31).
      let matched = 0;
      let total = 0;
      for (const run of runs.filter((r) => r.status === 'finished')) {
        const { view } = await call<{
          view: { ending: { comparison: { matched: boolean; counted: boolean }[] } };
        }>(page, `/api/runs/${run.id}`);
        const counted = view.ending.comparison.filter((c) => c.counted);
        matched += counted.filter((c) => c.matched).length;
        total += counted.length;
      }
      await page.goto(`${baseUrl()}/progress`);
      const figure = page.getByTestId('matched-history');
      await expect.poll(() => figure.textContent()).toContain(`${matched} of ${total} in finished runs`);
      expect(await figure.textContent()).toContain(`${Math.round((matched / total) * 100)}%`);
      expect(await page.locator('.stats').textContent()).toContain('runs finished');
      await expectFitsPhone(page, 'progress');
      await expectWholeWordsInTables(page, 'progress');
      await expectNoSeriousA11yViolations(page);

      // The home page: no developer line, the flagship marked as the place to start.
      await page.goto(baseUrl());
      await page.waitForSelector('.catalog');
      expect(await page.locator('body').textContent()).not.toContain('Database ok');
      expect(await page.locator('.card-featured h3').textContent()).toContain('Strikes across the border');
      await expectFitsPhone(page, 'home');

      // A run in progress is offered first on its side page.
      const inProgress = await call<{ run: { id: string } }>(page, '/api/runs', {
        scenario: 'strikes-across-the-border',
        side: 'islamabad',
      });
      await page.goto(`${baseUrl()}/scenarios/strikes-across-the-border?side=islamabad`);
      const resume = page.getByRole('link', { name: /Resume as Islamabad/ });
      await resume.waitFor();
      expect(await page.getByRole('button', { name: 'Start again as Islamabad' }).count()).toBe(1);
      await expectFitsPhone(page, 'choose a side');
      await expectNoSeriousA11yViolations(page);
      await resume.click();
      await page.waitForURL(`${baseUrl()}/play/${inProgress.run.id}`);
      await page.waitForSelector('#decision-heading');
      // No keyboard here: no keyboard hint. The indicators are one tap away, in a strip under the header.
      expect(await page.locator('.key-hint').isVisible()).toBe(false);
      const strip = page.locator('.metric-strip');
      expect(await strip.isVisible()).toBe(true);
      expect(await strip.getAttribute('href')).toBe('#gauges-heading');
      const header = (await page.locator('.site-header').boundingBox())!;
      expect(header.height).toBeLessThan(70);
      await expectFitsPhone(page, 'play');

      // The debrief: the path beside history wraps instead of clipping; nothing to show from others is one line.
      await page.goto(`${baseUrl()}/play/${finishedId}`);
      await page.waitForSelector('.debrief .path-row');
      const clipped = await page
        .locator('.path-text')
        .evaluateAll((rows) => rows.filter((r) => r.scrollWidth > r.clientWidth).length);
      expect(clipped).toBe(0);
      await page.getByTestId('others-empty').waitFor();
      expect(await page.locator('#others-heading + * li').count()).toBe(0);
      await expectFitsPhone(page, 'debrief');
      await expectNoSeriousA11yViolations(page);
    },
    LONG,
  );

  it(
    'has a keyboard hint where there is a keyboard',
    async () => {
      const page = await newStudent('desk', { viewport: { width: 1280, height: 900 } } as typeof PHONE);
      const run = await call<{ run: { id: string } }>(page, '/api/runs', {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
      });
      await page.goto(`${baseUrl()}/play/${run.run.id}`);
      await page.waitForSelector('#decision-heading');
      expect(await page.locator('.key-hint').isVisible()).toBe(true);
      expect(await page.locator('.metric-strip').isVisible()).toBe(false);
    },
    LONG,
  );
});

describe('an instructor on a phone', () => {
  it(
    'reads the cohort, the results with sides by label and a named drill-down, and the studio without sideways scroll',
    async () => {
      const setup = await asInstructor();
      const cohort = await call<{ id: string; joinCode: string }>(setup, '/api/cohorts', {
        name: 'Phone seminar with a long section name',
      });
      const assignment = await call<{ id: string }>(setup, `/api/cohorts/${cohort.id}/assignments`, {
        scenario: 'strikes-across-the-border',
      });
      const student = await newStudent('Drilled Student');
      await call(student, '/api/cohorts/join', { code: cohort.joinCode });
      await playThrough(
        student,
        { scenario: 'strikes-across-the-border', side: 'tehran', assignmentId: assignment.id },
        () => 0,
        'Keep the border calm.',
      );
      const other = await newStudent('Other Side');
      await call(other, '/api/cohorts/join', { code: cohort.joinCode });
      await playThrough(
        other,
        { scenario: 'strikes-across-the-border', side: 'islamabad', assignmentId: assignment.id },
        () => 1,
      );

      const page = await asInstructor(PHONE);
      await page.goto(`${baseUrl()}/teach/${cohort.id}`);
      await page.waitForSelector('text=Drilled Student');
      // The assign form starts on the flagship; each assignment says what grades it (issue 31).
      await expect
        .poll(() => page.locator('#assign-scenario').inputValue())
        .toBe('strikes-across-the-border');
      expect(await page.locator('#assignments-heading + ul li').first().textContent()).toContain(
        'graded by Decision score',
      );
      const checkbox = (await page.getByLabel('Allow stepping back').boundingBox())!;
      expect(checkbox.width).toBeLessThan(30);
      await expectFitsPhone(page, 'cohort');
      await expectWholeWordsInTables(page, 'cohort');
      await expectNoSeriousA11yViolations(page);

      await page.goto(`${baseUrl()}/teach/${cohort.id}/assignments/${assignment.id}`);
      await page.waitForSelector('#decisions-heading');
      // Both sides' decisions, each labelled with its side as the scenario names it; never an id.
      const tags = await page.locator('.decision-result .side-tag').allTextContents();
      expect(new Set(tags)).toEqual(new Set(['Tehran', 'Islamabad']));
      expect(await page.locator('tbody').textContent()).toContain('Tehran');
      expect(await page.locator('tbody').textContent()).not.toContain('tehran');
      await page.getByRole('button', { name: 'View run of Drilled Student' }).click();
      await page.waitForSelector('#drill-heading:has-text("The run of Drilled Student")');
      // Read as someone else's run: their decisions, their reasons and their answers (issue 31).
      const drill = page.locator('section[aria-labelledby="drill-heading"]');
      await drill.locator('.timeline').waitFor();
      expect(await drill.textContent()).not.toMatch(/You chose|Your decision/);
      expect(await drill.locator('.timeline-choice').first().textContent()).toMatch(
        /^Drilled Student chose: /,
      );
      expect(await drill.locator('.timeline-reason').first().textContent()).toContain(
        'Keep the border calm.',
      );
      expect(await drill.locator('#drill-answers').textContent()).toBe('Knowledge answers');
      expect(await drill.locator('.drill-answers li').first().textContent()).toContain('not answered');
      await expectFitsPhone(page, 'results');
      await expectWholeWordsInTables(page, 'results');
      await expectNoSeriousA11yViolations(page);

      await page.goto(`${baseUrl()}/studio`);
      await page.waitForSelector('#mine-heading');
      await expectFitsPhone(page, 'studio');
    },
    LONG,
  );
});
