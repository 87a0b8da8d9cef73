import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { ApiError } from './errors';

/**
 * A sub-app whose routes are validated by their OpenAPI schemas; a failure becomes the API's 400
 * `invalid_request` error listing every issue.
 * @example export const runRoutes = createRouter().openapi(startRunRoute, async (c) => ...)
 */
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        throw new ApiError(
          400,
          'invalid_request',
          `The request ${result.target === 'json' ? 'body' : result.target} is not valid.`,
          result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        );
      }
    },
  });
