import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { chromiumArgs } from '../../scripts/lib/chromium';

/** Launches Debian's Chromium (installed by the global setup). */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: inject('chromiumPath'), args: chromiumArgs });

export const baseUrl = () => inject('baseUrl');

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
