import { z } from '@hono/zod-openapi';
import { sourceView } from './common';
import type { View } from '../engine';
import { checksPayloadSchema } from './checks';

const metricView = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  value: z.number(),
  min: z.number(),
  max: z.number(),
  owner: z.string(),
  goodWhen: z.enum(['higher', 'lower']).nullable(),
});
const labelled = z.object({ id: z.string(), label: z.string() });

/** What a player may see of a run now (the engine's `view`); typed against the engine so the two cannot drift. */
const viewSchema: z.ZodType<View> = z
  .object({
    scenario: z.object({ slug: z.string(), title: z.string() }),
    side: z.object({ id: z.string(), label: z.string(), actor: z.string() }),
    briefing: z.string(),
    status: z.enum(['deciding', 'ended']),
    step: z
      .number()
      .int()
      .openapi({ description: 'Decisions made so far: the step the next choice answers.' }),
    metrics: z.array(metricView),
    decision: z
      .object({
        nodeId: z.string(),
        title: z.string(),
        body: z.string(),
        private: z.string().optional(),
        timeLimit: z.object({ seconds: z.number(), defaultChoice: z.string() }).optional(),
        choices: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            detail: z.string().optional(),
            justify: z.string().optional(),
          }),
        ),
        sources: z.array(sourceView),
      })
      .nullable(),
    timeline: z.array(
      z.object({
        kind: z.enum(['decision', 'counterpart', 'event']),
        nodeId: z.string(),
        side: z.string().nullable(),
        title: z.string(),
        text: z.string(),
        choice: labelled.optional(),
        justification: z.string().optional(),
        changes: z.record(z.string(), z.number()),
        metrics: z.record(z.string(), z.number()),
      }),
    ),
    ending: z
      .object({
        id: z.string(),
        title: z.string(),
        text: z.string(),
        historical: z.boolean(),
        debrief: z
          .object({
            whatHappened: z.string(),
            // Only the notes whose condition held on this run; the conditions themselves are never sent.
            pathNotes: z.array(z.object({ text: z.string(), sources: z.array(sourceView) })),
            analysis: z.string(),
            questions: z.array(z.string()),
          })
          .nullable(),
        score: z.number(),
        parts: z.array(
          z.object({
            metric: z.string(),
            label: z.string(),
            value: z.number(),
            weight: z.number(),
            points: z.number(),
          }),
        ),
        historicalAlignment: z.number().nullable(),
        comparison: z.array(
          z.object({
            nodeId: z.string(),
            title: z.string(),
            chosen: labelled,
            historical: labelled.nullable(),
            matched: z.boolean(),
            onHistoricalPath: z.boolean(),
            counted: z.boolean(),
          }),
        ),
        historicalPath: z.array(z.object({ nodeId: z.string(), title: z.string(), choice: labelled })),
        sources: z.array(sourceView),
      })
      .nullable(),
  })
  .openapi('View');

export const runSchema = z
  .object({
    id: z.string(),
    scenario: z.object({ slug: z.string(), title: z.string(), version: z.number().int() }),
    side: z.string(),
    status: z.enum(['in_progress', 'finished', 'abandoned']),
    step: z.number().int(),
    endingId: z.string().nullable(),
    score: z.number().nullable(),
    historicalAlignment: z.number().nullable(),
    allowStepBack: z.boolean(),
    assignmentId: z.string().nullable().openapi({
      description:
        "The assignment this run counts for: the one it was started for, or the LMS-graded assignment of the scenario in the student's course.",
    }),
    timeSpentMs: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    finishedAt: z.number().int().nullable(),
  })
  .openapi('Run');

export const runWithViewSchema = z
  .object({
    run: runSchema,
    view: viewSchema,
    checks: checksPayloadSchema,
    damage: z.object({ step: z.number().int(), message: z.string() }).optional().openapi({
      description:
        'Present when the stored log no longer replays from `step` on: the view shows the run up to there, and the run can only be abandoned.',
    }),
  })
  .openapi('RunWithView');

export const runIdParams = z.object({
  id: z.uuid('Not a valid run id.').openapi({ param: { name: 'id', in: 'path' } }),
});

export const startRunSchema = z
  .object({
    scenario: z.string().min(1).max(64).openapi({ example: 'islamabad-48-hours' }),
    side: z.string().min(1).max(64).openapi({ example: 'islamabad' }),
    assignmentId: z
      .uuid()
      .optional()
      .openapi({ description: 'Start the run for an assignment: its pinned version and rules apply.' }),
  })
  .openapi('StartRun');

export const chooseSchema = z
  .object({
    step: z
      .number()
      .int()
      .min(0)
      .openapi({ description: "The step this choice answers (the view's `step`)." }),
    choiceId: z.string().min(1).max(64),
    justification: z.string().trim().max(500, 'Keep the justification to 500 characters.').optional(),
  })
  .openapi('Choose');

export const othersChoseSchema = z
  .object({
    minimumRuns: z.number().int(),
    decisions: z.array(
      z.object({
        nodeId: z.string(),
        title: z.string(),
        runs: z
          .number()
          .int()
          .openapi({ description: 'Finished runs of this version and side that reached this decision.' }),
        shares: z
          .array(z.object({ choiceId: z.string(), label: z.string(), share: z.number() }))
          .nullable()
          .openapi({ description: 'Null where fewer than `minimumRuns` runs reached it.' }),
      }),
    ),
  })
  .openapi('OthersChose');
