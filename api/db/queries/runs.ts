import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { replay, type CheckAnswer, type RunState, type Scenario } from '../../engine';
import { ApiError } from '../../lib/errors';
import type { Db } from '../../middleware/db';
import { checkAnswers, decisions, runs, scenarioVersions, scenarios } from '../schema';

/** Who is asking: a signed-in user or a guest. Every run query is scoped to it, so others' runs are 404s. */
export type Owner = { userId: string | null; guestId: string | null };

export function ownedBy(owner: Owner): SQL {
  if (owner.userId) return eq(runs.userId, owner.userId);
  if (owner.guestId) return and(eq(runs.guestId, owner.guestId), isNull(runs.userId))!;
  return sql`0`;
}

// Versions never change, so each isolate keeps a few parsed: the flagship is ~150 KB of JSON, and neither
// reading it from D1 nor parsing it belongs on every choice.
const parsedVersions = new Map<string, Scenario>();
const MAX_CACHED_VERSIONS = 32;

function remember(versionId: string, scenario: Scenario): Scenario {
  if (parsedVersions.size >= MAX_CACHED_VERSIONS) parsedVersions.delete(parsedVersions.keys().next().value!);
  parsedVersions.set(versionId, scenario);
  return scenario;
}

/** The scenario of a version row whose content is already at hand, parsed once per isolate. */
export function scenarioOfVersion(version: { id: string; content: string }): Scenario {
  return parsedVersions.get(version.id) ?? remember(version.id, JSON.parse(version.content) as Scenario);
}

/** The scenario of a version, from this isolate's cache or read from D1. */
export async function scenarioOfVersionId(db: Db, versionId: string): Promise<Scenario> {
  const cached = parsedVersions.get(versionId);
  if (cached) return cached;
  const [row] = await db.select({ content: scenarioVersions.content }).from(scenarioVersions).where(eq(scenarioVersions.id, versionId));
  if (!row) throw new Error(`scenario version ${versionId} is missing`);
  return remember(versionId, JSON.parse(row.content) as Scenario);
}

export type RunRow = typeof runs.$inferSelect;
/** An answer to a knowledge check as the run carries it, with when it was recorded (ms). */
export type RecordedAnswer = CheckAnswer & { at: number };
export type LoadedRun = {
  run: RunRow;
  slug: string;
  version: number;
  title: string;
  scenario: Scenario;
  state: RunState;
  /** The knowledge-check answers: a log apart from the decisions, never replayed. */
  answers: RecordedAnswer[];
};

/**
 * A run with its pinned scenario and its derived state, or null when there is no such run of the owner's.
 * One query: the decision log comes along as a JSON array from a correlated subquery.
 */
export async function loadRun(db: Db, runId: string, owner: Owner): Promise<LoadedRun | null> {
  const [row] = await db
    .select({
      run: runs,
      slug: scenarios.slug,
      version: scenarioVersions.version,
      title: scenarioVersions.title,
      log: sql<string>`(SELECT json_group_array(json_object('choiceId', ${decisions.choiceId}, 'justification', ${decisions.justification}))
        FROM (SELECT ${decisions.choiceId}, ${decisions.justification} FROM ${decisions} WHERE ${decisions.runId} = ${runs.id} ORDER BY ${decisions.step}) AS ${decisions})`,
      answers: sql<string>`(SELECT json_group_array(json_object('checkId', ${checkAnswers.checkId}, 'slot', ${checkAnswers.slot}, 'optionIds', json(${checkAnswers.optionIds}), 'at', ${checkAnswers.createdAt}))
        FROM ${checkAnswers} WHERE ${checkAnswers.runId} = ${runs.id})`,
    })
    .from(runs)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, runs.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(runs.id, runId), ownedBy(owner)));
  if (!row) return null;
  const scenario = await scenarioOfVersionId(db, row.run.scenarioVersionId);
  const log = JSON.parse(row.log) as { choiceId: string; justification: string | null }[];
  const state = replay(
    scenario,
    row.run.side,
    row.run.seed,
    log.map((d) => (d.justification ? { choiceId: d.choiceId, justification: d.justification } : { choiceId: d.choiceId })),
  );
  // A stored log always replays; if it does not, the data is corrupt and the caller gets a 500 with a request id.
  if (!state.ok) throw new Error(`run ${runId} does not replay: ${state.error.message}`);
  const answers = JSON.parse(row.answers) as RecordedAnswer[];
  return { run: row.run, slug: row.slug, version: row.version, title: row.title, scenario, state: state.value, answers };
}

/** Loads a run or answers 404. */
export async function requireRun(db: Db, runId: string, owner: Owner): Promise<LoadedRun> {
  const loaded = await loadRun(db, runId, owner);
  if (!loaded) throw new ApiError(404, 'not_found', 'No such run.');
  return loaded;
}

/** The API's representation of a run row. */
export function runDto(run: RunRow, scenario: { slug: string; title: string; version: number }) {
  return {
    id: run.id,
    scenario: { slug: scenario.slug, title: scenario.title, version: scenario.version },
    side: run.side,
    status: run.status,
    step: run.step,
    endingId: run.endingId,
    score: run.score,
    historicalAlignment: run.historicalAlignment,
    allowStepBack: run.allowStepBack,
    timeSpentMs: run.timeSpentMs,
    createdAt: run.createdAt.getTime(),
    updatedAt: run.updatedAt.getTime(),
    finishedAt: run.finishedAt?.getTime() ?? null,
  };
}

/** The latest published version of a scenario, by slug. */
export async function publishedVersion(db: Db, slug: string) {
  const [row] = await db
    .select({ id: scenarioVersions.id, version: scenarioVersions.version, title: scenarioVersions.title, content: scenarioVersions.content })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarios.slug, slug), eq(scenarioVersions.status, 'published')));
  return row ?? null;
}

