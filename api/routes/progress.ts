import { createRoute } from '@hono/zod-openapi';
import { publishedVersionsOf, runDto, runsOf, scenarioOfVersion } from '../db/queries/runs';
import { createRouter } from '../lib/router';
import { ownerForRead } from '../middleware/auth';
import { jsonResponse } from '../schemas/common';
import { progressSchema } from '../schemas/progress';

const progressRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Progress'],
  summary: "The caller's runs, best scores, endings discovered, historical alignment and time spent",
  responses: { 200: jsonResponse(progressSchema, 'Progress.') },
});

export const progressRoutes = createRouter().openapi(progressRoute, async (c) => {
  const rows = await runsOf(c.var.db, ownerForRead(c));
  const slugs = [...new Set(rows.map((r) => r.slug))];
  // Endings are counted against each scenario's current published version.
  const published = await publishedVersionsOf(c.var.db, slugs);
  const finished = rows.filter((r) => r.run.status === 'finished');
  const perScenario = slugs.map((slug) => {
    const mine = finished.filter((r) => r.slug === slug);
    const best: Record<string, number> = {};
    for (const { run } of mine) best[run.side] = Math.max(best[run.side] ?? 0, run.score ?? 0);
    const current = published.find((p) => p.slug === slug);
    return {
      slug,
      title: current?.title ?? rows.find((r) => r.slug === slug)!.title,
      best,
      endingsDiscovered: [...new Set(mine.map((r) => r.run.endingId!))].sort(),
      endingsTotal: current ? scenarioOfVersion(current).endings.length : 0,
    };
  });
  // Pooled over decisions, not averaged over runs: 1 of 5 and 14 of 14 is 15 of 19 (79%), not 60%.
  const historicalDecisions = { matched: 0, total: 0 };
  for (const { run } of finished) {
    if (run.historicalAlignment === null) continue;
    // Only decisions on history's path count (as in the run's debrief); older rows without the count fall back
    // to all of the run's decisions.
    const counted = run.historicalDecisions ?? run.step;
    historicalDecisions.matched += Math.round(run.historicalAlignment * counted);
    historicalDecisions.total += counted;
  }
  return c.json(
    {
      inProgress: rows.filter((r) => r.run.status === 'in_progress').map((r) => runDto(r.run, r)),
      finished: finished.map((r) => runDto(r.run, r)),
      scenarios: perScenario,
      historicalAlignment: historicalDecisions.total
        ? historicalDecisions.matched / historicalDecisions.total
        : null,
      historicalDecisions,
      timeSpentMs: rows.reduce((sum, r) => sum + r.run.timeSpentMs, 0),
    },
    200,
  );
});
