import { DurableObject } from 'cloudflare:workers';

/** What each socket remembers across hibernation (kept small: 16 KB max per socket). */
type Attachment = { connectedAt: number };

/**
 * One live workshop session. For now an empty room: it accepts WebSockets with the
 * hibernation API, greets each with a hello, and answers every message with an echo.
 */
export class LiveSession extends DurableObject<Env> {
  /** Accepts the WebSocket upgrade forwarded by `/api/live/:code/ws`. */
  override async fetch(request: Request): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ connectedAt: Date.now() } satisfies Attachment);
    const room = new URL(request.url).pathname.split('/')[3] ?? '';
    server.send(
      JSON.stringify({ type: 'hello', room, connections: this.ctx.getWebSockets().length }),
    );
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Echoes a message back; the real protocol replaces this. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const text = typeof message === 'string' ? message : new TextDecoder().decode(message);
    ws.send(JSON.stringify({ type: 'echo', data: text }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    ws.close(code, reason);
  }
}
