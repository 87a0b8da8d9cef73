import { and, desc, eq, exists, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { choose, start, type CheckAnswer, type Decision, type RunState, type Scenario } from '../../engine';
import { ApiError } from '../../lib/errors';
import { sessionUserQuery, type SessionUser } from './sessions';
import type { Db } from '..';
import { queueGradeStatement } from './lti';
import { visibleTo } from './scenarios';
import { checkAnswers, choiceTallies, decisions, runs, scenarioVersions, scenarios } from '../schema';

/** Who is asking: a signed-in user or a guest. Every run query is scoped to it, so others' runs are 404s. */
export type Owner = { userId: string | null; guestId: string | null };

function ownedBy(owner: Owner): SQL {
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

/** The scenario of a version row whose content (or parsed scenario) is already at hand, parsed once per isolate. */
export function scenarioOfVersion(
  version: { id: string; content: string } | { scenario: Scenario },
): Scenario {
  if ('scenario' in version) return version.scenario;
  return parsedVersions.get(version.id) ?? remember(version.id, JSON.parse(version.content) as Scenario);
}

/**
 * A version's content column, or NULL for the versions this isolate has parsed already: the flagship's content is
 * ~470 KB, not worth reading from D1 again to find it cached. Use with `withScenarios`.
 */
export const contentUnlessCached = () =>
  parsedVersions.size
    ? sql<string | null>`CASE WHEN ${scenarioVersions.id} IN (${sql.join(
        [...parsedVersions.keys()].map((id) => sql`${id}`),
        sql`, `,
      )}) THEN NULL ELSE ${scenarioVersions.content} END`
    : sql<string | null>`${scenarioVersions.content}`;

/**
 * Rows read with `contentUnlessCached` given their parsed scenarios: from the cache, parsed from the content read,
 * or (when the cache dropped one meanwhile) read again.
 */
export async function withScenarios<R extends { id: string; content: string | null }>(
  db: Db,
  rows: R[],
): Promise<(Omit<R, 'content'> & { scenario: Scenario })[]> {
  return Promise.all(
    rows.map(async ({ content, ...row }) => ({
      ...row,
      scenario:
        content !== null
          ? scenarioOfVersion({ id: row.id, content })
          : (parsedVersions.get(row.id) ?? (await scenarioOfVersionId(db, row.id))),
    })),
  );
}

/** The scenario of a version, from this isolate's cache or read from D1. */
export async function scenarioOfVersionId(db: Db, versionId: string): Promise<Scenario> {
  const cached = parsedVersions.get(versionId);
  if (cached) return cached;
  const [row] = await db
    .select({ content: scenarioVersions.content })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.id, versionId));
  if (!row) throw new Error(`scenario version ${versionId} is missing`);
  return remember(versionId, JSON.parse(row.content) as Scenario);
}

export type RunRow = typeof runs.$inferSelect;
/** An answer to a knowledge check as the run carries it, with when it was recorded (ms). */
type RecordedAnswer = CheckAnswer & { at: number };
/** Why a stored log does not replay, and from which step (0-based); null for a sound run. */
export type Damage = { step: number; message: string };
export type LoadedRun = {
  run: RunRow;
  slug: string;
  version: number;
  title: string;
  scenario: Scenario;
  /** The replayed state; for a damaged run, the part of the log that still replays. */
  state: RunState;
  damage: Damage | null;
  /** The knowledge-check answers: a log apart from the decisions, never replayed. */
  answers: RecordedAnswer[];
};

/** The run with its pinned version's names, its decision log and its answers as JSON: one statement. */
function runWithLog(db: Db, runId: string, owned: SQL) {
  return db
    .select({
      run: runs,
      slug: scenarios.slug,
      version: scenarioVersions.version,
      title: scenarioVersions.title,
      log: sql<string>`(SELECT json_group_array(json_object('step', ${decisions.step}, 'choiceId', ${decisions.choiceId}, 'justification', ${decisions.justification}))
        FROM (SELECT ${decisions.step}, ${decisions.choiceId}, ${decisions.justification} FROM ${decisions} WHERE ${decisions.runId} = ${runs.id} ORDER BY ${decisions.step}) AS ${decisions})`,
      answers: sql<string>`(SELECT json_group_array(json_object('checkId', ${checkAnswers.checkId}, 'slot', ${checkAnswers.slot}, 'optionIds', json(${checkAnswers.optionIds}), 'at', ${checkAnswers.createdAt}))
        FROM ${checkAnswers} WHERE ${checkAnswers.runId} = ${runs.id})`,
    })
    .from(runs)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, runs.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(runs.id, runId), owned));
}

/**
 * A run with its pinned scenario and its derived state, or null when there is no such run of the owner's.
 * One query: the decision log comes along as a JSON array from a correlated subquery.
 */
export async function loadRun(db: Db, runId: string, owner: Owner): Promise<LoadedRun | null> {
  const [row] = await runWithLog(db, runId, ownedBy(owner));
  return row ? replayRow(db, row) : null;
}

/** Who is asking before the session is looked up: the SHA-256 of the session cookie and the verified guest id. */
export type Caller = { tokenHash: string | null; guestId: string | null };

/**
 * The caller's session user and their run, in one round trip: the session lookup and the run (scoped to whoever
 * the session or guest cookie names, in SQL) go to D1 as one batch. The choice and resume routes use it instead of
 * the session middleware's lookup, so a choice costs one read and one write.
 * @example const { user, loaded } = await loadRunAs(db, id, { tokenHash, guestId })
 */
export async function loadRunAs(db: Db, runId: string, caller: Caller, now = new Date()) {
  if (!caller.tokenHash) {
    return { user: null, loaded: await loadRun(db, runId, { userId: null, guestId: caller.guestId }) };
  }
  const sessionUser = sql`(SELECT s.user_id FROM sessions s WHERE s.id = ${caller.tokenHash} AND s.expires_at > ${now.getTime()})`;
  // The session's user owns the run; with no valid session a valid guest cookie is the owner, as the middleware does.
  const owned = caller.guestId
    ? sql`(${runs.userId} = ${sessionUser} OR (${sessionUser} IS NULL AND ${runs.guestId} = ${caller.guestId} AND ${runs.userId} IS NULL))`
    : sql`${runs.userId} = ${sessionUser}`;
  const [users, rows] = await db.batch([
    sessionUserQuery(db, caller.tokenHash, now),
    runWithLog(db, runId, owned),
  ]);
  const row = rows[0];
  return { user: users[0] ?? null, loaded: row ? await replayRow(db, row) : null };
}

type RunWithLogRow = Awaited<ReturnType<typeof runWithLog>>[number];

/** Replays a run row read with its log into a loaded run (its scenario from the isolate's cache or D1). */
async function replayRow(db: Db, row: RunWithLogRow): Promise<LoadedRun> {
  const scenario = await scenarioOfVersionId(db, row.run.scenarioVersionId);
  const rows = JSON.parse(row.log) as { step: number; choiceId: string; justification: string | null }[];
  const log = rows.map((d) =>
    d.justification ? { choiceId: d.choiceId, justification: d.justification } : { choiceId: d.choiceId },
  );
  const answers = JSON.parse(row.answers) as RecordedAnswer[];
  const loaded = { run: row.run, slug: row.slug, version: row.version, title: row.title, scenario, answers };
  // The log is normally steps 0..step-1 and replays. If it somehow does not, the run must not become a permanent
  // 500: it loads with what still replays, flagged damaged, and the player can abandon or restart it.
  const gap = rows.findIndex((d, i) => d.step !== i);
  const replayed = replayPrefix(scenario, row.run, gap < 0 ? log : log.slice(0, gap));
  let damage = replayed.damage;
  if (!damage && gap >= 0) damage = { step: gap, message: `Decision ${gap + 1} is missing from the log.` };
  if (!damage && rows.length !== row.run.step) {
    damage = {
      step: Math.min(rows.length, row.run.step),
      message: `The run is at step ${row.run.step} but its log holds ${rows.length} decisions.`,
    };
  }
  return { ...loaded, state: replayed.state, damage };
}

/** The longest start of a log that replays, and where and why the rest does not (null when all of it does). */
function replayPrefix(
  scenario: Scenario,
  run: RunRow,
  log: readonly Decision[],
): { state: RunState; damage: Damage | null } {
  const begun = start(scenario, run.side, run.seed);
  // Versions never change, so a run's side is always in its scenario; without it there is nothing to show.
  if (!begun.ok) throw new Error(`run ${run.id} does not replay from its start: ${begun.error.message}`);
  let state = begun.value;
  for (const [step, decision] of log.entries()) {
    const next = choose(state, decision.choiceId, decision.justification);
    if (!next.ok) return { state, damage: { step, message: `Decision ${step + 1}: ${next.error.message}` } };
    state = next.value;
  }
  return { state, damage: null };
}

/** Loads a run or answers 404. */
export async function requireRun(db: Db, runId: string, owner: Owner): Promise<LoadedRun> {
  const loaded = await loadRun(db, runId, owner);
  if (!loaded) throw new ApiError(404, 'not_found', 'No such run.');
  return loaded;
}

/** The run exactly as it was read: every write names it, so a write that raced another changes nothing. */
const asRead = (run: RunRow) =>
  and(eq(runs.id, run.id), eq(runs.revision, run.revision), eq(runs.step, run.step));

/** What a write sets besides the derived columns: the next revision. */
const nextRevision = { revision: sql`${runs.revision} + 1` };

type RunColumns = Partial<Omit<RunRow, 'id' | 'revision'>>;

/**
 * Appends a decision at the step the run was read at and moves the run, in one batch whose statements both
 * require the run unchanged since `read` (and, when the choice finishes the run, queues its LMS grade). Returns the
 * run row after the write and whether a grade was queued, or null when the run changed meanwhile (then nothing
 * changed).
 * @example const after = await recordDecision(db, loaded.run, { nodeId, choiceId, justification: null, timeTakenMs: 0 }, columns)
 */
export async function recordDecision(
  db: Db,
  read: RunRow,
  decision: { nodeId: string; choiceId: string; justification: string | null; timeTakenMs: number },
  columns: RunColumns,
): Promise<{ run: RunRow; gradeQueued: boolean } | null> {
  const decisionId = crypto.randomUUID();
  const finishing = columns.status === 'finished';
  const [, updated, ...after] = await db.batch([
    db.insert(decisions).select(
      db
        .select({
          id: sql`${decisionId}`.as('id'),
          runId: runs.id,
          step: runs.step,
          nodeId: sql`${decision.nodeId}`.as('node_id'),
          choiceId: sql`${decision.choiceId}`.as('choice_id'),
          justification: sql`${decision.justification}`.as('justification'),
          timeTakenMs: sql`${decision.timeTakenMs}`.as('time_taken_ms'),
          createdAt: sql`(unixepoch('subsec') * 1000)`.as('created_at'),
        })
        .from(runs)
        .where(asRead(read)),
    ),
    db
      .update(runs)
      .set({ ...columns, ...nextRevision })
      .where(asRead(read))
      .returning(),
    // A run this choice finishes gets its LMS grade queued in the same trip (a no-op outside an LMS assignment),
    // and its decisions added to "how others chose".
    ...(finishing ? [queueGradeStatement(db, read.id), tallyFinishedRun(db, read.id, decisionId)] : []),
  ]);
  const run = updated[0];
  const grade = after[0] as { meta: { changes?: number } } | undefined;
  return run ? { run, gradeQueued: (grade?.meta.changes ?? 0) > 0 } : null;
}

/**
 * Deletes the last decision of the log as it was read and moves the run back, in one batch whose statements both
 * require the run unchanged since `read`. Returns the run row after the write, or null when the run changed meanwhile.
 */
export async function takeBackDecision(db: Db, read: RunRow, columns: RunColumns): Promise<RunRow | null> {
  const [, updated] = await db.batch([
    db.delete(decisions).where(
      and(
        eq(decisions.runId, read.id),
        eq(decisions.step, read.step - 1),
        exists(
          db
            .select({ one: sql`1` })
            .from(runs)
            .where(asRead(read)),
        ),
      ),
    ),
    db
      .update(runs)
      .set({ ...columns, ...nextRevision })
      .where(asRead(read))
      .returning(),
  ]);
  return updated[0] ?? null;
}

/**
 * Abandons a run that is still in progress (whatever its step: abandoning does not depend on the log).
 * Returns the run row after the write, or null when it was no longer in progress.
 */
export async function abandonRun(db: Db, runId: string, now: Date): Promise<RunRow | null> {
  const [updated] = await db
    .update(runs)
    .set({ status: 'abandoned', updatedAt: now, ...nextRevision })
    .where(and(eq(runs.id, runId), eq(runs.status, 'in_progress')))
    .returning();
  return updated ?? null;
}

/** The choice recorded at a step of a run, if any. */
export async function recordedChoice(db: Db, runId: string, step: number): Promise<string | null> {
  const [row] = await db
    .select({ choiceId: decisions.choiceId })
    .from(decisions)
    .where(and(eq(decisions.runId, runId), eq(decisions.step, step)));
  return row?.choiceId ?? null;
}

/** The time a recorded decision took, or 0. */
export async function decisionTime(db: Db, runId: string, step: number): Promise<number> {
  const [row] = await db
    .select({ timeTakenMs: decisions.timeTakenMs })
    .from(decisions)
    .where(and(eq(decisions.runId, runId), eq(decisions.step, step)));
  return row?.timeTakenMs ?? 0;
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
    assignmentId: run.assignmentId,
    timeSpentMs: run.timeSpentMs,
    createdAt: run.createdAt.getTime(),
    updatedAt: run.updatedAt.getTime(),
    finishedAt: run.finishedAt?.getTime() ?? null,
  };
}

/**
 * The latest published version of a scenario, by slug, with its parsed scenario, if the caller may see it
 * (`visibleTo`): a private one is null, exactly like a missing one, so routes answer 404 without confirming it
 * exists. A version this isolate has parsed is not read again.
 */
export async function publishedVersion(db: Db, slug: string, user: Pick<SessionUser, 'id' | 'role'> | null) {
  const rows = await db
    .select({
      id: scenarioVersions.id,
      version: scenarioVersions.version,
      title: scenarioVersions.title,
      content: contentUnlessCached(),
    })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarios.slug, slug), eq(scenarioVersions.status, 'published'), visibleTo(user)));
  const [row] = await withScenarios(db, rows);
  return row ?? null;
}

/** The owner's runs with their scenarios' slugs, titles and version numbers, the latest changed first. */
export const runsOf = (db: Db, owner: Owner) =>
  db
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

/** The owner's finished, scored runs: slug, side, score and ending (the catalog's best results). */
export const finishedScores = (db: Db, owner: Owner) =>
  db
    .select({ slug: scenarios.slug, side: runs.side, score: runs.score, endingId: runs.endingId })
    .from(runs)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, runs.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(ownedBy(owner), eq(runs.status, 'finished'), isNotNull(runs.score)));

/** A version with its scenario's slug (an assignment's pinned version), or null. */
export async function versionWithSlug(db: Db, versionId: string) {
  const [row] = await db
    .select({
      id: scenarioVersions.id,
      title: scenarioVersions.title,
      version: scenarioVersions.version,
      slug: scenarios.slug,
    })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(eq(scenarioVersions.id, versionId));
  return row ?? null;
}

/** Stores a new run and returns its row. */
export async function insertRun(db: Db, values: typeof runs.$inferInsert): Promise<RunRow> {
  const [run] = await db.insert(runs).values(values).returning();
  return run!;
}

/**
 * Adds a finished run's decisions to `choice_tallies`, in the batch that finishes it. Only if that batch's decision
 * row was written: a write that lost a race to the same run (its decision not inserted) counts nothing, so no run is
 * counted twice.
 */
const tallyFinishedRun = (db: Db, runId: string, decisionId: string) =>
  db
    .insert(choiceTallies)
    .select(
      db
        .select({
          scenarioVersionId: runs.scenarioVersionId,
          side: runs.side,
          nodeId: decisions.nodeId,
          choiceId: decisions.choiceId,
          n: sql<number>`count(*)`.as('n'),
        })
        .from(decisions)
        .innerJoin(runs, eq(runs.id, decisions.runId))
        .where(
          and(
            eq(runs.id, runId),
            eq(runs.status, 'finished'),
            sql`exists (select 1 from ${decisions} where ${decisions.id} = ${decisionId})`,
          ),
        )
        .groupBy(runs.scenarioVersionId, runs.side, decisions.nodeId, decisions.choiceId),
    )
    .onConflictDoUpdate({
      target: [
        choiceTallies.scenarioVersionId,
        choiceTallies.side,
        choiceTallies.nodeId,
        choiceTallies.choiceId,
      ],
      set: { n: sql`${choiceTallies.n} + excluded.n` },
    });

/**
 * How often each choice was made, per decision node, in the finished runs of a version played as a side: one
 * primary-key range read of the aggregate (a few rows per decision), whatever the number of runs.
 */
export const choiceCounts = (db: Db, of: { scenarioVersionId: string; side: string }) =>
  db
    .select({ nodeId: choiceTallies.nodeId, choiceId: choiceTallies.choiceId, n: choiceTallies.n })
    .from(choiceTallies)
    .where(and(eq(choiceTallies.scenarioVersionId, of.scenarioVersionId), eq(choiceTallies.side, of.side)));

/** The current published version of each of these scenarios, whoever may see it (none for an empty list). */
export async function publishedVersionsOf(db: Db, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db
    .select({
      id: scenarioVersions.id,
      slug: scenarios.slug,
      title: scenarioVersions.title,
      content: scenarioVersions.content,
    })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(inArray(scenarios.slug, slugs), eq(scenarioVersions.status, 'published')));
}
