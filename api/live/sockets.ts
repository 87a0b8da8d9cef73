import {
  facilitatorMessageSchema,
  MAX_MESSAGE_BYTES,
  participantMessageSchema,
  type FacilitatorMessage,
  type LiveErrorCode,
  type ParticipantMessage,
  type Role,
  type ServerMessage,
} from './protocol';

/** Per socket, kept across hibernation (16 KB at most): who it is, and the device it came from (a participant's). */
type Attachment = { role: Role; participantId: string | null; device?: string };
/** Per socket, in memory only: the rate window (it may restart after hibernation, which costs nothing). */
type Live = Attachment & { windowStart: number; messages: number };

const MESSAGES_PER_WINDOW = 30;
const RATE_WINDOW_MS = 10_000;

/** A message that passed every check, with the role that may send it. */
export type Incoming =
  | { role: 'facilitator'; msg: Exclude<FacilitatorMessage, { type: 'ping' }> }
  | { role: 'participant'; msg: Exclude<ParticipantMessage, { type: 'ping' }> };

/**
 * The hibernating sockets of one object (the room's, or a fan-out shard's) and the checks every incoming message
 * passes before the rules see it: size, rate, JSON, the sender's schema. A refused message gets an `error` here.
 */
export class Sockets {
  /** Attachments read once per socket and kept, so a message or a broadcast does not deserialise one each time. */
  private readonly live = new Map<WebSocket, Live>();

  constructor(private readonly ctx: DurableObjectState) {}

  /** Accepts a server socket tagged with its role. */
  accept(server: WebSocket, attachment: Attachment) {
    this.ctx.acceptWebSocket(server, [attachment.role]);
    server.serializeAttachment(attachment);
    this.live.set(server, { ...attachment, windowStart: Date.now(), messages: 0 });
  }

  /** A socket's data: from memory, or from its attachment the first time after a wake. */
  of(ws: WebSocket): Live {
    let live = this.live.get(ws);
    if (!live) {
      live = { ...(ws.deserializeAttachment() as Attachment), windowStart: Date.now(), messages: 0 };
      this.live.set(ws, live);
    }
    return live;
  }

  /** Records who a participant's socket belongs to once they have joined. */
  joined(ws: WebSocket, participantId: string) {
    const live = this.of(ws);
    live.participantId = participantId;
    ws.serializeAttachment({
      role: live.role,
      participantId,
      ...(live.device ? { device: live.device } : {}),
    } satisfies Attachment);
  }

  forget(ws: WebSocket) {
    this.live.delete(ws);
  }

  withRole(role: Role): WebSocket[] {
    return this.ctx.getWebSockets(role);
  }

  /** The sockets of one participant (a second tab is a second socket). */
  ofParticipant(participantId: string): WebSocket[] {
    return this.withRole('participant').filter((s) => this.of(s).participantId === participantId);
  }

  /** Checks one message; returns it when it passed, or null when it was answered (pong, error, or closed). */
  read(ws: WebSocket, message: string | ArrayBuffer): Incoming | null {
    if (tooLarge(message)) {
      sendError(ws, 'too_large', `Messages are at most ${MAX_MESSAGE_BYTES} bytes.`);
      ws.close(1009, 'Message too large.');
      return null;
    }
    const live = this.of(ws);
    const now = Date.now();
    if (now - live.windowStart > RATE_WINDOW_MS) Object.assign(live, { windowStart: now, messages: 0 });
    if (++live.messages > MESSAGES_PER_WINDOW)
      return refused(ws, 'rate_limited', 'Too many messages; slow down.');
    let data: unknown;
    try {
      data = JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
    } catch {
      return refused(ws, 'bad_message', 'Messages are JSON objects; see docs/live-protocol.md.');
    }
    if (live.role === 'facilitator') {
      const parsed = facilitatorMessageSchema.safeParse(data);
      if (!parsed.success)
        return refused(ws, 'bad_message', parsed.error.issues.map((i) => i.message).join('; '));
      if (parsed.data.type === 'ping') return pong(ws);
      return { role: 'facilitator', msg: parsed.data };
    }
    if (live.role === 'projector') return refused(ws, 'forbidden', 'The projector view only listens.');
    const parsed = participantMessageSchema.safeParse(data);
    if (!parsed.success) {
      const forbidden = facilitatorMessageSchema.safeParse(data).success;
      return forbidden
        ? refused(ws, 'forbidden', 'Only the facilitator controls the session.')
        : refused(ws, 'bad_message', parsed.error.issues.map((i) => i.message).join('; '));
    }
    if (parsed.data.type === 'ping') return pong(ws);
    return { role: 'participant', msg: parsed.data };
  }
}

/**
 * Whether a message is over the limit in UTF-8 bytes, measured before anything parses it. A UTF-16 unit is 1 to 3
 * bytes, so only a string between a third of the limit and the limit is encoded to count.
 */
function tooLarge(message: string | ArrayBuffer): boolean {
  if (typeof message !== 'string') return message.byteLength > MAX_MESSAGE_BYTES;
  if (message.length > MAX_MESSAGE_BYTES) return true;
  if (message.length * 3 <= MAX_MESSAGE_BYTES) return false;
  return new TextEncoder().encode(message).byteLength > MAX_MESSAGE_BYTES;
}

export function send(ws: WebSocket, message: ServerMessage) {
  sendRaw(ws, JSON.stringify(message));
}

export function sendRaw(ws: WebSocket, message: string) {
  try {
    ws.send(message);
  } catch {
    // A socket closing mid-broadcast is fine; it reconnects and gets the state then.
  }
}

export function sendError(ws: WebSocket, code: LiveErrorCode, message: string) {
  send(ws, { type: 'error', code, message });
}

function refused(ws: WebSocket, code: LiveErrorCode, message: string): null {
  sendError(ws, code, message);
  return null;
}

function pong(ws: WebSocket): null {
  send(ws, { type: 'pong' });
  return null;
}
