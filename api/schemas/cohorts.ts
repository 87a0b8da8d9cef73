import { z } from '@hono/zod-openapi';
import { nameSchema } from './common';
import { GRADES } from '../lib/grade';
import { classKnowledgeSchema } from './checks';

/** An assignment's one grade setting, for the gradebook export and the LMS grade passback alike. */
export const gradeSchema = z.enum(GRADES).openapi('AssignmentGrade', {
  description:
    'Which figure grades a run (0–100): the decision score (default), the knowledge score, the historical alignment, or 100 for finishing.',
});

export const cohortIdParams = z.object({ id: z.uuid('Not a valid cohort id.') });
export const assignmentParams = cohortIdParams.extend({ assignmentId: z.uuid('Not a valid assignment id.') });
export const memberParams = cohortIdParams.extend({ userId: z.uuid('Not a valid user id.') });
export const cohortRunParams = cohortIdParams.extend({ runId: z.uuid('Not a valid run id.') });

export const createCohortSchema = z
  .object({
    name: nameSchema(120, 'Name the cohort.'),
    codeValidDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .openapi({ description: 'Days the join code works; no limit when absent.' }),
  })
  .openapi('CreateCohort');

export const joinSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-HJ-NP-Z2-9]{8}$/, 'A join code is 8 letters and digits.'),
  })
  .openapi('JoinCohort');

export const codeActionSchema = z
  .object({
    action: z.enum(['regenerate', 'disable']),
    validDays: z.number().int().min(1).max(365).optional(),
  })
  .openapi('CohortCodeAction');

export const addInstructorSchema = z
  .object({ email: z.email().transform((e) => e.toLowerCase()) })
  .openapi('AddInstructor');

export const setGradeSchema = z.object({ grade: gradeSchema }).openapi('SetAssignmentGrade');

export const createAssignmentSchema = z
  .object({
    scenario: z.string().min(1).max(64),
    side: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: 'Fixed side, or null/absent to let the student choose.' }),
    opensAt: z.number().int().nullable().optional(),
    dueAt: z.number().int().nullable().optional(),
    allowStepBack: z.boolean().optional(),
    grade: gradeSchema.optional(),
  })
  .refine((a) => !a.opensAt || !a.dueAt || a.opensAt < a.dueAt, {
    message: 'The due date must come after the opening date.',
    path: ['dueAt'],
  })
  .openapi('CreateAssignment');

const person = z.object({ id: z.string(), displayName: z.string(), email: z.string() });

export const assignmentSchema = z
  .object({
    id: z.string(),
    cohortId: z.string(),
    scenario: z.object({ slug: z.string(), title: z.string(), version: z.number().int() }),
    side: z.string().nullable(),
    opensAt: z.number().nullable(),
    dueAt: z.number().nullable(),
    allowStepBack: z.boolean(),
    grade: gradeSchema,
  })
  .openapi('Assignment');

export const cohortSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    joinCode: z.string().nullable(),
    joinCodeExpiresAt: z.number().nullable(),
    instructors: z.array(person),
    invitations: z.array(z.object({ id: z.string(), email: z.string(), createdAt: z.number() })).openapi({
      description: 'Co-instructors invited who have not answered yet: nothing is shared with them.',
    }),
    members: z.array(person.extend({ joinedAt: z.number() })),
    assignments: z.array(assignmentSchema),
  })
  .openapi('Cohort');

const invitationSchema = z
  .object({
    id: z.string(),
    cohort: z.object({ id: z.string(), name: z.string() }),
    invitedBy: z.string().openapi({ description: 'The display name of the instructor who invited.' }),
    createdAt: z.number(),
  })
  .openapi('Invitation');

export const invitedSchema = z.object({ email: z.string() }).openapi('Invited', {
  description:
    'The invitation is recorded. The answer is the same whether or not the address has an account, so it reveals none.',
});

export const invitationParams = z.object({ invitationId: z.uuid('Not a valid invitation id.') });

export const cohortInvitationParams = cohortIdParams.extend({
  invitationId: z.uuid('Not a valid invitation id.'),
});

export const cohortListSchema = z
  .object({
    teaching: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        members: z.number().int(),
        assignments: z
          .array(assignmentSchema.extend({ finished: z.number().int(), inProgress: z.number().int() }))
          .openapi({
            description:
              "The cohort's assignments, soonest due first, with how many of its students finished one run or have one in progress.",
          }),
      }),
    ),
    member: z.array(z.object({ id: z.string(), name: z.string() })),
    invitations: z.array(invitationSchema).openapi({
      description:
        'Invitations to co-teach addressed to the caller (instructors and admins; empty for students).',
    }),
  })
  .openapi('CohortList');

export const myAssignmentSchema = assignmentSchema
  .extend({
    cohortName: z.string(),
    status: z.enum(['not_started', 'in_progress', 'done', 'late', 'not_open']),
    runId: z.string().nullable(),
  })
  .openapi('MyAssignment');

export const lmsGradingQuerySchema = z.object({
  scenario: z.string().min(1).max(64).openapi({ example: 'islamabad-48-hours' }),
  side: z.string().min(1).max(64).openapi({ example: 'islamabad' }),
});

export const lmsGradingSchema = z
  .object({
    assignment: z
      .object({ id: z.string(), cohortName: z.string(), dueAt: z.number().nullable() })
      .nullable()
      .openapi({ description: 'The LMS-graded assignment such a run counts for; null when none.' }),
    notGraded: z
      .object({
        cohortName: z.string(),
        reason: z.enum(['other_side', 'not_open']),
        side: z.string().nullable(),
        opensAt: z.number().nullable(),
      })
      .nullable()
      .openapi({
        description:
          "When the run counts for none but the student's course assigns this scenario: why it will not be graded.",
      }),
  })
  .openapi('LmsGrading');

const statusCounts = z.object({
  not_started: z.number(),
  in_progress: z.number(),
  done: z.number(),
  late: z.number(),
});

const resultStudentSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    status: z.enum(['not_started', 'in_progress', 'done', 'late']),
    runId: z.string().nullable(),
    side: z.string().nullable(),
    score: z.number().nullable(),
    grade: z.number().nullable().openapi({
      description: "The figure the assignment's grade setting names, 0–100 (as in the CSV and the LMS).",
    }),
    endingId: z.string().nullable(),
    step: z.number(),
  })
  .openapi('ResultStudent');

export const studentPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of a name or email address.' }),
});

export const studentPageSchema = z
  .object({
    students: z.array(resultStudentSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().openapi({ description: 'Students matching, on every page.' }),
  })
  .openapi('ResultStudentPage');

export const resultsSchema = z
  .object({
    assignment: assignmentSchema,
    sides: z
      .array(z.object({ id: z.string(), label: z.string() }))
      .openapi({ description: "The scenario's sides, to name them by label." }),
    students: z.array(resultStudentSchema).openapi({
      description:
        'The first page of students by name (`studentPage` says which); the next through `…/students`.',
    }),
    studentPage: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }),
    completion: statusCounts,
    scores: z
      .record(z.string(), z.array(z.number().int()))
      .openapi({ description: 'Per side, finished runs per score band of 10 (0–9, 10–19, … 90–100).' }),
    decisions: z.array(
      z.object({
        nodeId: z.string(),
        title: z.string(),
        side: z.string(),
        // Off the historical path the "historical" choice is only the closest to the real side's conduct.
        onHistoricalPath: z.boolean(),
        choices: z.array(
          z.object({ choiceId: z.string(), label: z.string(), historical: z.boolean(), count: z.number() }),
        ),
        justifications: z
          .array(z.object({ student: z.string(), choiceId: z.string(), text: z.string() }))
          .openapi({ description: 'The first 10 (the CSV export has every one).' }),
        justificationCount: z.number().int(),
        medianTimeMs: z.number().nullable(),
      }),
    ),
    flow: z.array(z.object({ from: z.string(), to: z.string(), count: z.number() })).openapi({
      description: 'Transitions between consecutive decisions (and into endings), for a path diagram.',
    }),
    endings: z.array(z.object({ endingId: z.string(), title: z.string(), count: z.number() })),
    knowledge: classKnowledgeSchema,
  })
  .openapi('AssignmentResults');
