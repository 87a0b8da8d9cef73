import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env';
import { ApiError, errorBody } from './lib/errors';
import { dbMiddleware } from './middleware/db';
import { requestLog } from './middleware/logging';
import { healthRoutes } from './routes/health';
import { liveRoutes } from './routes/live';

/** The content security policy: our own origin only, and no inline script anywhere. */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The API, mounted under /api. Chained so that `AppType` carries every route to the typed client. */
export const app = new Hono<AppEnv>()
  .basePath('/api')
  .use(requestId())
  .use(requestLog)
  .use(secureHeaders({ contentSecurityPolicy }))
  .use(dbMiddleware)
  .route('/health', healthRoutes)
  .route('/live', liveRoutes);

app.notFound((c) => c.json(errorBody('not_found', `No API route for ${c.req.method} ${c.req.path}.`), 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own (e.g. a malformed JSON body) carry a status but no code of ours.
    const status = err.status;
    return c.json(errorBody(status === 400 ? 'bad_request' : 'http_error', err.message), status);
  }
  // Log the cause with the request id; the client gets neither stack nor message.
  console.error(
    JSON.stringify({ requestId: c.get('requestId'), error: String(err), stack: (err as Error).stack }),
  );
  return c.json(
    errorBody('internal_error', `Something went wrong on our side (request ${c.get('requestId')}).`),
    500,
  );
});

export type AppType = typeof app;
