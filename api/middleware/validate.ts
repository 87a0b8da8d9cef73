import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from '../lib/errors';

/**
 * The one mapping of a failed validation to the API's 400 `invalid_request` error, listing every issue; the hook
 * of both `validate()` and the OpenAPI routes (`createRouter` in lib/router.ts).
 * @example zValidator('query', schema, rejectInvalid)
 */
export function rejectInvalid(
  result: { target: keyof ValidationTargets } & (
    | { success: true }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }
  ),
): void {
  if (result.success) return;
  throw new ApiError(
    400,
    'invalid_request',
    `The request ${result.target === 'json' ? 'body' : result.target} is not valid.`,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/**
 * `zValidator` whose failures become the API's 400 `invalid_request` error, for the few routes that are not
 * OpenAPI routes (the WebSocket upgrades in routes/live.ts).
 * @example .get('/runs/:id', validate('param', z.object({ id: z.uuid() })), (c) => ...)
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) => zValidator(target, schema, rejectInvalid);
