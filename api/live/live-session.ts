import { DurableObject } from 'cloudflare:workers';
import {
  facilitatorMessageSchema,
  MAX_MESSAGE_BYTES,
  participantMessageSchema,
  type LiveErrorCode,
  type Role,
  type ServerMessage,
} from './protocol';
import {
  audienceOf,
  Room,
  type Audience,
  type Change,
  type LiveConfig,
  type Answer,
  type Participant,
  type RoomState,
  type Vote,
} from './room';

export type { LiveConfig } from './room';

/** Per socket, kept across hibernation (16 KB at most): who it is. */
type Attachment = { role: Role; participantId: string | null };
/** Per socket, in memory only: the rate window (it may restart after hibernation, which costs nothing). */
type Live = Attachment & { windowStart: number; messages: number };

const MESSAGES_PER_WINDOW = 30;
const RATE_WINDOW_MS = 10_000;
/** Tallies, vote counts and roster changes go out at most this often, however fast votes and joins arrive. */
const BATCH_EVERY_MS = 100;
const ROLES: Role[] = ['facilitator', 'projector', 'participant'];

/**
 * One live workshop session: a thin shell around `Room` (the rules, in room.ts). It holds the sockets (hibernation
 * API, tagged by role), saves every change the room reports before announcing it, batches tallies and roster
 * changes with its alarm, and rebuilds the room from storage after an eviction or a restart.
 */
export class LiveSession extends DurableObject<Env> {
  private room: Room | null = null;
  /** One serialised state per audience, shared by all its sockets until the room changes. */
  private views = new Map<Audience, string>();
  private pending = { tally: false, roster: false, answers: false };
  /** Set until the first alarm: a batch pending when the object was evicted is sent by the alarm it had set. */
  private woke = true;
  /** Attachments read once per socket and kept, so a message or a broadcast does not deserialise one each time. */
  private sockets = new Map<WebSocket, Live>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Rebuild the room from storage before any message or alarm is handled (after an eviction too).
    ctx.blockConcurrencyWhile(async () => {
      const config = await ctx.storage.get<LiveConfig>('config');
      if (!config) return;
      const state = await ctx.storage.get<RoomState>('room');
      const participants = (await ctx.storage.list<Participant>({ prefix: 'p:' })).values();
      const votes: [string, Vote][] = [];
      if (state?.round) {
        for (const [key, vote] of await ctx.storage.list<Vote>({ prefix: `v:${state.round.index}:` }))
          votes.push([key.split(':')[2]!, vote]);
      }
      // Every question's answers: the points board counts them all (a few per participant per question asked).
      const answers = await ctx.storage.list<Answer>({ prefix: 'q:' });
      this.room = new Room(config, state, participants, votes, answers);
    });
  }

  /** Sets the room up (called once by the Worker when the facilitator creates the session). */
  async init(config: LiveConfig): Promise<void> {
    if (this.room) throw new Error('This live session is already set up.');
    this.room = new Room(config);
    await this.ctx.storage.put({ config, room: this.room.state });
  }

  /** Accepts a WebSocket forwarded by `/api/live/:code/ws`; the Worker has checked who may take which role. */
  override async fetch(request: Request): Promise<Response> {
    const room = this.room;
    if (!room) return new Response('No such live session.', { status: 404 });
    const role = (request.headers.get('X-Live-Role') ?? 'participant') as Role;
    const token = new URL(request.url).searchParams.get('token');
    const returning = token && role === 'participant' ? room.byTokenOf(token) : undefined;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [role]);
    const attachment: Attachment = { role, participantId: returning?.id ?? null };
    server.serializeAttachment(attachment);
    this.sockets.set(server, { ...attachment, windowStart: Date.now(), messages: 0 });
    this.send(server, { type: 'hello', room: room.config.code, role });
    if (returning)
      this.send(server, {
        type: 'welcome',
        participantId: returning.id,
        token: returning.token,
        nickname: returning.nickname,
        team: returning.team,
      });
    this.sendRaw(server, this.viewFor(audienceOf(role, returning)));
    if (returning) this.send(server, room.you(returning.id));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Validates and applies one message; a bad one gets an error and the connection stays (an oversized one closes it). */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const room = this.room!;
    // Measured before anything reads it: a string's length in UTF-16 units is at most its size in UTF-8 bytes.
    const size = typeof message === 'string' ? message.length : message.byteLength;
    if (size > MAX_MESSAGE_BYTES) {
      this.error(ws, 'too_large', `Messages are at most ${MAX_MESSAGE_BYTES} bytes.`);
      return ws.close(1009, 'Message too large.');
    }
    const attachment = this.socket(ws);
    const now = Date.now();
    if (now - attachment.windowStart > RATE_WINDOW_MS)
      Object.assign(attachment, { windowStart: now, messages: 0 });
    attachment.messages++;
    if (attachment.messages > MESSAGES_PER_WINDOW)
      return this.error(ws, 'rate_limited', 'Too many messages; slow down.');
    let data: unknown;
    try {
      data = JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
    } catch {
      return this.error(ws, 'bad_message', 'Messages are JSON objects; see docs/live-protocol.md.');
    }
    if (attachment.role === 'facilitator') {
      const parsed = facilitatorMessageSchema.safeParse(data);
      if (!parsed.success)
        return this.error(ws, 'bad_message', parsed.error.issues.map((i) => i.message).join('; '));
      if (parsed.data.type === 'ping') return this.send(ws, { type: 'pong' });
      const outcome = room.control(parsed.data, now);
      if (!outcome.ok) return this.error(ws, outcome.code, outcome.message);
      return this.apply(outcome.change);
    }
    if (attachment.role === 'projector')
      return this.error(ws, 'forbidden', 'The projector view only listens.');
    const parsed = participantMessageSchema.safeParse(data);
    if (!parsed.success) {
      const forbidden = facilitatorMessageSchema.safeParse(data).success;
      return this.error(
        ws,
        forbidden ? 'forbidden' : 'bad_message',
        forbidden
          ? 'Only the facilitator controls the session.'
          : parsed.error.issues.map((i) => i.message).join('; '),
      );
    }
    const msg = parsed.data;
    if (msg.type === 'ping') return this.send(ws, { type: 'pong' });
    if (msg.type === 'join') {
      if (attachment.participantId) return this.error(ws, 'already_joined', 'You have already joined.');
      const outcome = room.join(msg.nickname, msg.team);
      if (!outcome.ok) return this.error(ws, outcome.code, outcome.message);
      const p = outcome.value;
      await this.apply(outcome.change);
      attachment.participantId = p.id;
      ws.serializeAttachment({ role: attachment.role, participantId: p.id } satisfies Attachment);
      this.send(ws, {
        type: 'welcome',
        participantId: p.id,
        token: p.token,
        nickname: p.nickname,
        team: p.team,
      });
      // The shared state of the joiner's audience (its count may trail by one batch), then their own data.
      this.sendRaw(ws, this.viewFor(audienceOf('participant', p)));
      return this.send(ws, room.you(p.id));
    }
    if (msg.type === 'answer') {
      const answered = room.answer(attachment.participantId, msg.questionId, msg.optionIds, now);
      if (!answered.ok) return this.error(ws, answered.code, answered.message);
      await this.apply(answered.change);
      return this.send(ws, { type: 'answered', ...answered.value });
    }
    const outcome = room.vote(attachment.participantId, msg.choiceId, msg.reason);
    if (!outcome.ok) return this.error(ws, outcome.code, outcome.message);
    await this.apply(outcome.change);
    this.send(ws, {
      type: 'voted',
      roundId: outcome.value.roundId,
      choiceId: outcome.value.choiceId,
      reason: outcome.value.reason ?? null,
    });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets.delete(ws);
    ws.close(code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.sockets.delete(ws);
  }

  /** A socket's data: from memory, or from its attachment the first time after a wake. */
  private socket(ws: WebSocket): Live {
    let live = this.sockets.get(ws);
    if (!live) {
      live = { ...(ws.deserializeAttachment() as Attachment), windowStart: Date.now(), messages: 0 };
      this.sockets.set(ws, live);
    }
    return live;
  }

  /** Closes a vote or question whose time is up, and sends the batched tally, answers and roster; one alarm serves all. */
  override async alarm(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const closed = room.due(Date.now());
    if (closed?.ok) await this.apply(closed.change);
    if (this.woke)
      this.pending = { tally: room.state.round !== null, roster: true, answers: !!room.state.question };
    this.woke = false;
    this.flush();
    await this.scheduleAlarm();
  }

  /** Persists a change, then announces it: state now, tallies and rosters with the next batch. */
  private async apply(change: Change) {
    const storage = this.ctx.storage;
    if (change.clearVotesOf !== null) {
      await storage.delete([...(await storage.list({ prefix: `v:${change.clearVotesOf}:` })).keys()]);
    }
    if (change.delete.length) await storage.delete(change.delete);
    if (Object.keys(change.put).length) await storage.put(change.put);
    const room = this.room!;
    if (change.ended) await this.writeResults();
    for (const id of change.removed) {
      for (const socket of this.socketsOf(id)) socket.close(4001, 'Removed by the facilitator.');
    }
    if (change.broadcast) {
      this.views.clear();
      // The state carries the roster and the count; a batch due for them is covered.
      this.pending.roster = false;
      this.broadcastState();
    }
    for (const id of change.changedFor)
      for (const socket of this.socketsOf(id)) this.send(socket, room.you(id));
    const idle = !this.pending.tally && !this.pending.roster && !this.pending.answers;
    this.pending.tally ||= change.tally;
    this.pending.roster ||= change.roster && !change.broadcast;
    this.pending.answers ||= change.answers;
    // The first change since the last batch sets the alarm; later ones ride along with it.
    if (idle && (this.pending.tally || this.pending.roster || this.pending.answers))
      await this.scheduleAlarm(Date.now() + BATCH_EVERY_MS);
  }

  private socketsOf(participantId: string): WebSocket[] {
    return this.ctx
      .getWebSockets('participant')
      .filter((s) => this.socket(s).participantId === participantId);
  }

  private flush() {
    const room = this.room!;
    if (this.pending.roster) {
      this.pending.roster = false;
      // The cached states carry the old roster and count.
      this.views.clear();
      const roster = JSON.stringify({ type: 'roster', participants: room.roster() } satisfies ServerMessage);
      for (const role of ['facilitator', 'projector'] as const)
        for (const ws of this.ctx.getWebSockets(role)) this.sendRaw(ws, roster);
      const count = JSON.stringify({
        type: 'participants',
        count: room.participantCount,
      } satisfies ServerMessage);
      for (const ws of this.ctx.getWebSockets('participant')) this.sendRaw(ws, count);
    }
    if (this.pending.tally) {
      this.pending.tally = false;
      this.views.clear();
      // The live tally goes to the facilitator and the projector only; participants see it at the reveal.
      const tally = JSON.stringify(room.tallyMessage());
      for (const role of ['facilitator', 'projector'] as const)
        for (const ws of this.ctx.getWebSockets(role)) this.sendRaw(ws, tally);
      const votes = JSON.stringify({ type: 'votes', votes: room.voteCount() } satisfies ServerMessage);
      for (const ws of this.ctx.getWebSockets('participant')) this.sendRaw(ws, votes);
    }
    if (this.pending.answers) {
      this.pending.answers = false;
      this.views.clear();
      // Counts per option to the facilitator (and the projector when it shows bars); how many answered to others.
      for (const role of ROLES) {
        const message = room.answersMessage(role === 'participant' ? 'participants' : role);
        if (!message) continue;
        const serialised = JSON.stringify(message);
        for (const ws of this.ctx.getWebSockets(role)) this.sendRaw(ws, serialised);
      }
    }
  }

  private async scheduleAlarm(at?: number) {
    const candidates = [at, this.room?.deadline()].filter((t): t is number => typeof t === 'number');
    const existing = await this.ctx.storage.getAlarm();
    const next = Math.min(...candidates, existing ?? Infinity);
    if (Number.isFinite(next) && next !== existing) await this.ctx.storage.setAlarm(next);
  }

  /** Writes participants, every round's votes and reasons, the path and the ending to D1. */
  private async writeResults() {
    const room = this.room!;
    const results = room.results(await this.ctx.storage.list<Vote>({ prefix: 'v:' }));
    await this.env.DB.prepare('UPDATE live_sessions SET status = ?, results = ?, ended_at = ? WHERE id = ?')
      .bind('ended', JSON.stringify(results), Date.now(), room.config.sessionId)
      .run();
  }

  private viewFor(audience: Audience): string {
    let serialised = this.views.get(audience);
    if (serialised === undefined) {
      serialised = JSON.stringify(this.room!.view(audience) satisfies ServerMessage);
      this.views.set(audience, serialised);
    }
    return serialised;
  }

  /** The new state to every socket: one serialisation per audience, not per socket. */
  private broadcastState() {
    const room = this.room!;
    for (const role of ROLES) {
      for (const ws of this.ctx.getWebSockets(role)) {
        const { participantId } = this.socket(ws);
        this.sendRaw(
          ws,
          this.viewFor(audienceOf(role, participantId ? room.participants.get(participantId) : undefined)),
        );
      }
    }
  }

  private send(ws: WebSocket, message: ServerMessage) {
    this.sendRaw(ws, JSON.stringify(message));
  }

  private sendRaw(ws: WebSocket, message: string) {
    try {
      ws.send(message);
    } catch {
      // A socket closing mid-broadcast is fine; it reconnects and gets the state then.
    }
  }

  private error(ws: WebSocket, code: LiveErrorCode, message: string) {
    this.send(ws, { type: 'error', code, message });
  }
}
