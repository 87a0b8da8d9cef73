import { OpenAPIHono, z } from '@hono/zod-openapi';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env';
import { configProblem, misconfigured } from './lib/config';
import { contentSecurityPolicy } from './lib/csp';
import { localizeError, readerLocale } from './lib/i18n';
import { ApiError, errorBody, type ErrorCode } from './lib/errors';
import { sessionMiddleware } from './middleware/auth';
import { drainUnreadBody } from './middleware/body';
import { bodyLimits } from './middleware/body-limit';
import { dbMiddleware } from './middleware/db';
import { requestLog } from './middleware/logging';
import { authRoutes } from './routes/auth';
import { assignmentRoutes } from './routes/assignments';
import { cohortResultRoutes } from './routes/cohort-results';
import { cohortRoutes } from './routes/cohorts';
import { healthRoutes } from './routes/health';
import { liveCodeSchema, liveRoutes } from './routes/live';
import { ltiRoutes } from './routes/lti';
import { LTI_CROSS_SITE_PATHS, ltiLaunchRoutes } from './routes/lti-launch';
import { progressRoutes } from './routes/progress';
import { runRoutes } from './routes/runs';
import { runAnswerRoutes } from './routes/run-answers';
import { scenarioRoutes } from './routes/scenarios';
import { studioRoutes } from './routes/studio';
import { studioPublishingRoutes } from './routes/studio-publishing';
import { userRoutes } from './routes/users';
import { xapiRoutes } from './routes/xapi';
import { errorResponses } from './schemas/common';
import { ltiBrowserPaths } from './schemas/lti';

const HTTP_CODES: Partial<Record<number, [ErrorCode, string]>> = {
  400: ['bad_request', 'The request is malformed.'],
  403: ['forbidden', 'Cross-site requests are refused.'],
  413: ['too_large', 'The request body is too large.'],
  415: ['unsupported_media_type', 'Send the request body as application/json.'],
};

const api = new OpenAPIHono<AppEnv>().basePath('/api');
// overwrite: false lets the LTI pages that show inside an LMS iframe send their own frame-ancestors.
api.use(drainUnreadBody, requestId(), requestLog, secureHeaders({ contentSecurityPolicy, overwrite: false }));
// A Worker without its secrets serves nothing but a clear 503 (api/lib/config.ts), health included, so a deploy that
// forgot `wrangler secret put AUTH_SECRET` shows at once instead of signing cookies with a guessable key.
api.use((c, next) => {
  const problem = configProblem(c.env);
  if (problem) throw misconfigured(problem);
  return next();
});
// Oversized bodies are refused before anything reads them (413 too_large).
api.use(bodyLimits);
// Cookie-authenticated writes must come from our own pages (Origin / Sec-Fetch-Site); JSON bodies need CORS anyway.
// Exactly the two LTI endpoints an LMS posts to cross-site are exempt: their own state, nonce and signed token
// stand in for it (see routes/lti-launch.ts).
const sameOriginWrites = csrf();
api.use(
  (c, next) => (LTI_CROSS_SITE_PATHS.has(c.req.path) ? next() : sameOriginWrites(c, next)),
  dbMiddleware,
  sessionMiddleware,
);

/** The API, mounted under /api. Routes are chained so that `AppType` carries every one to the typed client. */
export const app = api
  .route('/health', healthRoutes)
  .route('/auth', authRoutes)
  .route('/users', userRoutes)
  .route('/scenarios', scenarioRoutes)
  .route('/runs', runRoutes)
  .route('/runs', runAnswerRoutes)
  .route('/progress', progressRoutes)
  .route('/cohorts', cohortRoutes)
  .route('/cohorts', cohortResultRoutes)
  .route('/assignments', assignmentRoutes)
  .route('/studio', studioRoutes)
  .route('/studio', studioPublishingRoutes)
  .route('/live', liveRoutes)
  .route('/lti', ltiRoutes)
  .route('/lti', ltiLaunchRoutes)
  .route('/xapi', xapiRoutes);

app.openAPIRegistry.registerPath({
  method: 'get',
  path: '/live/{code}/ws',
  tags: ['Live sessions'],
  summary: "Open a WebSocket on a live session's Durable Object (protocol: docs/live-protocol.md)",
  request: {
    params: z.object({ code: liveCodeSchema }),
    query: z.object({
      role: z.enum(['participant', 'facilitator', 'projector']).optional(),
      token: z
        .uuid()
        .optional()
        .openapi({ description: "A participant's token from `welcome`, to rejoin as the same person." }),
    }),
  },
  responses: {
    101: { description: 'Switching protocols: the session says hello.' },
    ...errorResponses(400, 426),
  },
});

for (const path of ltiBrowserPaths) app.openAPIRegistry.registerPath(path);

app.doc31('/openapi.json', {
  openapi: '3.1.0',
  info: {
    title: 'Crisis Desk API',
    version: '0.1.0',
    description:
      'Every error answers `{ error: { code, message, details? } }`. Authentication is by the session cookie set at sign-in; guests get a signed guest cookie when they start a run.\n\n' +
      "**Language.** Error messages come in the reader's language where one is written for the code (English, Urdu `ur` or Persian `fa`); the code and status never change. The language is the `lang` cookie the app sets when one is chosen in its header, else the first of `Accept-Language` that the app speaks, else English. A signed-in reader's choice is stored with `PUT /api/users/me/locale`.",
  },
});

// The path is echoed shortened: a URL can be up to 16 KB before the runtime refuses it (414/431) itself.
const shortPath = (path: string) => (path.length > 120 ? `${path.slice(0, 100)}…` : path);
app.notFound((c) =>
  c.json(errorBody('not_found', `No API route for ${c.req.method} ${shortPath(c.req.path)}.`), 404),
);

app.onError((err, c) => {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    // `instanceof` leaves a generic class's code parameter any; ApiError's codes are all ErrorCodes.
    const code = err.code as ErrorCode;
    return c.json(
      errorBody(code, localizeError(readerLocale(c), code, err.message), err.details),
      err.status,
    );
  }
  if (err instanceof HTTPException) {
    // Hono's own: a malformed JSON body, a refused cross-site request.
    const [code, fallback] = HTTP_CODES[err.status] ?? ['http_error', 'The request was refused.'];
    return c.json(errorBody(code, err.message || fallback), err.status);
  }
  // Log the cause with the request id; the client gets neither stack nor message.
  console.error(JSON.stringify({ requestId: c.get('requestId'), error: String(err), stack: err.stack }));
  return c.json(
    errorBody(
      'internal_error',
      readerLocale(c) === 'en'
        ? `Something went wrong on our side (request ${c.get('requestId')}).`
        : `${localizeError(readerLocale(c), 'internal_error', '')} (${c.get('requestId')})`,
    ),
    500,
  );
});

export type AppType = typeof app;
