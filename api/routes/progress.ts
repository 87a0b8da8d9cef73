import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { ownedBy, runDto, scenarioOfVersion } from '../db/queries/runs';
import { runs, scenarioVersions, scenarios } from '../db/schema';
import { createRouter } from '../lib/router';
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
  const owner = { userId: c.var.user?.id ?? null, guestId: c.var.guestId };
  const rows = await c.var.db
    .select({
      run: runs,
      slug: scenarios.slug,
      title: scenarioVersions.title,
      version: scenarioVersions.version,
    })
    .from(runs)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, runs.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(ownedBy(owner))
    .orderBy(desc(runs.updatedAt));
  const slugs = [...new Set(rows.map((r) => r.slug))];
  // Endings are counted against each scenario's current published version.
  const published =
    slugs.length === 0
      ? []
      : await c.var.db
          .select({
            id: scenarioVersions.id,
            slug: scenarios.slug,
            title: scenarioVersions.title,
            content: scenarioVersions.content,
          })
          .from(scenarioVersions)
          .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
          .where(and(inArray(scenarios.slug, slugs), eq(scenarioVersions.status, 'published')));
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
    historicalDecisions.matched += Math.round(run.historicalAlignment * run.step);
    historicalDecisions.total += run.step;
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
