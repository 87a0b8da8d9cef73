import { DurableObject } from 'cloudflare:workers';
import { endLiveSession } from '../db/queries/live';
import { createDb } from '../db';
import type { LiveErrorCode, OwnAnswer, Role, RosterEntry, ServerMessage } from './protocol';
import { Room } from './room';
import { answersMessage, tallyMessage, youMessage } from './room-view';
import {
  shardName,
  type Counts,
  type ShardParticipant,
  type ShardSnapshot,
  type ShardTally,
} from './sharding';
import { send, sendError, sendRaw, Sockets, type Incoming } from './sockets';
import {
  audienceOf,
  refuse,
  roundId,
  type Audience,
  type Change,
  type LiveConfig,
  type Outcome,
  type Participant,
  type RoomState,
  type Vote,
} from './state';
import type { Answer } from './questions';
import { deleteKeys, putEntries } from './storage';

export type { LiveConfig } from './state';

/** Tallies, vote counts and roster changes go out at most this often, however fast votes and joins arrive. */
const BATCH_EVERY_MS = 100;
/**
 * Participants' counts (how many joined, how many voted) go out at most this often: a number on a phone needs no ten
 * updates a second, and in a room of thousands those updates were most of a vote's messages.
 */
const COUNTS_EVERY_MS = 1000;
const ROLES: Role[] = ['facilitator', 'projector', 'participant'];

/**
 * One live workshop session: a thin shell around `Room` (the rules, in room.ts). It holds the sockets (hibernation
 * API, tagged by role), saves every change the room reports before announcing it, batches tallies and roster
 * changes with its alarm, and rebuilds the room from storage after an eviction or a restart. In a sharded session
 * (sharding.ts) participants connect to fan-out objects (`LiveShard`) instead: this object sends them there, admits
 * their joins, pushes each state to the shards, merges their partial tallies and collects their votes at the close.
 */
export class LiveSession extends DurableObject<Env> {
  private room: Room | null = null;
  /** One serialised state per audience, shared by all its sockets until the room changes. */
  private views = new Map<Audience, string>();
  private pending = { tally: false, roster: false, answers: false };
  /**
   * Who joined, moved or left since the last roster or state: the console gets these changes rather than the whole
   * roster (600 KB at 9,000) every 100 ms while people join. After a wake the next roster is whole.
   */
  private readonly rosterChanged = new Set<string>();
  private rosterWhole = true;
  /** Set until the first alarm: a batch pending when the object was evicted is sent by the alarm it had set. */
  private woke = true;
  private readonly sockets: Sockets;
  /** While a sharded round's votes are collected: shards take no votes, and a second close is refused. */
  private closing = false;
  /** New participant connections go to the shards in turn. */
  private nextShard = 0;
  /** The latest `participants` and `votes` messages, for shards to give sockets that connect between states. */
  private counts: Counts = {};
  private countsDue = false;
  private countsSentAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sockets = new Sockets(ctx);
    // Rebuild the room from storage before any message or alarm is handled (after an eviction too).
    // Not awaited: the runtime holds every event until it settles (a constructor cannot await).
    void ctx.blockConcurrencyWhile(async () => {
      const config = await ctx.storage.get<LiveConfig>('config');
      if (!config) return;
      const state = await ctx.storage.get<RoomState>('room');
      const participants = (await ctx.storage.list<Participant>({ prefix: 'p:' })).values();
      const votes: [string, Vote][] = [];
      if (state?.round) {
        for (const [key, vote] of await ctx.storage.list<Vote>({ prefix: `v:${state.round.index}:` }))
          votes.push([key.split(':')[2]!, vote]);
      }
      const partials: [number, ShardTally][] = [];
      for (const [key, tally] of await ctx.storage.list<ShardTally>({ prefix: 't:' }))
        partials.push([Number(key.slice(2)), tally]);
      // Every question's answers: the points board counts them all (a few per participant per question asked).
      const answers = await ctx.storage.list<Answer>({ prefix: 'q:' });
      this.room = new Room(config, state, participants, votes, partials, answers);
    });
  }

  /** Sets the room up (called once by the Worker when the facilitator creates the session). */
  async init(config: LiveConfig): Promise<void> {
    if (this.room) throw new Error('This live session is already set up.');
    this.room = new Room(config);
    await this.ctx.storage.put({ config, room: this.room.state });
  }

  /**
   * Accepts a WebSocket forwarded by `/api/live/:code/ws`; the Worker has checked who may take which role. In a
   * sharded session a participant is sent on (307 with `X-Live-Shard`): to their shard, or a new one's in turn.
   */
  override fetch(request: Request): Response {
    const room = this.room;
    if (!room) return new Response('No such live session.', { status: 404 });
    const role = (request.headers.get('X-Live-Role') ?? 'participant') as Role;
    const token = new URL(request.url).searchParams.get('token');
    const device = request.headers.get('X-Live-Device') ?? undefined;
    // A device the facilitator barred comes back neither with its token nor as someone new (the Worker answers 403).
    if (role === 'participant' && room.barred(device)) return new Response('Barred.', { status: 403 });
    const returning = token && role === 'participant' ? room.byTokenOf(token) : undefined;
    if (role === 'participant' && room.shards) {
      const shard = returning?.shard ?? this.nextShard++ % room.shards;
      return new Response(null, {
        status: 307,
        headers: { 'X-Live-Shard': shardName(room.config.code, shard) },
      });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.sockets.accept(server, {
      role,
      participantId: returning?.id ?? null,
      ...(device && role === 'participant' ? { device } : {}),
    });
    send(server, { type: 'hello', room: room.config.code, role });
    if (returning)
      send(server, {
        type: 'welcome',
        participantId: returning.id,
        token: returning.token,
        nickname: returning.nickname,
        team: returning.team,
      });
    sendRaw(server, this.viewFor(audienceOf(role, returning)));
    if (returning) send(server, youMessage(room, returning.id));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Validates and applies one message; a bad one gets an error and the connection stays (an oversized one closes it). */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const incoming = this.sockets.read(ws, message);
    if (!incoming) return;
    if (incoming.role === 'facilitator') {
      const outcome = await this.control(incoming.msg);
      if (!outcome.ok) sendError(ws, outcome.code, outcome.message);
      return;
    }
    await this.participant(ws, incoming.msg);
  }

  private async participant(ws: WebSocket, msg: Extract<Incoming, { role: 'participant' }>['msg']) {
    const room = this.room!;
    const attachment = this.sockets.of(ws);
    if (msg.type === 'join') {
      if (attachment.participantId) return sendError(ws, 'already_joined', 'You have already joined.');
      const outcome = room.join(msg.nickname, msg.team, undefined, attachment.device);
      if (!outcome.ok) return sendError(ws, outcome.code, outcome.message);
      const p = outcome.value;
      await this.apply(outcome.change);
      this.sockets.joined(ws, p.id);
      send(ws, { type: 'welcome', participantId: p.id, token: p.token, nickname: p.nickname, team: p.team });
      // The shared state of the joiner's audience (its count may trail by one batch), then their own data.
      sendRaw(ws, this.viewFor(audienceOf('participant', p)));
      return send(ws, youMessage(room, p.id));
    }
    if (msg.type === 'answer') {
      const answered = await this.answer(attachment.participantId, msg.questionId, msg.optionIds);
      if (!answered.ok) return sendError(ws, answered.code, answered.message);
      return send(ws, { type: 'answered', ...answered.value });
    }
    const outcome = room.vote(attachment.participantId, msg.choiceId, msg.reason, Date.now());
    if (!outcome.ok) return sendError(ws, outcome.code, outcome.message);
    await this.apply(outcome.change);
    send(ws, {
      type: 'voted',
      roundId: outcome.value.roundId,
      choiceId: outcome.value.choiceId,
      reason: outcome.value.reason ?? null,
    });
  }

  /** A facilitator action; in a sharded session a close first collects the votes from every shard. */
  private async control(msg: Extract<Incoming, { role: 'facilitator' }>['msg']): Promise<Outcome> {
    const room = this.room!;
    const outcome =
      msg.type === 'close' && room.shards && room.state.round?.status === 'open'
        ? await this.closeSharded()
        : room.control(msg, Date.now());
    if (outcome.ok) await this.apply(outcome.change);
    return outcome;
  }

  /** Asks every shard for its votes (each stops taking votes as it answers), then closes with them. */
  private async closeSharded(): Promise<Outcome> {
    const room = this.room!;
    const round = room.state.round!;
    if (this.closing) return refuse('not_open', 'The vote is already closing.');
    this.closing = true;
    try {
      const id = roundId(round);
      const collected = await Promise.all(
        this.shardIndexes().map((i) => this.shard(i).collect(this.shardName(i), id)),
      );
      // Another action (a step back) may have replaced the round meanwhile; those votes are then void.
      if (room.state.round?.id !== round.id) return refuse('not_open', 'No vote is open.');
      // RPC's typing loses the tuple; each entry is [participant, vote].
      return room.closeWith(collected.flat() as [string, Vote][]);
    } finally {
      this.closing = false;
    }
  }

  /** A shard admits a participant who sent `join` through it (RPC from `LiveShard`). */
  async admit(
    shard: number,
    nickname: string,
    team: string | undefined,
    device?: string,
  ): Promise<
    { ok: true; participant: ShardParticipant } | { ok: false; code: LiveErrorCode; message: string }
  > {
    const room = this.room;
    if (!room) return { ok: false, code: 'ended', message: 'No such live session.' };
    const outcome = room.join(nickname, team, shard, device);
    if (!outcome.ok) return outcome;
    await this.apply(outcome.change);
    const { id, token, team: joined } = outcome.value;
    return { ok: true, participant: { id, token, nickname: outcome.value.nickname, team: joined } };
  }

  /**
   * Records an answer to the question on screen: from this object's own sockets, or by RPC from a shard whose
   * participant answered (answers are stored here, `q:<question>:<participant>`, like an unsharded room's votes).
   */
  async answer(
    participantId: string | null,
    questionId: string,
    optionIds: string[],
  ): Promise<{ ok: true; value: OwnAnswer } | { ok: false; code: LiveErrorCode; message: string }> {
    const room = this.room;
    if (!room) return { ok: false, code: 'ended', message: 'No such live session.' };
    const outcome = room.answer(participantId, questionId, optionIds, Date.now());
    if (!outcome.ok) return outcome;
    await this.apply(outcome.change);
    return { ok: true, value: outcome.value };
  }

  /**
   * A participant's answer to the question on screen (RPC from a shard they reconnect through: answers are kept
   * here, so the shard asks, and their `you` shows the answer rather than the question open again).
   */
  ownAnswer(participantId: string): OwnAnswer | null {
    return this.room?.questions.own(this.room.state, participantId) ?? null;
  }

  /** A shard's partial tally of the open round (RPC from `LiveShard`, at most every 100 ms per shard). */
  async partial(shard: number, tally: ShardTally): Promise<void> {
    const change = this.room?.acceptPartial(shard, tally);
    if (change) await this.apply(change);
  }

  /** What a shard needs after it wakes: the round, the participants' states and the latest counts. */
  snapshot(): ShardSnapshot | null {
    return this.room ? this.shardSnapshot() : null;
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    this.sockets.forget(ws);
    ws.close(code, reason);
  }

  override webSocketError(ws: WebSocket): void {
    this.sockets.forget(ws);
  }

  /** Closes a vote or question whose time is up, and sends the batched tally, answers and roster; one alarm serves all. */
  override async alarm(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const deadline = room.deadline();
    if (deadline !== null && deadline <= Date.now()) {
      // A vote and a question are never open together: an open round is the one due.
      const closed =
        room.shards && room.state.round?.status === 'open' ? await this.closeSharded() : room.due(Date.now());
      if (closed?.ok) await this.apply(closed.change);
    }
    if (this.woke)
      this.pending = { tally: room.state.round !== null, roster: true, answers: !!room.state.question };
    this.woke = false;
    await this.flush();
    await this.scheduleAlarm(this.countsDue ? this.countsSentAt + COUNTS_EVERY_MS : undefined);
  }

  /** Persists a change, then announces it: state now, tallies and rosters with the next batch. */
  private async apply(change: Change) {
    const storage = this.ctx.storage;
    if (change.clearVotesOf !== null)
      deleteKeys(storage, [...(await storage.list({ prefix: `v:${change.clearVotesOf}:` })).keys()]);
    // Not awaited (storage.ts): the output gate holds what is sent below until these writes are durable.
    deleteKeys(storage, change.delete);
    putEntries(storage, change.put);
    const room = this.room!;
    for (const key of Object.keys(change.put)) if (key.startsWith('p:')) this.rosterChanged.add(key.slice(2));
    if (change.ended) await this.writeResults();
    for (const id of change.removed) {
      for (const socket of this.sockets.ofParticipant(id)) socket.close(4001, 'Removed by the facilitator.');
    }
    const toShards: Promise<unknown>[] = [];
    if (change.broadcast) {
      this.views.clear();
      // The state carries the roster and the count; a batch due for them is covered.
      this.pending.roster = false;
      this.rosterChanged.clear();
      this.broadcastState();
      if (room.shards) toShards.push(this.pushToShards({ snapshot: this.shardSnapshot() }));
    }
    for (const id of change.changedFor)
      for (const socket of this.sockets.ofParticipant(id)) send(socket, youMessage(room, id));
    // A shard drops the vote of someone moved or removed during a vote, closes their sockets or sends their `you`.
    for (const id of room.shards ? [...change.removed, ...change.changedFor] : []) {
      const p = room.participants.get(id);
      if (p?.shard === undefined) continue;
      const { token, nickname, team, removed } = p;
      toShards.push(
        this.shard(p.shard).update(this.shardName(p.shard), {
          id,
          token,
          nickname,
          team,
          ...(removed ? { removed } : {}),
        }),
      );
    }
    await Promise.all(toShards);
    const idle = !this.pending.tally && !this.pending.roster && !this.pending.answers;
    this.pending.tally ||= change.tally;
    this.pending.roster ||= change.roster && !change.broadcast;
    this.pending.answers ||= change.answers;
    // The first change since the last batch sets the alarm; later ones ride along with it. A change of the room's
    // state (a vote or question opening, a resume) sets the closing alarm at once, whatever batch is pending.
    const batch = idle && (this.pending.tally || this.pending.roster || this.pending.answers);
    if (batch || change.broadcast) await this.scheduleAlarm(batch ? Date.now() + BATCH_EVERY_MS : undefined);
  }

  private async flush() {
    const room = this.room!;
    const counts: Counts = {};
    if (this.pending.roster) {
      this.pending.roster = false;
      // The cached states carry the old roster and count.
      this.views.clear();
      const roster = JSON.stringify(this.rosterMessage() satisfies ServerMessage);
      for (const role of ['facilitator', 'projector'] as const)
        for (const ws of this.sockets.withRole(role)) sendRaw(ws, roster);
      counts.participants = JSON.stringify({
        type: 'participants',
        count: room.participantCount,
      } satisfies ServerMessage);
    }
    if (this.pending.tally) {
      this.pending.tally = false;
      this.views.clear();
      // The live tally goes only where it is shown: the console, and the projector while it shows the bars (else
      // its vote count). Participants see the tally at the reveal.
      const tally = JSON.stringify(tallyMessage(room));
      counts.votes = JSON.stringify({ type: 'votes', votes: room.voteCount() } satisfies ServerMessage);
      for (const ws of this.sockets.withRole('facilitator')) sendRaw(ws, tally);
      const onProjector = room.projector.tally ? tally : counts.votes;
      for (const ws of this.sockets.withRole('projector')) sendRaw(ws, onProjector);
    }
    if (this.pending.answers) {
      this.pending.answers = false;
      this.views.clear();
      // Counts per option to the facilitator (and the projector when it shows bars); how many answered to others.
      for (const role of ['facilitator', 'projector'] as const) {
        const message = answersMessage(room, role);
        if (message) for (const ws of this.sockets.withRole(role)) sendRaw(ws, JSON.stringify(message));
      }
      const answers = answersMessage(room, 'participants');
      if (answers) counts.answers = JSON.stringify(answers);
    }
    this.counts = { ...this.counts, ...counts };
    this.countsDue ||= !!(counts.participants || counts.votes || counts.answers);
    const now = Date.now();
    if (!this.countsDue || now - this.countsSentAt < COUNTS_EVERY_MS) return;
    this.countsDue = false;
    this.countsSentAt = now;
    for (const count of Object.values(this.counts))
      for (const ws of this.sockets.withRole('participant')) sendRaw(ws, count);
    if (room.shards) await this.pushToShards({ counts: this.counts });
  }

  /** The roster's changes since the last one (or the whole roster after a wake), with the count. */
  private rosterMessage(): Extract<ServerMessage, { type: 'roster' }> {
    const room = this.room!;
    const whole = this.rosterWhole;
    this.rosterWhole = false;
    const changed = whole ? [] : [...this.rosterChanged];
    this.rosterChanged.clear();
    if (whole)
      return {
        type: 'roster',
        whole: true,
        participants: room.roster(),
        removed: [],
        count: room.participantCount,
      };
    const participants: RosterEntry[] = [];
    const removed: string[] = [];
    for (const id of changed) {
      const p = room.participants.get(id);
      if (!p || p.removed) removed.push(id);
      else participants.push({ id, nickname: p.nickname, team: p.team });
    }
    return { type: 'roster', whole: false, participants, removed, count: room.participantCount };
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
    await endLiveSession(createDb(this.env.DB), room.config.sessionId, results, Date.now());
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
      for (const ws of this.sockets.withRole(role)) {
        const { participantId } = this.sockets.of(ws);
        sendRaw(
          ws,
          this.viewFor(audienceOf(role, participantId ? room.participants.get(participantId) : undefined)),
        );
      }
    }
  }

  private shardSnapshot(): ShardSnapshot {
    const room = this.room!;
    const audiences: Audience[] =
      room.config.mode === 'teams'
        ? [...room.sides.map((side) => `team:${side}` as const), 'participants']
        : ['participants'];
    return {
      code: room.config.code,
      mode: room.config.mode,
      ended: room.state.phase === 'ended',
      round: room.shardRound(this.closing),
      views: Object.fromEntries(audiences.map((audience) => [audience, this.viewFor(audience)])),
      counts: this.counts,
    };
  }

  private shardIndexes(): number[] {
    return Array.from({ length: this.room!.shards }, (_, i) => i);
  }

  private shardName(shard: number): string {
    return shardName(this.room!.config.code, shard);
  }

  private shard(shard: number) {
    return this.env.LIVE_SHARD.getByName(this.shardName(shard));
  }

  /** The same update to every shard, in parallel; each forwards it to its sockets. */
  private async pushToShards(update: { snapshot?: ShardSnapshot; counts?: Counts }) {
    await Promise.all(this.shardIndexes().map((i) => this.shard(i).push(this.shardName(i), update)));
  }
}
