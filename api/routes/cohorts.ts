import { createRoute, z } from '@hono/zod-openapi';
import { insertAssignment } from '../db/queries/assignments';
import {
  answerInvitation,
  cohortByJoinCode,
  cohortPeople,
  cohortsJoinedBy,
  cohortsTaughtBy,
  createCohort,
  invitationsFor,
  invitationsOfCohort,
  inviteInstructor,
  joinCohort,
  removeMember,
  setJoinCode,
  withdrawInvitation,
} from '../db/queries/cohort-membership';
import {
  assignmentDto,
  assignmentProgress,
  assignmentsOf,
  newJoinCode,
  requireTeaching,
  setAssignmentGrade,
} from '../db/queries/cohorts';
import { publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireTeacher, requireUser } from '../middleware/auth';
import {
  addInstructorSchema,
  assignmentParams,
  assignmentSchema,
  codeActionSchema,
  cohortIdParams,
  cohortInvitationParams,
  cohortListSchema,
  cohortSchema,
  createAssignmentSchema,
  createCohortSchema,
  invitationParams,
  invitedSchema,
  joinSchema,
  memberParams,
  setGradeSchema,
} from '../schemas/cohorts';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

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
  middleware: [requireTeacher()] as const,
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
  middleware: [requireTeacher()] as const,
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
  summary:
    'Invite a co-instructor by email; they co-teach (and see what is shared with the cohort) only once they accept',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortIdParams, body: jsonBody(addInstructorSchema) },
  responses: {
    202: jsonResponse(invitedSchema, 'Invited (the same answer whether or not the address has an account).'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const withdrawInvitationRoute = createRoute({
  method: 'delete',
  path: '/{id}/invitations/{invitationId}',
  tags: ['Cohorts'],
  summary: 'Withdraw an invitation to co-teach that has not been answered',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: cohortInvitationParams },
  responses: { 204: { description: 'Withdrawn.' }, ...errorResponses(400, 401, 403, 404) },
});
const answerInvitationRoute = (answer: 'accept' | 'decline') =>
  createRoute({
    method: 'post',
    path: `/invitations/{invitationId}/${answer}`,
    tags: ['Cohorts'],
    summary:
      answer === 'accept'
        ? 'Accept an invitation to co-teach a cohort addressed to you'
        : 'Decline an invitation to co-teach a cohort addressed to you',
    middleware: [requireUser('instructor', 'admin')] as const,
    request: { params: invitationParams },
    responses: {
      200: jsonResponse(z.object({ id: z.string(), name: z.string() }), 'The cohort.'),
      ...errorResponses(400, 401, 403, 404),
    },
  });
const acceptRoute = answerInvitationRoute('accept');
const declineRoute = answerInvitationRoute('decline');
const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/{id}/members/{userId}',
  tags: ['Cohorts'],
  summary: 'Remove a student (their runs are kept)',
  middleware: [requireTeacher()] as const,
  request: { params: memberParams },
  responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
});
const createAssignmentRoute = createRoute({
  method: 'post',
  path: '/{id}/assignments',
  tags: ['Cohorts'],
  summary: 'Assign the published version of a scenario',
  middleware: [requireTeacher()] as const,
  request: { params: cohortIdParams, body: jsonBody(createAssignmentSchema) },
  responses: {
    201: jsonResponse(assignmentSchema, 'The assignment, pinned to the current version.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const setGradeRoute = createRoute({
  method: 'put',
  path: '/{id}/assignments/{assignmentId}/grade',
  tags: ['Cohorts'],
  summary:
    "Choose an assignment's grade, for the CSV and the LMS gradebook: decision score, knowledge score, historical alignment or completion",
  middleware: [requireTeacher()] as const,
  request: { params: assignmentParams, body: jsonBody(setGradeSchema) },
  responses: {
    200: jsonResponse(assignmentSchema, 'The assignment with its grade.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
export const cohortRoutes = createRouter()
  .openapi(createCohortRoute, async (c) => {
    const { name, codeValidDays } = c.req.valid('json');
    const user = c.var.user;
    const id = crypto.randomUUID();
    const joinCode = newJoinCode();
    const joinCodeExpiresAt = expiry(codeValidDays);
    await createCohort(c.var.db, { id, name, joinCode, joinCodeExpiresAt, createdBy: user.id });
    return c.json(
      {
        id,
        name,
        joinCode,
        joinCodeExpiresAt: joinCodeExpiresAt?.getTime() ?? null,
        instructors: [{ id: user.id, displayName: user.displayName, email: user.email }],
        invitations: [],
        members: [],
        assignments: [],
      },
      201,
    );
  })
  .openapi(listRoute, async (c) => {
    const user = c.var.user;
    const [teachingRows, memberRows, invitations] = await Promise.all([
      cohortsTaughtBy(c.var.db, user.id),
      cohortsJoinedBy(c.var.db, user.id),
      // Only instructors and admins can accept, so a student is shown none.
      user.role === 'student' ? [] : invitationsFor(c.var.db, user.email),
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
    return c.json(
      {
        teaching,
        member: memberRows,
        invitations: invitations.map((i) => ({ ...i, createdAt: i.createdAt.getTime() })),
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const cohort = await requireTeaching(c.var.db, id, c.var.user);
    const [{ instructors, members }, invitations, assigned] = await Promise.all([
      cohortPeople(c.var.db, id),
      invitationsOfCohort(c.var.db, id),
      assignmentsOf(c.var.db, [id]),
    ]);
    return c.json(
      {
        ...cohort,
        joinCodeExpiresAt: cohort.joinCodeExpiresAt?.getTime() ?? null,
        instructors,
        invitations: invitations.map((i) => ({ ...i, createdAt: i.createdAt.getTime() })),
        members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.getTime() })),
        assignments: assigned.map(assignmentDto),
      },
      200,
    );
  })
  .openapi(joinRoute, async (c) => {
    const { code } = c.req.valid('json');
    const cohort = await cohortByJoinCode(c.var.db, code);
    // Unknown, turned-off and expired codes answer alike, so codes cannot be probed.
    if (!cohort || (cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt < new Date())) {
      throw new ApiError(
        404,
        'invalid_code',
        'This join code does not work. Check it, or ask your instructor for a new one.',
      );
    }
    await joinCohort(c.var.db, cohort.id, c.var.user.id);
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
    await setJoinCode(c.var.db, id, next);
    return c.json(
      { joinCode: next.joinCode, joinCodeExpiresAt: next.joinCodeExpiresAt?.getTime() ?? null },
      200,
    );
  })
  .openapi(addInstructorRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { email } = c.req.valid('json');
    await requireTeaching(c.var.db, id, c.var.user);
    await inviteInstructor(c.var.db, { cohortId: id, email, invitedBy: c.var.user.id });
    return c.json({ email }, 202);
  })
  .openapi(withdrawInvitationRoute, async (c) => {
    const { id, invitationId } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    if (!(await withdrawInvitation(c.var.db, id, invitationId)))
      throw new ApiError(404, 'not_found', 'No such invitation to this cohort.');
    return c.body(null, 204);
  })
  .openapi(acceptRoute, async (c) => {
    const { invitationId } = c.req.valid('param');
    const cohort = await answerInvitation(c.var.db, { invitationId, user: c.var.user, accept: true });
    if (!cohort) throw new ApiError(404, 'not_found', 'No such invitation for you.');
    return c.json(cohort, 200);
  })
  .openapi(declineRoute, async (c) => {
    const { invitationId } = c.req.valid('param');
    const cohort = await answerInvitation(c.var.db, { invitationId, user: c.var.user, accept: false });
    if (!cohort) throw new ApiError(404, 'not_found', 'No such invitation for you.');
    return c.json(cohort, 200);
  })
  .openapi(removeMemberRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    if (!(await removeMember(c.var.db, id, userId)))
      throw new ApiError(404, 'not_found', 'This student is not in the cohort.');
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
    await insertAssignment(c.var.db, row);
    return c.json(
      assignmentDto({ ...row, slug: input.scenario, title: version.title, version: version.version }),
      201,
    );
  })
  .openapi(setGradeRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const updated = await setAssignmentGrade(
      c.var.db,
      { cohortId: id, assignmentId, grade: c.req.valid('json').grade },
      c.var.user,
    );
    if (!updated) throw new ApiError(404, 'not_found', 'No such assignment among your cohorts.');
    return c.json(assignmentDto(updated), 200);
  });
