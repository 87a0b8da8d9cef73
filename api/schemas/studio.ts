import { z } from '@hono/zod-openapi';
import { problemSchema } from './scenarios';

/** A draft as the studio's editor opens it: the content, its revision and what the validator found. */
export const draftSchema = z
  .object({
    slug: z.string(),
    version: z.number().int(),
    revision: z.number().int(),
    content: z.record(z.string(), z.unknown()),
    problems: z.array(problemSchema),
  })
  .openapi('Draft');

/** A scenario file, possibly unfinished: the editor saves whatever the author has so far. */
export const contentSchema = z
  .record(z.string(), z.unknown())
  .openapi({ type: 'object', description: 'A scenario file, possibly unfinished.' });
