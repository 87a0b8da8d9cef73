import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { rejectInvalid } from '../middleware/validate';

/**
 * A sub-app whose routes are validated by their OpenAPI schemas; a failure becomes the API's 400
 * `invalid_request` error listing every issue (`rejectInvalid`, the same as `validate()`).
 * @example export const runRoutes = createRouter().openapi(startRunRoute, async (c) => ...)
 */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });
