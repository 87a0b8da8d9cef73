import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { fixtureScenario } from '../fixtures/scenarios';
import { baseUrl, expectNoSeriousA11yViolations, launchBrowser, screenshotPath } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the studio page', () => {
  it('duplicates a scenario, imports a file with its full validation report, publishes, unpublishes and publishes again, discards a draft, deletes a scenario never published', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${baseUrl()}/signin`);
    await page.fill('#email', DEMO_ACCOUNTS[1].email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/teach$/);
    await page.click('nav >> text=Studio');
    await page.waitForSelector('#new-title');
    await expectNoSeriousA11yViolations(page);
    // On a phone the page fits its width, long scenario titles in the "Start from" list included.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForSelector('#new-from option:nth-child(2)', { state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The slug follows the title until it is typed.
    await page.fill('#new-title', 'Notre Défense, 48 hours');
    expect(await page.inputValue('#new-slug')).toBe('notre-defense-48-hours');
    await page.fill('#new-slug', 'our-48-hours');
    await page.fill('#new-title', 'Our own 48 hours');
    expect(await page.inputValue('#new-slug')).toBe('our-48-hours');
    await page.selectOption('#new-from', 'islamabad-48-hours');
    await page.click('text=Create draft');
    // Creating a draft opens it in the editor; publishing also works from the list.
    await page.waitForURL(/\/studio\/our-48-hours$/);
    await page.waitForSelector('.graph-canvas');
    await page.click('nav >> text=Studio');
    await page.click('button:has-text("Publish v1")');
    await page.waitForSelector('text=Version 1 of "our-48-hours" is published');
    // Opening a published scenario to look at it leaves no draft behind.
    const card = page.locator('.run-card', { hasText: 'our-48-hours' });
    await card.locator('a:has-text("Edit")').click();
    await page.waitForSelector(
      '.save-state:has-text("Version 1 is published; your first edit starts version 2")',
    );
    expect(await page.locator('button:has-text("Nothing new to publish")').isDisabled()).toBe(true);
    await page.click('nav >> text=Studio');
    await expect.poll(() => card.textContent()).toContain('v1 published');
    expect(await card.textContent()).not.toContain('draft');

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
    await page
      .locator('.run-card', { hasText: 'our-48-hours' })
      .locator('button:has-text("Unpublish")')
      .click();
    await page.waitForSelector('text=is no longer in the catalog');
    await page.goto(`${baseUrl()}/`);
    await page.waitForSelector('.catalog');
    expect(await page.locator('text=Our own 48 hours').count()).toBe(0);

    // Publishing it again makes its latest content the next version; a draft can be discarded, and a scenario
    // that was never published deleted, each after a confirmation.
    await page.goto(`${baseUrl()}/studio`);
    await page
      .locator('.run-card', { hasText: 'our-48-hours' })
      .locator('button:has-text("Publish again")')
      .click();
    await page.waitForSelector('text="our-48-hours" is back in the catalog as version 2.');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => (dialogs.push(dialog.message()), void dialog.accept()));
    await page.locator('.run-card', { hasText: 'our-48-hours' }).locator('a:has-text("Edit")').click();
    await page.click('#tab-scenario');
    await page.fill('#f-summary', 'A change to throw away.');
    await page.waitForSelector('.save-state:text-is("All changes saved")');
    await page.click('nav >> text=Studio');
    const ours = page.locator('.run-card', { hasText: 'our-48-hours' });
    await expect.poll(() => ours.textContent()).toContain('v3 draft');
    await ours.locator('button:has-text("Discard draft")').click();
    await page.waitForSelector('text=The draft of version 3 of "our-48-hours" is discarded.');
    expect(await ours.textContent()).toContain('v2 published');
    expect(await ours.textContent()).not.toContain('draft');
    await page.fill('#new-title', 'Scratch pad');
    await page.click('text=Create draft');
    await page.waitForURL(/\/studio\/scratch-pad$/);
    await page.click('nav >> text=Studio');
    await page.locator('.run-card', { hasText: 'scratch-pad' }).locator('button:has-text("Delete")').click();
    await page.waitForSelector('text="scratch-pad" is deleted.');
    expect(await page.locator('.run-card', { hasText: 'scratch-pad' }).count()).toBe(0);
    expect(dialogs).toHaveLength(2);
    expect(dialogs[1]).toContain('never published');
  });
});

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  // Students land on their progress, instructors on their teaching home.
  await page.waitForURL(/\/(progress|teach)$/);
  return page;
}

/** Creates a draft from the studio page as a copy of a published scenario and waits for the editor. */
async function createDraft(page: Page, title: string, slug: string, from: string) {
  await page.goto(`${baseUrl()}/studio`);
  await page.fill('#new-title', title);
  await page.fill('#new-slug', slug);
  await page.selectOption('#new-from', from);
  await page.click('text=Create draft');
  await page.waitForURL(new RegExp(`/studio/${slug}$`));
  await page.waitForSelector('.graph-node');
}

const problemsHeading = (page: Page) => page.locator('#problems-heading').textContent();

/** Starts a run as Tehran and returns its address and the labels of the first decision's choices. */
async function startRun(page: Page, slug: string) {
  await page.goto(`${baseUrl()}/scenarios/${slug}?side=tehran`);
  // With a run of this scenario in progress the side page offers Resume and "Start again as Tehran".
  await page.getByRole('button', { name: /^Start (again )?as Tehran$/ }).click();
  await page.waitForURL(/\/play\//);
  await page.waitForSelector('#decision-heading');
  // The decision's choices only: the knowledge checks' options on the same page are shuffled per run.
  return { url: page.url(), choices: await page.locator('.decision .choice-label').allTextContents() };
}

describe('the scenario editor', () => {
  it('duplicates the flagship, adds a node and a choice, shows and clears the dead end, previews and publishes a new version while older runs keep theirs', async () => {
    const instructorContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await signIn(instructorContext, DEMO_ACCOUNTS[1].email);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));

    await createDraft(page, 'Desk exercise', 'desk-exercise', 'strikes-across-the-border');
    await expect.poll(() => problemsHeading(page), { timeout: 5_000 }).toBe('No problems');
    // The play-test in the checks panel: a player copying history reaches the historical ending on every run.
    await page.click('button:has-text("Play-test the draft")');
    const historicalRow = page
      .locator('.play-report-side')
      .first()
      .locator('tbody tr', { has: page.locator('.tag:text-is("historical")') });
    await expect
      .poll(() => historicalRow.locator('td').last().textContent(), { timeout: 60_000 })
      .toBe('100%');
    expect(await page.locator('.play-report-side h4').allTextContents()).toEqual([
      'Playing Tehran',
      'Playing Islamabad',
    ]);
    // The historical path is highlighted and sides are told apart.
    expect(await page.locator('.graph-node.historical').count()).toBeGreaterThan(2);
    // A click at the right end of the overview takes the view to the far end of the graph; the toolbar brings it back.
    const drawnAt = () =>
      page
        .locator('.graph-node')
        .evaluateAll((nodes) =>
          nodes.map((n) => Number(/translate\(([-\d.]+)/.exec(n.getAttribute('transform')!)![1])),
        );
    const startColumns = await drawnAt();
    const overview = (await page.locator('.graph-overview canvas').boundingBox())!;
    await page.mouse.click(overview.x + overview.width - 2, overview.y + overview.height / 2);
    await page.waitForSelector('.graph-node[data-node-id="rask"]', { state: 'detached' });
    expect(Math.min(...(await drawnAt()))).toBeGreaterThan(Math.max(...startColumns));
    await page.click('button:has-text("Back to the start")');
    await page.waitForSelector('.graph-node[data-node-id="rask"]');
    await expectNoSeriousA11yViolations(page);
    // Keyboard: Enter on a node in the graph opens its form and moves focus there.
    await page.locator('.graph-node[data-node-id="t-rask"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-nodes-1');
    await page.click('button:has-text("Publish version 1")');
    await page.waitForSelector('text=Version 1 is published');

    // A student of one of the instructor's cohorts starts a run on version 1, once it is shared with the cohorts.
    const studentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const student = await signIn(studentContext, DEMO_ACCOUNTS[2].email);
    const post = <T = unknown>(p: Page, url: string, body: unknown, method = 'POST') =>
      p.evaluate(
        async ([u, b, m]) =>
          (await (
            await fetch(u, {
              method: m,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(b),
            })
          ).json()) as unknown,
        [url, body, method] as const,
      ) as Promise<T>;
    const cohort = await post<{ joinCode: string }>(page, '/api/cohorts', { name: 'Desk exercise group' });
    await post(student, '/api/cohorts/join', { code: cohort.joinCode });
    await post(page, '/api/studio/scenarios/desk-exercise/visibility', { visibility: 'cohorts' }, 'PUT');
    const before = await startRun(student, 'desk-exercise');
    expect(before.choices.length).toBeGreaterThan(1);

    // A new decision: it has no choices yet, so the validator flags a dead end on it, in the list and on the graph.
    await page.click('button:has-text("Add a decision")');
    await page.getByLabel('Title', { exact: true }).fill('Quiet channel through Oman');
    await page.waitForSelector('.problem-link:has-text("has no choices")');
    // Problems also show beside the part of the form they are about.
    await page.waitForSelector('.field-problems:has-text("cites no source")');
    expect(await page.locator('.graph-node.problem[data-node-id="new-decision"]').count()).toBe(1);
    await expect
      .poll(() => page.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');

    // The problem links to its place; fix it: cite a source, add a choice that leads on.
    await page.click('.problem-link:has-text("has no choices")');
    await page.locator('#node-heading').waitFor();
    await page.click('button:has-text("Cite a source")');
    await page.click('button:has-text("Add a choice")');
    await page.getByLabel('Label', { exact: true }).fill('Offer talks through Muscat');
    await expect
      .poll(() => page.locator('.problem-link:has-text("has no choices")').count(), { timeout: 5_000 })
      .toBe(0);
    // The pickers keep showing what is chosen after the check rebuilds their lists.
    const selectedText = (selector: string) =>
      page.$eval(selector, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(await selectedText('#node-picker')).toContain('Quiet channel through Oman');
    expect(await page.getByLabel('Then go to', { exact: true }).inputValue()).toBe('END');
    expect(await selectedText('select[id$="-next"]')).toContain('END');
    await page
      .getByLabel('Feedback after choosing')
      .fill('Oman carries the message. **Nothing is settled**, but both capitals have a channel.');
    await page.getByLabel('This is what really happened (historical)').check();
    await page.getByLabel('Then go to', { exact: true }).selectOption('p-rask');

    // Make it reachable: a new choice at the first decision leads to it.
    await page.selectOption('#node-picker', { label: 'How to answer Rask (t-rask)' });
    await page.locator('#node-heading:has-text("How to answer Rask")').waitFor();
    await page.click('button:has-text("Add a choice")');
    const newChoice = page.locator('.choice-form').last();
    await newChoice.getByLabel('Label', { exact: true }).fill('Open a quiet channel through Oman');
    await newChoice.getByLabel('Feedback after choosing').fill('A slower road, and a private one.');
    await newChoice.getByLabel('Then go to', { exact: true }).selectOption('new-decision');
    await expect.poll(() => problemsHeading(page), { timeout: 5_000 }).toBe('No problems');
    await expect
      .poll(() => page.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');
    // Renaming the new node's id carries the choice that leads to it along.
    await page.selectOption('#node-picker', { label: 'Quiet channel through Oman (new-decision)' });
    await page.locator('#node-heading:has-text("Quiet channel")').waitFor();
    await page
      .locator('#node-heading')
      .locator('xpath=ancestor::section')
      .getByLabel('Id', { exact: true })
      .first()
      .fill('oman-channel');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.locator('.graph-node[data-node-id="oman-channel"]').count(), { timeout: 5_000 })
      .toBe(1);
    await expect.poll(() => problemsHeading(page), { timeout: 5_000 }).toBe('No problems');
    await page.selectOption('#node-picker', { label: 'How to answer Rask (t-rask)' });
    await page.locator('#node-heading:has-text("How to answer Rask")').waitFor();
    expect(
      await page.locator('.choice-form').last().getByLabel('Then go to', { exact: true }).inputValue(),
    ).toBe('oman-channel');
    await page.click('.choice-form >> nth=0 >> button:has-text("Preview")');
    await page.waitForSelector('.markdown-preview .prose');
    await expectNoSeriousA11yViolations(page);

    // The author's preview plays the draft as Tehran, with hidden effects and every indicator shown.
    await page.click('#tab-preview');
    await page.waitForSelector('.preview-node');
    // Effects as the player sees them (labels, signs, colours) and where each choice leads, by title.
    const firstChoice = page.locator('.preview-choices > li').first();
    const change = firstChoice.locator('.change-list li').first();
    expect(await change.textContent()).toMatch(/^[A-Z][^_]* [+−]\d+$/);
    expect(await change.getAttribute('class')).toMatch(/good|bad|neutral/);
    expect(await firstChoice.locator('.hint').last().textContent()).toMatch(/^Then: “/);
    await page.click('.preview-choices button:has-text("Open a quiet channel through Oman")');
    await page.waitForSelector('.preview-node h3:has-text("Quiet channel through Oman")');
    await page.click('.preview-choices button:has-text("Offer talks through Muscat")');
    await page.waitForSelector('.preview-feedback:has-text("Nothing is settled")');
    expect(await page.locator('.preview-feedback strong').textContent()).toBe('Nothing is settled');
    await page.click('button:has-text("Back one decision")');
    await page.waitForSelector('.preview-node h3:has-text("Quiet channel through Oman")');
    await page.click('.preview-choices button:has-text("Offer talks through Muscat")');
    await expectNoSeriousA11yViolations(page);

    await page.click('#tab-graph');
    await page.selectOption('#node-picker', { label: 'Quiet channel through Oman (oman-channel)' });
    await page.locator('#node-heading').waitFor();
    await page.screenshot({ path: screenshotPath('studio-editor-desktop.png') });
    // On a phone the editor stacks into one column without sideways scrolling.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.locator('.graph-canvas').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: screenshotPath('studio-editor-phone.png') });
    await page.click('#tab-preview');
    await page.waitForSelector('.preview-node');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.click('#tab-graph');
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.click('button:has-text("Publish version 2")');
    await page.waitForSelector('text=Version 2 is published');

    // A new run gets version 2; the run started earlier stays on version 1.
    const after = await startRun(student, 'desk-exercise');
    expect(after.choices).toEqual([...before.choices, 'Open a quiet channel through Oman']);
    await student.goto(before.url);
    await student.waitForSelector('#decision-heading');
    expect(await student.locator('.decision .choice-label').allTextContents()).toEqual(before.choices);
    expect(pageErrors).toEqual([]);
    await instructorContext.close();
    await studentContext.close();
  }, 180_000); // a long authoring session, with a play-test of the whole flagship in the browser

  it('refuses a stale save from a second tab, says so, and lets the author choose which version to keep', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const first = await signIn(context, DEMO_ACCOUNTS[1].email);
    await createDraft(first, 'Two tabs', 'two-tabs', 'islamabad-48-hours');
    const second = await context.newPage();
    await second.goto(first.url());
    await second.waitForSelector('.graph-node');

    await first.click('#tab-scenario');
    await first.getByLabel('Title', { exact: true }).fill('Title from the first tab');
    await expect
      .poll(() => first.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');

    await second.click('#tab-scenario');
    await second.getByLabel('Title', { exact: true }).fill('Title from the second tab');
    await second.waitForSelector('[role="alert"]:has-text("saved somewhere else")');
    expect(await second.locator('.save-state').textContent()).toBe('Not saved: conflict');

    await second.click('button:has-text("Load the saved version")');
    await expect
      .poll(() => second.getByLabel('Title', { exact: true }).inputValue())
      .toBe('Title from the first tab');
    await second.getByLabel('Summary (shown in the catalog)').fill('Edited after taking the saved version.');
    await expect
      .poll(() => second.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');

    // The first tab is now the stale one; keeping its copy overwrites deliberately.
    await first.getByLabel('Title', { exact: true }).fill('Kept on purpose');
    await first.waitForSelector('[role="alert"]:has-text("saved somewhere else")');
    await first.click('button:has-text("Keep mine")');
    await expect
      .poll(() => first.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');
    const saved = await first.evaluate(async () => {
      const response = await fetch('/api/studio/scenarios/two-tabs/export');
      return (await response.json()) as { title: string; summary: string };
    });
    expect(saved.title).toBe('Kept on purpose');

    // Deleted from the studio list meanwhile: the editor says its edits are not saved, and does not keep retrying.
    const revision = await first.evaluate(
      async () =>
        ((await (await fetch('/api/studio/scenarios/two-tabs')).json()) as { revision: number }).revision,
    );
    expect(
      await first.evaluate(
        async (r) =>
          (await fetch(`/api/studio/scenarios/two-tabs/draft?revision=${r}`, { method: 'DELETE' })).status,
        revision,
      ),
    ).toBe(200);
    const puts: string[] = [];
    first.on('request', (request) => request.method() !== 'GET' && puts.push(request.url()));
    await first.getByLabel('Title', { exact: true }).fill('Into the void');
    await first.waitForSelector('.save-state.bad:has-text("No such scenario among yours")');
    expect(await first.locator('.save-state').textContent()).not.toContain('Trying again');
    await first.waitForTimeout(6_000);
    expect(puts).toHaveLength(1);
    await context.close();
  });

  it('undoes and redoes edits, with the buttons and with Ctrl+Z outside text fields, and saves the result', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, DEMO_ACCOUNTS[1].email);
    await createDraft(page, 'Undo me', 'undo-me', 'islamabad-48-hours');
    const undo = page.locator('button:text-is("Undo")');
    expect(await undo.isDisabled()).toBe(true);
    // Every tab passes axe-core, with an ending's form open on the graph tab.
    await page.selectOption('#node-picker', {
      index: (await page.locator('#node-picker option').count()) - 1,
    });
    await page.locator('#ending-heading').waitFor();
    await expectNoSeriousA11yViolations(page);
    for (const tab of ['scenario', 'sides', 'metrics', 'sources', 'preview']) {
      await page.click(`#tab-${tab}`);
      await page.locator(`#tab-${tab}[aria-selected="true"]`).waitFor();
      if (tab === 'preview') await page.waitForSelector('.preview-node');
      await expectNoSeriousA11yViolations(page);
    }
    await page.click('#tab-graph');

    const nodes = await page.locator('#node-picker option[value^="node:"]').count();
    await page.selectOption('#node-picker', { index: 2 });
    await page.click('button:has-text("Delete this node")');
    await expect.poll(() => page.locator('#node-picker option[value^="node:"]').count()).toBe(nodes - 1);
    await page.locator('.graph-canvas').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('#node-picker option[value^="node:"]').count()).toBe(nodes);

    await page.click('#tab-scenario');
    await page.getByLabel('Title', { exact: true }).fill('Renamed once');
    await expect.poll(() => undo.isDisabled()).toBe(false);
    await undo.click();
    await expect.poll(() => page.getByLabel('Title', { exact: true }).inputValue()).toBe('Undo me');
    await page.click('button:text-is("Redo")');
    await expect.poll(() => page.getByLabel('Title', { exact: true }).inputValue()).toBe('Renamed once');
    await expect
      .poll(() => page.locator('.save-state').textContent(), { timeout: 10_000 })
      .toBe('All changes saved');
    const saved = await page.evaluate(
      async () =>
        (await (await fetch('/api/studio/scenarios/undo-me/export')).json()) as {
          title: string;
          nodes: unknown[];
        },
    );
    expect(saved.title).toBe('Renamed once');
    expect(saved.nodes).toHaveLength(nodes);
    await context.close();
  });
});
