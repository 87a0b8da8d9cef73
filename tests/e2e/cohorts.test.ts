import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
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
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl()}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(email === DEMO_ACCOUNTS[2].email ? /\/progress$/ : /\/teach$/);
}

describe('an instructor and a student', () => {
  it('run a course: cohort, assignment, join by code, play, dashboard and CSV', async () => {
    const instructor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const outside = collectOutsideRequests(instructor);
    await signIn(instructor, DEMO_ACCOUNTS[1].email);
    await instructor.click('nav >> text=Teach');
    await instructor.waitForSelector('#cohort-name');
    await expectNoSeriousA11yViolations(instructor);
    await instructor.fill('#cohort-name', 'IR 210, section B');
    await instructor.click('text=Create cohort');
    await instructor.waitForSelector('.join-code');
    const code = (await instructor.textContent('.join-code'))!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(await instructor.locator('.qr-code path').getAttribute('d')).toMatch(/^M/);
    await instructor.selectOption('#assign-scenario', 'islamabad-48-hours');
    await instructor.selectOption('#assign-side', 'islamabad');
    await instructor.click('button:has-text("Assign")');
    await instructor.waitForSelector('text=Results');
    await expectNoSeriousA11yViolations(instructor);

    const student = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
    await signIn(student, DEMO_ACCOUNTS[2].email);
    await student.goto(`${baseUrl()}/join/${code}`);
    await student.click('button:has-text("Join")');
    await student.waitForSelector('text=You joined IR 210, section B');
    await expectNoSeriousA11yViolations(student);
    await student.click('.run-card a:text-is("Start")');
    await student.waitForSelector('text=This run counts toward your assignment');
    await student.click('text=Start as Islamabad');
    await student.waitForSelector('#decision-heading');
    // No stepping back on an assignment.
    await student.keyboard.press('1');
    await student.keyboard.press('Enter');
    await student.waitForSelector('.outcome h2:has-text("What followed")');
    expect(await student.locator('text=Step back one decision').count()).toBe(0);
    while ((await student.locator('.debrief').count()) === 0) {
      const before = await student.locator('.play-header').textContent();
      await student.keyboard.press('1');
      await student.keyboard.press('Enter');
      await expect
        .poll(
          async () =>
            (await student.locator('.debrief').count()) > 0 ||
            (await student.locator('.play-header').textContent()) !== before,
        )
        .toBe(true);
    }

    await instructor.click('text=Results');
    await instructor.waitForSelector('#completion-heading');
    await expect
      .poll(() => instructor.locator('tbody tr').first().textContent(), { timeout: 15_000 })
      .toContain('Done');
    expect(await instructor.locator('.decision-result').first().textContent()).toContain('historical');
    expect(await instructor.locator('.flow-diagram path.flow-link').count()).toBeGreaterThan(2);
    await instructor.click('text=View run');
    await instructor.waitForSelector('#drill-heading');
    expect(await instructor.locator('.timeline-entry').count()).toBeGreaterThan(3);
    await expectNoSeriousA11yViolations(instructor);
    await instructor.screenshot({ path: screenshotPath('dashboard-desktop.png'), fullPage: true });

    const csv = await instructor.request.get(
      `${baseUrl()}${await instructor.locator('a:has-text("one row per decision")').getAttribute('href')}`,
    );
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toContain('student,email,run');
    expect(lines.length).toBeGreaterThan(4);
    expect(lines[1]).toContain(DEMO_ACCOUNTS[2].email);
    expect(outside).toEqual([]);
  });
});
