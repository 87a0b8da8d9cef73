// The studio's scenario graph in Chromium with a generated 1,000-node scenario: the time to lay it out and draw
// it when the editor opens, the live check (the validator, in a worker) on it, frame times while panning it,
// and long main-thread tasks while typing into it (check and autosave included).
// Aim: smooth panning (frames near 16.7 ms, no long stalls) where well-known graph editors slow down at 600–800 nodes.
import { chromium } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { chromiumArgs, ensureChromium } from '../scripts/lib/chromium';
import { startThrowawayServer } from '../scripts/lib/test-server';
import { generateScenario } from './generated-scenario';
import { printTable } from './table';

const SIZE = Number(process.env.GRAPH_BENCH_SIZE ?? 1_000);
const OPENINGS = 5;
const PAN_FRAMES = 240;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const server = await startThrowawayServer();
const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const scenario = generateScenario(SIZE);
  const slug = `bench-graph-${SIZE}`;
  // The API calls share the browser context's cookies, so the page below is signed in.
  const call = async (method: 'post' | 'put', path: string, data: unknown) => {
    const response = await context.request[method](`${server.url}${path}`, { data });
    if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
    return response.json() as Promise<{ revision: number }>;
  };
  await call('post', '/api/auth/signin', { email: DEMO_ACCOUNTS[1].email, password: DEMO_PASSWORD });
  const draft = await call('post', '/api/studio/scenarios', { slug, title: 'Graph benchmark' });
  await call('put', `/api/studio/scenarios/${slug}/draft`, {
    revision: draft.revision,
    content: { ...scenario, slug },
  });
  const nodes = scenario.nodes.length;

  const opened: { layout: number; draw: number; check: number; drawn: number }[] = [];
  for (let i = 0; i < OPENINGS; i++) {
    await page.goto(`${server.url}/studio/${slug}`);
    await page.waitForSelector('.graph-node');
    await page.waitForFunction(
      () =>
        performance.getEntriesByName('graph-draw').length > 0 &&
        performance.getEntriesByName('draft-check').length > 0,
      undefined,
      { timeout: 30_000 },
    );
    opened.push(
      await page.evaluate(() => ({
        layout: performance.getEntriesByName('graph-layout')[0]!.duration,
        draw: performance.getEntriesByName('graph-draw')[0]!.duration,
        check: performance.getEntriesByName('draft-check')[0]!.duration,
        drawn: document.querySelectorAll('.graph-node').length,
      })),
    );
  }

  // Pan with wheel events, one per animation frame, as a trackpad does; record the time between frames.
  const pan = await page.evaluate(async (frames) => {
    const canvas = document.querySelector('.graph-canvas')!;
    const intervals: number[] = [];
    const drawn: number[] = [];
    let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
    for (let i = 0; i < frames; i++) {
      canvas.dispatchEvent(
        new WheelEvent('wheel', {
          deltaX: 40,
          deltaY: i % 60 < 30 ? 12 : -12,
          bubbles: true,
          cancelable: true,
        }),
      );
      const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      intervals.push(now - last);
      drawn.push(document.querySelectorAll('.graph-node').length);
      last = now;
    }
    return { intervals, drawn };
  }, PAN_FRAMES);

  // Typing into the draft: the check runs in a worker, so the main thread should stay free of long tasks.
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({
      type: 'longtask',
    });
  });
  const checksBefore = await page.evaluate(() => performance.getEntriesByName('draft-check').length);
  await page.click('#tab-scenario');
  await page.locator('#f-title').pressSequentially(' (edited)', { delay: 40 });
  await page.waitForFunction(
    (before) => performance.getEntriesByName('draft-check').length > before,
    checksBefore,
  );
  await page.waitForSelector('.save-state:text-is("All changes saved")', { timeout: 30_000 });
  const typing = await page.evaluate(() => ({
    longTasks: (window as unknown as { longTasks: number[] }).longTasks,
    check: performance.getEntriesByName('draft-check').at(-1)!.duration,
  }));

  printTable(
    `Scenario graph in Chromium: ${nodes} nodes (median of ${OPENINGS} openings of the editor)`,
    ['measure', 'value'],
    [
      ['layout', ms(median(opened.map((o) => o.layout)))],
      ['layout to first frame drawn', ms(median(opened.map((o) => o.draw)))],
      ['live check of the draft (worker, round trip)', ms(median(opened.map((o) => o.check)))],
      ['nodes in the DOM after opening', String(median(opened.map((o) => o.drawn)))],
      [`panning, ${PAN_FRAMES} frames: median frame`, ms(median(pan.intervals))],
      ['panning: 95th percentile frame', ms(percentile(pan.intervals, 95))],
      ['panning: longest frame', ms(Math.max(...pan.intervals))],
      ['panning: nodes in the DOM (most)', String(Math.max(...pan.drawn))],
      ['typing: check after the pause, in the worker', ms(typing.check)],
      [
        'typing and saving: main-thread tasks over 50 ms',
        typing.longTasks.length
          ? `${typing.longTasks.length}, longest ${ms(Math.max(...typing.longTasks))}`
          : 'none',
      ],
    ],
  );
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
