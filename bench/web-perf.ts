// In Chromium against the built app on local workerd: first contentful paint of a scenario page (aim: under 1 s)
// and the JavaScript the play route loads, gzipped (aim: at most 60 KB).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from '../scripts/lib/chromium';
import { root } from '../scripts/lib/local';
import { startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startThrowawayServer();
const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
try {
  const paints: number[] = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/scenarios/islamabad-48-hours`, { waitUntil: 'load' });
    await page.waitForSelector('.briefing .prose');
    paints.push(
      await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
    );
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const runId = await page.evaluate(async () => {
    const response = await fetch('/api/runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'strikes-across-the-border', side: 'tehran' }),
    });
    return ((await response.json()) as { run: { id: string } }).run.id;
  });
  // A fresh context: only what the play route itself needs is loaded.
  const playContext = await browser.newContext({ storageState: await context.storageState() });
  const playPage = await playContext.newPage();
  const scripts: string[] = [];
  playPage.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname);
  });
  await playPage.goto(`${server.url}/play/${runId}`, { waitUntil: 'networkidle' });
  await playPage.waitForSelector('#decision-heading');
  const sizes = scripts.map((path) => {
    const bytes = readFileSync(join(root, 'dist', 'client', path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  printTable(
    'Web performance in Chromium (local workerd)',
    ['measure', 'value'],
    [
      ['first contentful paint, scenario page (median of 7)', `${median(paints).toFixed(0)} ms`],
      ...sizes.map((s) => [`play route script ${s.path}`, `${kb(s.raw)} raw, ${kb(s.gzip)} gzip`]),
      ['play route JavaScript in all (gzip)', kb(sizes.reduce((sum, s) => sum + s.gzip, 0))],
    ],
  );
  await playContext.close();
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
