import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';

// Validated like the room's messages, so the comparison charges both for it.
const baselineMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('broadcast'), bytes: z.number().int().min(0).max(65_536) }),
  z.object({ type: z.literal('expect'), count: z.number().int().min(0) }),
  z.object({ type: z.literal('vote') }),
]);

/**
 * The floor the live benchmark measures `LiveSession` against (bench/live-load.ts): the least an object can do to
 * fan a message of a given size out to N hibernating sockets, and to hear one message back from each. No storage,
 * no validation, no rules. Reachable only in development (`/api/live/bench/:name/ws`).
 */
export class LiveBaseline extends DurableObject<Env> {
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
