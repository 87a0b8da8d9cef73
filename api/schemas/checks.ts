import { z } from '@hono/zod-openapi';
import { sourceView } from './common';
import type { ChecksPayload } from '../engine';

const slot = z.enum(['before', 'node', 'after']);

/** The knowledge checks a run response carries (the engine's `checksPayload`); typed against it so they cannot drift. */
export const checksPayloadSchema: z.ZodType<ChecksPayload> = z
  .object({
    items: z.array(
      z.object({
        checkId: z.string(),
        slot,
        nodeId: z.string().optional(),
        prompt: z.string(),
        options: z.array(z.object({ id: z.string(), label: z.string() })),
        selectMany: z.boolean(),
        // Null until answered: the right options and the explanation are never sent before, nor for a
        // `before` answer until the run has ended (revealed: false).
        answer: z
          .discriminatedUnion('revealed', [
            z.object({ optionIds: z.array(z.string()), revealed: z.literal(false) }),
            z.object({
              optionIds: z.array(z.string()),
              revealed: z.literal(true),
              correct: z.boolean(),
              correctOptionIds: z.array(z.string()),
              explanation: z.string(),
              sources: z.array(sourceView),
            }),
          ])
          .nullable(),
      }),
    ),
    knowledge: z.object({
      asked: z.number().int(),
      answered: z.number().int(),
      correct: z.number().int(),
      counted: z.number().int().openapi({
        description:
          'Questions the score counts: every asked one once the run has ended (unanswered ones are wrong).',
      }),
      score: z.number().nullable(),
      gain: z.number().nullable(),
      changes: z.array(
        z.object({ checkId: z.string(), prompt: z.string(), before: z.boolean(), after: z.boolean() }),
      ),
    }),
  })
  .openapi('Checks');

export const answerCheckSchema = z
  .object({
    checkId: z.string().min(1).max(64),
    slot: slot.openapi({
      description: 'Where the question was asked: before play, after its node, or after the ending.',
    }),
    optionIds: z.array(z.string().min(1).max(64)).min(1, 'Choose an answer.').max(6),
  })
  .openapi('AnswerCheck');

const tally = z.object({
  answered: z.number().int(),
  correct: z.number().int(),
  share: z.number().nullable(),
});

/** The class's knowledge figures on the results dashboard (`computeKnowledgeResults`). */
export const classKnowledgeSchema = z
  .object({
    questions: z.array(
      z.object({
        checkId: z.string(),
        prompt: z.string(),
        askedBefore: z.boolean(),
        before: tally.openapi({ description: 'Answers before play.' }),
        later: tally.openapi({ description: "Answers after the question's node or the ending." }),
        wrong: z
          .array(z.object({ studentId: z.string(), displayName: z.string(), slot }))
          .openapi({ description: 'Students wrong at their latest answer: the first 20 by name.' }),
        wrongCount: z
          .number()
          .int()
          .openapi({ description: 'How many students are wrong at their latest answer.' }),
      }),
    ),
    students: z
      .array(z.object({ id: z.string(), score: z.number().nullable(), gain: z.number().nullable() }))
      .openapi({
        description: 'The knowledge score and gain of the students on the page of `students` sent.',
      }),
    meanScore: z.number().nullable(),
    gain: z.number().nullable().openapi({
      description: 'Mean learning gain over students who answered a question before and after (−1 to 1).',
    }),
    studentsWithGain: z.number().int(),
  })
  .openapi('ClassKnowledge');
