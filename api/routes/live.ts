import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import {
  claimLiveCode,
  facilitatedSession,
  facilitates,
  liveSessionStatus,
  liveSessionsOf,
} from '../db/queries/live';
import { publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import type { AppEnv } from '../env';
import { choicesById, exportLabels } from '../lib/choices';
import { csvField } from '../lib/csv';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireUser } from '../middleware/auth';
import { clientAddress, rateLimit } from '../middleware/rate-limit';
import { validate } from '../middleware/validate';
import type { Scenario } from '../engine';
import type { LiveResults } from '../live/room';
import {
  DEFAULT_MAX_PARTICIPANTS,
  DEFAULT_SHARD_SIZE,
  MAX_PARTICIPANTS_LIMIT,
  shardsFor,
} from '../live/sharding';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';

/** The cookie naming a participant's device (a random id) for the live sessions' bar on removed participants. */
const LIVE_DEVICE_COOKIE = 'live_device';
const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** A live session's join code: short, unambiguous capitals and digits. */
export const liveCodeSchema = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{6}$/, 'A session code is 6 letters or digits (no I, O, 0 or 1).');

/** One CSV row per option of each question put to the room: how many chose it, and whether it is right. */
function questionLines(scenario: Scenario, results: LiveResults): string[][] {
  const lines = [['question', 'check', 'prompt', 'option', 'correct', 'count', 'answers', 'answers_right']];
  (results.questions ?? []).forEach((q, i) => {
    const check = scenario.checks?.find((c) => c.id === q.checkId);
    const right = q.answers.filter((a) => a.correct).length;
    for (const [optionId, count] of Object.entries(q.counts)) {
      lines.push([
        String(i + 1),
        q.checkId,
        q.prompt,
        check?.options.find((o) => o.id === optionId)?.label ?? optionId,
        q.correctOptionIds.includes(optionId) ? 'yes' : 'no',
        String(count),
        String(q.answers.length),
        String(right),
      ]);
    }
  });
  return lines;
}

const createLiveRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Live sessions'],
  summary: 'Start a live session from a published scenario (instructors); returns its join code',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    body: jsonBody(
      z
        .object({
          scenario: z.string().min(1).max(64),
          mode: z
            .enum(['room', 'teams'])
            .openapi({ description: 'The whole room decides for one side, or one team per side.' }),
          side: z
            .string()
            .min(1)
            .max(64)
            .optional()
            .openapi({ description: 'The side the room plays (room mode).' }),
          points: z.boolean().optional().openapi({
            description:
              'Start with the points board on (one point per right answer to a knowledge-check question, by nickname). Off by default; the console can turn it on or off.',
          }),
          maxParticipants: z
            .number()
            .int()
            .min(1)
            .max(MAX_PARTICIPANTS_LIMIT)
            .optional()
            .openapi({ description: 'The most participants who may join (default 2,000; at most 10,000).' }),
        })
        .openapi('CreateLiveSession'),
    ),
  },
  responses: {
    201: jsonResponse(
      z
        .object({
          code: z.string(),
          mode: z.enum(['room', 'teams']),
          side: z.string().nullable(),
          maxParticipants: z.number(),
        })
        .openapi('LiveSession'),
      'Started.',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const listLiveRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Live sessions'],
  summary: "The caller's live sessions, newest first",
  middleware: [requireUser('instructor', 'admin')] as const,
  responses: {
    200: jsonResponse(
      z.array(
        z.object({
          code: z.string(),
          mode: z.string(),
          side: z.string().nullable(),
          status: z.string(),
          title: z.string(),
          createdAt: z.number(),
          endedAt: z.number().nullable(),
        }),
      ),
      'Sessions.',
    ),
    ...errorResponses(401, 403),
  },
});

const statusLiveRoute = createRoute({
  method: 'get',
  path: '/{code}',
  tags: ['Live sessions'],
  summary: 'Whether a session has this code and is open (anyone: a join page checks a typed code with it)',
  request: { params: z.object({ code: liveCodeSchema }) },
  responses: {
    200: jsonResponse(
      z.object({ code: z.string(), status: z.enum(['open', 'ended']) }).openapi('LiveSessionStatus'),
      'The session exists.',
    ),
    ...errorResponses(400, 404, 429),
  },
});

const resultsLiveRoute = createRoute({
  method: 'get',
  path: '/{code}/results',
  tags: ['Live sessions'],
  summary:
    "An ended session's results: participants, votes, reasons, path and the questions put to the room (JSON, or CSV of the votes or of the questions' counts)",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    params: z.object({ code: liveCodeSchema }),
    query: z.object({
      format: z.enum(['json', 'csv']).default('json'),
      rows: z.enum(['votes', 'questions']).default('votes').openapi({
        description: "The CSV's rows: one per vote, or one per option of each question put to the room.",
      }),
    }),
  },
  responses: {
    200: {
      description: 'The results.',
      content: { 'application/json': { schema: z.unknown() }, 'text/csv': { schema: z.string() } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** `/api/live`: create sessions, and `/api/live/:code/ws` to connect to one. */
export const liveRoutes = createRouter()
  .openapi(listLiveRoute, async (c) => {
    const rows = await liveSessionsOf(c.var.db, c.var.user.id);
    return c.json(
      rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime(), endedAt: r.endedAt?.getTime() ?? null })),
      200,
    );
  })
  .openapi(statusLiveRoute, async (c) => {
    const { code } = c.req.valid('param');
    // As generous as joining: a classroom behind one address checks its code at once.
    await rateLimit(c, `live-join:ip:${clientAddress(c)}`, 1000, 60_000);
    const status = await liveSessionStatus(c.var.db, code);
    if (!status) throw new ApiError(404, 'not_found', `There is no live session with the code ${code}.`);
    return c.json({ code, status }, 200);
  })
  .openapi(resultsLiveRoute, async (c) => {
    const { code } = c.req.valid('param');
    const { format, rows } = c.req.valid('query');
    const row = await facilitatedSession(c.var.db, code, c.var.user.id);
    if (!row) throw new ApiError(404, 'not_found', 'No such session among yours.');
    if (row.status !== 'ended' || !row.results)
      throw new ApiError(409, 'not_ended', 'Results are written when the session ends.');
    const results = JSON.parse(row.results) as LiveResults;
    if (format === 'json') return c.json(results, 200);
    const scenario = scenarioOfVersion({ id: row.versionId, content: row.content });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    if (rows === 'questions') {
      c.header('Content-Disposition', `attachment; filename="live-${code}-questions.csv"`);
      return c.body(
        questionLines(scenario, results)
          .map((l) => l.map(csvField).join(','))
          .join('\n') + '\n',
        200,
      );
    }
    const labels = choicesById(scenario);
    const label = exportLabels(scenario);
    const names = new Map(results.participants.map((p) => [p.id, p]));
    // Teams by their sides' labels ("Tehran"), as everywhere else.
    const teams = new Map(scenario.sides.map((side) => [side.id, side.label]));
    const lines = [
      [
        'round',
        'decision',
        'node',
        'room_choice',
        'decided_by',
        'participant',
        'team',
        'vote',
        'historical',
        'reason',
        'reason_hidden',
      ],
    ];
    results.rounds.forEach((round, i) => {
      for (const vote of round.votes) {
        const p = names.get(vote.participantId);
        lines.push([
          String(i + 1),
          label.node(round.nodeId),
          round.nodeId,
          labels.get(round.choiceId)?.label ?? round.choiceId,
          round.decidedBy,
          p?.nickname ?? '',
          teams.get(p?.team ?? '') ?? '',
          labels.get(vote.choiceId)?.label ?? vote.choiceId,
          labels.get(vote.choiceId)?.historical ? 'yes' : 'no',
          vote.reason ?? '',
          vote.hidden ? 'yes' : 'no',
        ]);
      }
    });
    c.header('Content-Disposition', `attachment; filename="live-${code}.csv"`);
    return c.body(lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n', 200);
  })
  .openapi(createLiveRoute, async (c) => {
    const input = c.req.valid('json');
    const version = await publishedVersion(c.var.db, input.scenario, c.var.user);
    if (!version) throw new ApiError(404, 'not_found', 'No such published scenario.');
    const scenario = scenarioOfVersion(version);
    const playable = scenario.sides.filter((s) => s.playable).map((s) => s.id);
    if (input.mode === 'room' && !(input.side && playable.includes(input.side))) {
      throw new ApiError(400, 'invalid_request', 'Choose a playable side for the room.', [
        { path: 'side', message: `One of ${playable.join(', ')}.` },
      ]);
    }
    if (input.mode === 'teams' && playable.length < 2) {
      throw new ApiError(400, 'invalid_request', 'This scenario has one playable side; use room mode.', [
        { path: 'mode', message: 'Needs two playable sides.' },
      ]);
    }
    const id = crypto.randomUUID();
    const side = input.mode === 'room' ? input.side! : null;
    const maxParticipants =
      input.maxParticipants ?? Number(c.env.LIVE_MAX_PARTICIPANTS ?? DEFAULT_MAX_PARTICIPANTS);
    const code = await claimLiveCode(c.var.db, (candidate) => ({
      id,
      code: candidate,
      facilitatorId: c.var.user.id,
      scenarioVersionId: version.id,
      mode: input.mode,
      side,
      status: 'open' as const,
    }));
    await c.env.LIVE_SESSION.getByName(code).init({
      sessionId: id,
      code,
      scenario,
      mode: input.mode,
      side,
      facilitatorId: c.var.user.id,
      maxParticipants,
      // Past one object's share, participants connect to fan-out objects (api/live/sharding.ts).
      shards: shardsFor(maxParticipants, Number(c.env.LIVE_SHARD_SIZE ?? DEFAULT_SHARD_SIZE)),
      seed: crypto.randomUUID(),
      points: input.points ?? false,
    });
    return c.json({ code, mode: input.mode, side, maxParticipants }, 201);
  })
  .route(
    '/',
    new Hono<AppEnv>().get(
      '/:code/ws',
      validate('param', z.object({ code: liveCodeSchema })),
      validate(
        'query',
        z.object({
          role: z.enum(['participant', 'facilitator', 'projector']).default('participant'),
          token: z.uuid().optional(),
        }),
      ),
      async (c) => {
        // Refuse plain HTTP here so a stray request never wakes the object.
        if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
          throw new ApiError(426, 'upgrade_required', 'This endpoint only accepts a WebSocket upgrade.');
        }
        // A page of another site may not open a socket in the visitor's name (cross-site WebSocket hijacking):
        // a browser always sends Origin with an upgrade; tools that send none are not browsers carrying cookies.
        const origin = c.req.header('Origin');
        if (origin && origin !== new URL(c.req.url).origin)
          throw new ApiError(403, 'forbidden', 'Live connections come from this site’s own pages only.');
        const { code } = c.req.valid('param');
        const { role } = c.req.valid('query');
        // The participant's device: a random id in an HTTP-only cookie, so a removal can bar it for the session.
        const known = getCookie(c, LIVE_DEVICE_COOKIE);
        const device = role === 'participant' ? (known && isUuid(known) ? known : crypto.randomUUID()) : null;
        if (role === 'participant') {
          // Generous: a whole classroom often shares one address behind NAT; this stops floods, not classes.
          await rateLimit(c, `live-join:ip:${clientAddress(c)}`, 1000, 60_000);
        } else {
          // The console and the projector belong to the facilitator's account, not to a guessable link.
          if (!(await facilitates(c.var.db, code, c.var.user?.id ?? null)))
            throw new ApiError(
              403,
              'forbidden',
              'Only the facilitator of this session can open its console or projector view.',
            );
        }
        const headers = new Headers(c.req.raw.headers);
        headers.set('X-Live-Role', role);
        if (device) headers.set('X-Live-Device', device);
        let upgraded = await c.env.LIVE_SESSION.getByName(code).fetch(
          new Request(c.req.raw.url, { headers }),
        );
        // A sharded session sends a participant on to the fan-out object that holds (or will hold) them.
        const shard = upgraded.status === 307 ? upgraded.headers.get('X-Live-Shard') : null;
        if (shard) {
          headers.set('X-Live-Shard', shard);
          upgraded = await c.env.LIVE_SHARD.getByName(shard).fetch(new Request(c.req.raw.url, { headers }));
        }
        if (upgraded.status === 404) throw new ApiError(404, 'not_found', 'No live session with this code.');
        if (upgraded.status === 403)
          throw new ApiError(403, 'forbidden', 'The facilitator removed you from this session.');
        // The object's response has immutable headers; copy it so the middleware can add ours.
        const response = new Response(null, {
          status: upgraded.status,
          headers: upgraded.headers,
          webSocket: upgraded.webSocket,
        });
        if (device && device !== known)
          response.headers.append(
            'Set-Cookie',
            serialize(LIVE_DEVICE_COOKIE, device, {
              path: '/api/live',
              httpOnly: true,
              sameSite: 'Strict',
              secure: new URL(c.req.url).protocol === 'https:',
              maxAge: 60 * 60 * 24 * 30,
            }),
          );
        return response;
      },
    ),
  );
