import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { chromiumArgs } from '../../scripts/lib/chromium';

/** Launches Debian's Chromium (installed by the global setup). */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: inject('chromiumPath'), args: chromiumArgs });

export const baseUrl = () => inject('baseUrl');

// `npm run screenshots` sets SCREENSHOTS=1 to refresh docs/screenshots/; otherwise the tests still take their
// screenshots (the page must render) but into a temporary folder, so that `npm test` leaves the tree clean.
const screenshotDir =
  process.env.SCREENSHOTS === '1'
    ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : join(tmpdir(), 'crisis-desk-screenshots');
mkdirSync(screenshotDir, { recursive: true });

/** Where a browser test saves the screenshot `name` (a file name such as `play-phone.png`). */
export const screenshotPath = (name: string) => join(screenshotDir, name);

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page and fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // Evaluated over the DevTools protocol, so our strict CSP (no inline script) does not block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; help: string }[] }> };
      }
    ).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  });
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** Records every request the page makes to a host other than the app's. */
export function collectOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  const origin = new URL(baseUrl()).origin;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== 'data:') outside.push(request.url());
  });
  return outside;
}

/** Signs in through the sign-in page as the facilitator demo account, then opens the live-session start page. */
export async function openLiveStartAsFacilitator(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/signin`);
  await page.fill('#email', DEMO_ACCOUNTS[1].email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/teach$/);
  await page.goto(`${baseUrl()}/teach/live`);
}

/** A participant on a phone-sized page who has joined the room by its code (and a team, in team mode). */
export async function joinLiveOnPhone(browser: Browser, code: string, nickname: string, team?: string) {
  const page = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
  await page.goto(`${baseUrl()}/live/${code}`);
  await page.fill('#nickname', nickname);
  if (team) await page.selectOption('#team', team);
  await page.click('button:has-text("Join")');
  await page.waitForSelector('text=Waiting for the facilitator');
  return page;
}
