import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from '../lib/errors';

/**
 * `zValidator` whose failures become the API's 400 `invalid_request` error, listing every issue.
 * @example .get('/runs/:id', validate('param', z.object({ id: z.uuid() })), (c) => ...)
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError(
        400,
        'invalid_request',
        `The request ${target} is not valid.`,
        result.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      );
    }
  });
