import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';

// Validated like the room's messages, so the comparison charges both for it.
const baselineMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('broadcast'), bytes: z.number().int().min(0).max(65_536) }),
  z.object({ type: z.literal('expect'), count: z.number().int().min(0) }),
  z.object({ type: z.literal('vote') }),
]);

// The live benchmark's floor, a Worker of its own (bench/wrangler.toml): never part of the deployed Worker. The
// benchmark's local server (scripts/lib/local.ts, `baseline: true`) runs it beside the app and routes
// `/api/live/bench/:name/ws` to it.

/**
 * The floor the live benchmark measures `LiveSession` against (bench/live-load.ts): the least an object can do to
 * fan a message of a given size out to N hibernating sockets, and to hear one message back from each. No storage,
 * no rules.
 */
export class LiveBaseline extends DurableObject {
  private expected = 0;
  private received = 0;

  override fetch(request: Request): Response {
    const role = request.headers.get('X-Live-Role') === 'facilitator' ? 'trigger' : 'client';
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [role]);
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    if (typeof message !== 'string') return;
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = baselineMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'broadcast') {
      const fixed = JSON.stringify({ type: 'state', padding: 'x'.repeat(msg.bytes) });
      for (const socket of this.ctx.getWebSockets('client')) socket.send(fixed);
    } else if (msg.type === 'expect') {
      this.expected = msg.count;
      this.received = 0;
    } else if (++this.received === this.expected) {
      const done = JSON.stringify({ type: 'tally', votes: this.received });
      for (const socket of this.ctx.getWebSockets('trigger')) socket.send(done);
    }
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    ws.close(code, reason);
  }
}

type BaselineEnv = { LIVE_BASELINE: DurableObjectNamespace<LiveBaseline> };
const NAME = /^\/api\/live\/bench\/([a-z0-9-]{1,32})\/ws$/;

export default {
  /** `GET /api/live/bench/:name/ws?role=participant|facilitator`: a socket on the named baseline object. */
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = NAME.exec(url.pathname)?.[1];
    if (!name)
      return Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket')
      return Response.json(
        { error: { code: 'upgrade_required', message: 'This endpoint only accepts a WebSocket upgrade.' } },
        { status: 426 },
      );
    const headers = new Headers(request.headers);
    headers.set(
      'X-Live-Role',
      url.searchParams.get('role') === 'facilitator' ? 'facilitator' : 'participant',
    );
    return env.LIVE_BASELINE.getByName(name).fetch(new Request(request.url, { headers }));
  },
} satisfies ExportedHandler<BaselineEnv>;
