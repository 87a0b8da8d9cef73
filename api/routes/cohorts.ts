import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { stream } from 'hono/streaming';
import {
  assignmentDto,
  assignmentsOf,
  computeResults,
  completionOf,
  loadResults,
  newJoinCode,
  requireTeaching,
  assignmentProgress,
} from '../db/queries/cohorts';
import { publishedVersion, requireRun, runDto, scenarioOfVersion } from '../db/queries/runs';
import { assignments, cohortInstructors, cohortMembers, cohorts, runs, users } from '../db/schema';
import { checksPayload, historicalNodeIds, view, type CheckAnswer } from '../engine';
import { assignmentAnswers, computeKnowledgeResults, runKnowledge } from '../db/queries/cohort-checks';
import { csvField } from '../lib/csv';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireUser } from '../middleware/auth';
import { logDamagedRun } from '../middleware/logging';
import {
  addInstructorSchema,
  assignmentParams,
  assignmentSchema,
  codeActionSchema,
  cohortIdParams,
  cohortListSchema,
  cohortRunParams,
  cohortSchema,
  createAssignmentSchema,
  createCohortSchema,
  joinSchema,
  memberParams,
  myAssignmentSchema,
  resultsSchema,
} from '../schemas/cohorts';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { runWithViewSchema } from '../schemas/runs';

const DAY = 24 * 60 * 60 * 1000;
const expiry = (days: number | undefined) => (days ? new Date(Date.now() + days * DAY) : null);

const createCohortRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Cohorts'],
  summary: 'Create a cohort with a join code (instructors)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { body: jsonBody(createCohortSchema) },
  responses: { 201: jsonResponse(cohortSchema, 'The cohort.'), ...errorResponses(400, 401, 403) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Cohorts'],
  summary: 'Cohorts the caller teaches or belongs to',
  middleware: [requireUser()] as const,
  responses: { 200: jsonResponse(cohortListSchema, 'Cohorts.'), ...errorResponses(401) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Cohorts'],
  summary: 'A cohort with its instructors, students and assignments (its instructors)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams },
  responses: { 200: jsonResponse(cohortSchema, 'The cohort.'), ...errorResponses(400, 401, 403, 404) },
});
const joinRoute = createRoute({
  method: 'post',
  path: '/join',
  tags: ['Cohorts'],
  summary: 'Join a cohort with its code',
  middleware: [requireUser()] as const,
  request: { body: jsonBody(joinSchema) },
  responses: {
    200: jsonResponse(z.object({ id: z.string(), name: z.string() }), 'Joined (or already a member).'),
    ...errorResponses(400, 401, 404),
  },
});
const codeRoute = createRoute({
  method: 'post',
  path: '/{id}/code',
  tags: ['Cohorts'],
  summary: 'Regenerate or turn off the join code',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams, body: jsonBody(codeActionSchema) },
  responses: {
    200: jsonResponse(
      z.object({ joinCode: z.string().nullable(), joinCodeExpiresAt: z.number().nullable() }),
      'The code now.',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});
const addInstructorRoute = createRoute({
  method: 'post',
  path: '/{id}/instructors',
  tags: ['Cohorts'],
  summary: 'Add a co-instructor by email (an instructor or admin account)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams, body: jsonBody(addInstructorSchema) },
  responses: {
    200: jsonResponse(z.object({ id: z.string(), displayName: z.string(), email: z.string() }), 'Added.'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/{id}/members/{userId}',
  tags: ['Cohorts'],
  summary: 'Remove a student (their runs are kept)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: memberParams },
  responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
});
const createAssignmentRoute = createRoute({
  method: 'post',
  path: '/{id}/assignments',
  tags: ['Cohorts'],
  summary: 'Assign the published version of a scenario',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams, body: jsonBody(createAssignmentSchema) },
  responses: {
    201: jsonResponse(assignmentSchema, 'The assignment, pinned to the current version.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const resultsRoute = createRoute({
  method: 'get',
  path: '/{id}/assignments/{assignmentId}/results',
  tags: ['Cohorts'],
  summary: "An assignment's results dashboard (its cohort's instructors)",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: assignmentParams },
  responses: { 200: jsonResponse(resultsSchema, 'Results.'), ...errorResponses(400, 401, 403, 404) },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/{id}/assignments/{assignmentId}/export',
  tags: ['Cohorts'],
  summary: 'CSV for a gradebook: one row per decision, or per run',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    params: assignmentParams,
    query: z.object({ rows: z.enum(['decisions', 'runs']).default('decisions') }),
  },
  responses: {
    200: { description: 'CSV, streamed.', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const studentRunRoute = createRoute({
  method: 'get',
  path: '/{id}/runs/{runId}',
  tags: ['Cohorts'],
  summary: "One student's run on an assignment of this cohort, as a timeline",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortRunParams },
  responses: { 200: jsonResponse(runWithViewSchema, 'The run.'), ...errorResponses(400, 401, 403, 404) },
});

type LoadedResults = Awaited<ReturnType<typeof loadResults>>;

/** One CSV row per run: ready for a gradebook. */
function* runLines(
  { assignment, members, runs: studentRuns, scenario }: LoadedResults,
  answers: ReadonlyMap<string, CheckAnswer[]>,
) {
  const names = new Map(members.map((m) => [m.id, m]));
  // Knowledge score and gain as 0–100 and −100–100; `grade` is whichever the assignment names.
  yield [
    'student',
    'email',
    'run',
    'scenario_version',
    'side',
    'status',
    'completion',
    'score',
    'ending',
    'decisions',
    'knowledge_score',
    'learning_gain',
    'grade',
  ];
  for (const run of studentRuns) {
    const student = names.get(run.userId);
    const version = `${assignment.slug} v${assignment.version}`;
    const k = runKnowledge(scenario, answers.get(run.runId));
    const knowledgeScore = k.score === null ? null : Math.round(k.score * 100);
    const grade = assignment.grade === 'knowledge' ? knowledgeScore : run.score;
    yield [
      student?.displayName,
      student?.email,
      run.runId,
      version,
      run.side,
      run.status,
      completionOf(run, assignment.dueAt),
      run.score,
      run.endingId,
      run.decisions.length,
      knowledgeScore,
      k.gain === null ? null : Math.round(k.gain * 100),
      grade,
    ];
  }
}

/**
 * One CSV row per decision, with the choice, whether it was historical, whether the decision really arose (only
 * those count toward alignment), the time taken and the justification.
 */
function* decisionLines({ assignment, members, runs: studentRuns, scenario }: LoadedResults) {
  const names = new Map(members.map((m) => [m.id, m]));
  const choices = new Map(scenario.nodes.flatMap((n) => (n.choices ?? []).map((ch) => [ch.id, ch] as const)));
  const onPath = historicalNodeIds(scenario);
  yield [
    'student',
    'email',
    'run',
    'scenario_version',
    'side',
    'step',
    'node',
    'choice',
    'historical',
    'on_historical_path',
    'time_taken_ms',
    'justification',
  ];
  for (const run of studentRuns) {
    const student = names.get(run.userId);
    for (const [step, d] of run.decisions.entries()) {
      const choice = choices.get(d.choiceId);
      yield [
        student?.displayName,
        student?.email,
        run.runId,
        `${assignment.slug} v${assignment.version}`,
        run.side,
        step,
        d.nodeId,
        choice?.label ?? d.choiceId,
        choice?.historical ? 'yes' : 'no',
        onPath.has(d.nodeId) ? 'yes' : 'no',
        d.timeTakenMs,
        d.justification,
      ];
    }
  }
}

export const cohortRoutes = createRouter()
  .openapi(createCohortRoute, async (c) => {
    const { name, codeValidDays } = c.req.valid('json');
    const user = c.var.user;
    const id = crypto.randomUUID();
    const joinCode = newJoinCode();
    const joinCodeExpiresAt = expiry(codeValidDays);
    await c.var.db.batch([
      c.var.db.insert(cohorts).values({ id, name, joinCode, joinCodeExpiresAt, createdBy: user.id }),
      c.var.db.insert(cohortInstructors).values({ cohortId: id, userId: user.id }),
    ]);
    return c.json(
      {
        id,
        name,
        joinCode,
        joinCodeExpiresAt: joinCodeExpiresAt?.getTime() ?? null,
        instructors: [{ id: user.id, displayName: user.displayName, email: user.email }],
        members: [],
        assignments: [],
      },
      201,
    );
  })
  .openapi(listRoute, async (c) => {
    const user = c.var.user;
    const [teachingRows, memberRows] = await Promise.all([
      c.var.db
        .select({ id: cohorts.id, name: cohorts.name, members: count(cohortMembers.userId) })
        .from(cohorts)
        .innerJoin(
          cohortInstructors,
          and(eq(cohortInstructors.cohortId, cohorts.id), eq(cohortInstructors.userId, user.id)),
        )
        .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
        .groupBy(cohorts.id)
        .orderBy(asc(cohorts.name)),
      c.var.db
        .select({ id: cohorts.id, name: cohorts.name })
        .from(cohorts)
        .innerJoin(
          cohortMembers,
          and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, user.id)),
        )
        .orderBy(asc(cohorts.name)),
    ]);
    const ids = teachingRows.map((r) => r.id);
    const [assigned, progress] = await Promise.all([
      assignmentsOf(c.var.db, ids),
      assignmentProgress(c.var.db, ids),
    ]);
    // Soonest due first; undated ones after them.
    assigned.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
    const teaching = teachingRows.map((cohort) => ({
      ...cohort,
      assignments: assigned
        .filter((a) => a.cohortId === cohort.id)
        .map((a) => ({ ...assignmentDto(a), ...(progress.get(a.id) ?? { finished: 0, inProgress: 0 }) })),
    }));
    return c.json({ teaching, member: memberRows }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const cohort = await requireTeaching(c.var.db, id, c.var.user);
    const person = { id: users.id, displayName: users.displayName, email: users.email };
    const [instructors, members, assigned] = await Promise.all([
      c.var.db
        .select(person)
        .from(cohortInstructors)
        .innerJoin(users, eq(users.id, cohortInstructors.userId))
        .where(eq(cohortInstructors.cohortId, id)),
      c.var.db
        .select({ ...person, joinedAt: cohortMembers.joinedAt })
        .from(cohortMembers)
        .innerJoin(users, eq(users.id, cohortMembers.userId))
        .where(eq(cohortMembers.cohortId, id))
        .orderBy(asc(users.displayName)),
      assignmentsOf(c.var.db, [id]),
    ]);
    return c.json(
      {
        ...cohort,
        joinCodeExpiresAt: cohort.joinCodeExpiresAt?.getTime() ?? null,
        instructors,
        members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.getTime() })),
        assignments: assigned.map(assignmentDto),
      },
      200,
    );
  })
  .openapi(joinRoute, async (c) => {
    const { code } = c.req.valid('json');
    const [cohort] = await c.var.db.select().from(cohorts).where(eq(cohorts.joinCode, code));
    // Unknown, turned-off and expired codes answer alike, so codes cannot be probed.
    if (!cohort || (cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt < new Date())) {
      throw new ApiError(
        404,
        'invalid_code',
        'This join code does not work. Check it, or ask your instructor for a new one.',
      );
    }
    await c.var.db
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId: c.var.user.id })
      .onConflictDoNothing();
    return c.json({ id: cohort.id, name: cohort.name }, 200);
  })
  .openapi(codeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { action, validDays } = c.req.valid('json');
    await requireTeaching(c.var.db, id, c.var.user);
    const next =
      action === 'disable'
        ? { joinCode: null, joinCodeExpiresAt: null }
        : { joinCode: newJoinCode(), joinCodeExpiresAt: expiry(validDays) };
    await c.var.db.update(cohorts).set(next).where(eq(cohorts.id, id));
    return c.json(
      { joinCode: next.joinCode, joinCodeExpiresAt: next.joinCodeExpiresAt?.getTime() ?? null },
      200,
    );
  })
  .openapi(addInstructorRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { email } = c.req.valid('json');
    await requireTeaching(c.var.db, id, c.var.user);
    const [user] = await c.var.db
      .select({ id: users.id, displayName: users.displayName, email: users.email, role: users.role })
      .from(users)
      .where(eq(users.email, email));
    if (!user) throw new ApiError(404, 'not_found', 'No account with this email.');
    if (user.role === 'student')
      throw new ApiError(
        409,
        'not_instructor',
        'Only instructor accounts can co-teach; an admin can grant the role.',
      );
    await c.var.db.insert(cohortInstructors).values({ cohortId: id, userId: user.id }).onConflictDoNothing();
    return c.json({ id: user.id, displayName: user.displayName, email: user.email }, 200);
  })
  .openapi(removeMemberRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    const removed = await c.var.db
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, id), eq(cohortMembers.userId, userId)))
      .returning({ userId: cohortMembers.userId });
    if (removed.length === 0) throw new ApiError(404, 'not_found', 'This student is not in the cohort.');
    return c.body(null, 204);
  })
  .openapi(createAssignmentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await requireTeaching(c.var.db, id, c.var.user);
    const version = await publishedVersion(c.var.db, input.scenario, c.var.user);
    if (!version) throw new ApiError(404, 'not_found', 'No such published scenario.');
    if (input.side && !scenarioOfVersion(version).sides.some((s) => s.id === input.side && s.playable)) {
      throw new ApiError(400, 'invalid_request', 'The scenario has no such playable side.', [
        { path: 'side', message: 'Not a playable side.' },
      ]);
    }
    const row = {
      id: crypto.randomUUID(),
      cohortId: id,
      scenarioVersionId: version.id,
      side: input.side ?? null,
      opensAt: input.opensAt ? new Date(input.opensAt) : null,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      allowStepBack: input.allowStepBack ?? false,
      grade: input.grade ?? ('score' as const),
    };
    await c.var.db.insert(assignments).values(row);
    return c.json(
      assignmentDto({ ...row, slug: input.scenario, title: version.title, version: version.version }),
      201,
    );
  })
  .openapi(resultsRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    // The answers are read beside the results (one round trip); loadResults' teaching check still gates the reply.
    const [loaded, answers] = await Promise.all([
      loadResults(c.var.db, id, assignmentId, c.var.user),
      assignmentAnswers(c.var.db, assignmentId),
    ]);
    const results = computeResults(loaded.scenario, loaded.assignment.dueAt, loaded.members, loaded.runs);
    const knowledge = computeKnowledgeResults(loaded.scenario, results.students, answers);
    const sides = loaded.scenario.sides.map(({ id, label }) => ({ id, label }));
    return c.json({ assignment: assignmentDto(loaded.assignment), sides, ...results, knowledge }, 200);
  })
  .openapi(exportRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const { rows } = c.req.valid('query');
    const loaded = await loadResults(c.var.db, id, assignmentId, c.var.user);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${loaded.assignment.slug}-${rows}.csv"`);
    // Rows go out in chunks of a few hundred as they are formed, so a large cohort's export starts arriving at once.
    const lines =
      rows === 'runs'
        ? runLines(loaded, await assignmentAnswers(c.var.db, assignmentId))
        : decisionLines(loaded);
    return stream(c, async (out) => {
      let chunk: string[] = [];
      for (const line of lines) {
        chunk.push(`${line.map(csvField).join(',')}\n`);
        if (chunk.length === 500) {
          await out.write(chunk.join(''));
          chunk = [];
        }
      }
      if (chunk.length) await out.write(chunk.join(''));
    });
  })
  .openapi(studentRunRoute, async (c) => {
    const { id, runId } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    const [row] = await c.var.db
      .select({ userId: runs.userId })
      .from(runs)
      .innerJoin(assignments, eq(assignments.id, runs.assignmentId))
      .where(and(eq(runs.id, runId), eq(assignments.cohortId, id)));
    if (!row?.userId) throw new ApiError(404, 'not_found', "No such run on this cohort's assignments.");
    const loaded = await requireRun(c.var.db, runId, { userId: row.userId, guestId: null });
    logDamagedRun(c.get('requestId'), runId, loaded.damage);
    return c.json(
      {
        run: runDto(loaded.run, loaded),
        view: view(loaded.state),
        checks: checksPayload(loaded.state, loaded.answers),
        ...(loaded.damage ? { damage: loaded.damage } : {}),
      },
      200,
    );
  });

const myAssignmentsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Cohorts'],
  summary: "The caller's assignments across their cohorts, with status",
  middleware: [requireUser()] as const,
  responses: { 200: jsonResponse(z.array(myAssignmentSchema), 'Assignments.'), ...errorResponses(401) },
});

/** `/api/assignments`: a student's view of what is assigned to them. */
export const assignmentRoutes = createRouter().openapi(myAssignmentsRoute, async (c) => {
  const user = c.var.user;
  const memberships = await c.var.db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(cohortMembers.userId, user.id));
  const list = await assignmentsOf(
    c.var.db,
    memberships.map((m) => m.id),
  );
  const mine = list.length
    ? await c.var.db
        .select({
          id: runs.id,
          assignmentId: runs.assignmentId,
          status: runs.status,
          finishedAt: runs.finishedAt,
        })
        .from(runs)
        .where(
          and(
            eq(runs.userId, user.id),
            inArray(
              runs.assignmentId,
              list.map((a) => a.id),
            ),
          ),
        )
    : [];
  const now = new Date();
  return c.json(
    list.map((a) => {
      const candidates = mine.filter((r) => r.assignmentId === a.id && r.status !== 'abandoned');
      const run = candidates.find((r) => r.status === 'finished') ?? candidates[0];
      return {
        ...assignmentDto(a),
        cohortName: memberships.find((m) => m.id === a.cohortId)!.name,
        status: a.opensAt && a.opensAt > now ? ('not_open' as const) : completionOf(run, a.dueAt),
        runId: run?.id ?? null,
      };
    }),
    200,
  );
});
