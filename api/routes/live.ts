import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { validate } from '../middleware/validate';

/** A live session's join code: short, unambiguous capitals and digits. */
export const liveCodeSchema = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{6}$/, 'A session code is 6 letters or digits (no I, O, 0 or 1).');

/** `/api/live/:code/ws`: upgrades to a WebSocket on the session's Durable Object. */
export const liveRoutes = new Hono<AppEnv>().get(
  '/:code/ws',
  validate('param', z.object({ code: liveCodeSchema })),
  async (c) => {
    // Refuse plain HTTP here so a stray request never wakes the object.
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'upgrade_required', 'This endpoint only accepts a WebSocket upgrade.');
    }
    const { code } = c.req.valid('param');
    const upgraded = await c.env.LIVE_SESSION.getByName(code).fetch(c.req.raw);
    // The object's response has immutable headers; copy it so the middleware can add ours.
    return new Response(null, {
      status: upgraded.status,
      headers: upgraded.headers,
      webSocket: upgraded.webSocket,
    });
  },
);
