import { createRoute, z as oz } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import { liveSessions } from '../db/schema';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireUser } from '../middleware/auth';
import { clientAddress, rateLimit } from '../middleware/rate-limit';
import { validate } from '../middleware/validate';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A live session's join code: short, unambiguous capitals and digits. */
export const liveCodeSchema = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{6}$/, 'A session code is 6 letters or digits (no I, O, 0 or 1).');

const newCode = () => [...crypto.getRandomValues(new Uint8Array(6))].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

const createLiveRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Live sessions'],
  summary: 'Start a live session from a published scenario (instructors); returns its join code',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    body: jsonBody(
      oz
        .object({
          scenario: oz.string().min(1).max(64),
          mode: oz.enum(['room', 'teams']).openapi({ description: 'The whole room decides for one side, or one team per side.' }),
          side: oz.string().min(1).max(64).optional().openapi({ description: 'The side the room plays (room mode).' }),
        })
        .openapi('CreateLiveSession'),
    ),
  },
  responses: {
    201: jsonResponse(oz.object({ code: oz.string(), mode: oz.enum(['room', 'teams']), side: oz.string().nullable() }).openapi('LiveSession'), 'Started.'),
    ...errorResponses(400, 401, 403, 404),
  },
});

/** `/api/live`: create sessions, and `/api/live/:code/ws` to connect to one. */
export const liveRoutes = createRouter()
  .openapi(createLiveRoute, async (c) => {
    const input = c.req.valid('json');
    const version = await publishedVersion(c.var.db, input.scenario);
    if (!version) throw new ApiError(404, 'not_found', 'No such published scenario.');
    const scenario = scenarioOfVersion(version);
    const playable = scenario.sides.filter((s) => s.playable).map((s) => s.id);
    if (input.mode === 'room' && !(input.side && playable.includes(input.side))) {
      throw new ApiError(400, 'invalid_request', 'Choose a playable side for the room.', [{ path: 'side', message: `One of ${playable.join(', ')}.` }]);
    }
    if (input.mode === 'teams' && playable.length < 2) {
      throw new ApiError(400, 'invalid_request', 'This scenario has one playable side; use room mode.', [{ path: 'mode', message: 'Needs two playable sides.' }]);
    }
    const id = crypto.randomUUID();
    const code = newCode();
    const side = input.mode === 'room' ? input.side! : null;
    await c.var.db.insert(liveSessions).values({ id, code, facilitatorId: c.var.user!.id, scenarioVersionId: version.id, mode: input.mode, side, status: 'open' });
    await c.env.LIVE_SESSION.getByName(code).init({
      sessionId: id,
      code,
      scenario,
      mode: input.mode,
      side,
      facilitatorId: c.var.user!.id,
      maxParticipants: Number(c.env.LIVE_MAX_PARTICIPANTS ?? 2000),
      seed: crypto.randomUUID(),
    });
    return c.json({ code, mode: input.mode, side }, 201);
  })
  .route(
    '/',
    new Hono<AppEnv>().get(
      '/:code/ws',
      validate('param', z.object({ code: liveCodeSchema })),
      validate('query', z.object({ role: z.enum(['participant', 'facilitator', 'projector']).default('participant'), token: z.uuid().optional() })),
      async (c) => {
        // Refuse plain HTTP here so a stray request never wakes the object.
        if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
          throw new ApiError(426, 'upgrade_required', 'This endpoint only accepts a WebSocket upgrade.');
        }
        const { code } = c.req.valid('param');
        const { role } = c.req.valid('query');
        if (role === 'participant') {
          await rateLimit(c, `live-join:ip:${clientAddress(c)}`, 60, 60_000);
        } else {
          // The console and the projector belong to the facilitator's account, not to a guessable link.
          const [session] = await c.var.db
            .select({ id: liveSessions.id })
            .from(liveSessions)
            .where(and(eq(liveSessions.code, code), eq(liveSessions.facilitatorId, c.var.user?.id ?? '')));
          if (!session) throw new ApiError(403, 'forbidden', 'Only the facilitator of this session can open its console or projector view.');
        }
        const headers = new Headers(c.req.raw.headers);
        headers.set('X-Live-Role', role);
        const upgraded = await c.env.LIVE_SESSION.getByName(code).fetch(new Request(c.req.raw.url, { headers }));
        if (upgraded.status === 404) throw new ApiError(404, 'not_found', 'No live session with this code.');
        // The object's response has immutable headers; copy it so the middleware can add ours.
        return new Response(null, { status: upgraded.status, headers: upgraded.headers, webSocket: upgraded.webSocket });
      },
    ),
  );
