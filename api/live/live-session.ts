import { DurableObject } from 'cloudflare:workers';
import { choose, debriefView, EVERY_SIDE, historicalNodeIds, historicalRun, replay, score, view, type RunState, type Scenario } from '../engine';
import { facilitatorMessageSchema, participantMessageSchema, type Role } from './protocol';

/** What the room was set up with; written once by `init`. */
export type LiveConfig = {
  sessionId: string;
  code: string;
  scenario: Scenario;
  mode: 'room' | 'teams';
  /** The side the room plays in room mode. */
  side: string | null;
  facilitatorId: string;
  maxParticipants: number;
  seed: string;
};

type Participant = { id: string; token: string; nickname: string; team: string | null };
type Vote = { choiceId: string; reason?: string };
type Round = { index: number; nodeId: string; status: 'open' | 'closed'; closesAt: number | null; remainingMs: number | null };
type Decided = { nodeId: string; choiceId: string; decidedBy: 'majority' | 'facilitator'; tally: Record<string, number> };
type RoomState = { phase: 'lobby' | 'deciding' | 'ended'; paused: boolean; decided: Decided[]; round: Round | null };

/** What a broadcast works out once and shares between the snapshots of all sockets. */
type SnapshotCache = {
  state?: RunState;
  views: Map<string, ReturnType<typeof view>>;
  tally?: Record<string, number>;
  path?: { title: string; side: string | null; choice: string; decidedBy: string; historical: string | null; onHistoricalPath: boolean | null }[];
  debriefs: Map<string, ReturnType<LiveSession['debrief']>>;
};

/** Per socket, kept across hibernation (16 KB at most). */
type Attachment = { role: Role; participantId: string | null; windowStart: number; messages: number };

const MESSAGES_PER_WINDOW = 30;
const RATE_WINDOW_MS = 10_000;
const TALLY_EVERY_MS = 100;
const DEFAULT_VOTE_SECONDS = 60;

/**
 * One live workshop session. State lives in this object's storage and is saved on every change; sockets use the
 * hibernation API, so an idle room costs nothing and a woken one rebuilds itself from storage.
 */
export class LiveSession extends DurableObject<Env> {
  private config: LiveConfig | null = null;
  private room: RoomState = { phase: 'lobby', paused: false, decided: [], round: null };
  private participants = new Map<string, Participant>();
  private votes = new Map<string, Vote>();
  private tallyDirty = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Rebuild the room from storage before any message or alarm is handled (after an eviction too).
    ctx.blockConcurrencyWhile(async () => {
      this.config = (await ctx.storage.get<LiveConfig>('config')) ?? null;
      this.room = (await ctx.storage.get<RoomState>('room')) ?? this.room;
      for (const p of (await ctx.storage.list<Participant>({ prefix: 'p:' })).values()) this.participants.set(p.id, p);
      if (this.room.round) {
        for (const [key, vote] of await ctx.storage.list<Vote>({ prefix: `v:${this.room.round.index}:` })) {
          this.votes.set(key.split(':')[2]!, vote);
        }
      }
    });
  }

  /** Sets the room up (called once by the Worker when the facilitator creates the session). */
  async init(config: LiveConfig): Promise<void> {
    if (this.config) throw new Error('This live session is already set up.');
    this.config = config;
    await this.ctx.storage.put({ config, room: this.room });
  }

  /** Accepts a WebSocket forwarded by `/api/live/:code/ws`; the Worker has checked who may take which role. */
  override async fetch(request: Request): Promise<Response> {
    if (!this.config) return new Response('No such live session.', { status: 404 });
    const role = (request.headers.get('X-Live-Role') ?? 'participant') as Role;
    const token = new URL(request.url).searchParams.get('token');
    const returning = token ? [...this.participants.values()].find((p) => p.token === token) : undefined;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [role]);
    const attachment: Attachment = { role, participantId: returning?.id ?? null, windowStart: Date.now(), messages: 0 };
    server.serializeAttachment(attachment);
    server.send(JSON.stringify({ type: 'hello', room: this.config.code, role }));
    if (returning) server.send(JSON.stringify({ type: 'welcome', participantId: returning.id, token: returning.token, nickname: returning.nickname, team: returning.team }));
    server.send(JSON.stringify(this.snapshot(attachment)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Validates and applies one message; a bad one gets an error and the connection stays. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const attachment = ws.deserializeAttachment() as Attachment;
    const now = Date.now();
    if (now - attachment.windowStart > RATE_WINDOW_MS) Object.assign(attachment, { windowStart: now, messages: 0 });
    attachment.messages++;
    ws.serializeAttachment(attachment);
    if (attachment.messages > MESSAGES_PER_WINDOW) return this.error(ws, 'rate_limited', 'Too many messages; slow down.');
    let data: unknown;
    try {
      data = JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
    } catch {
      return this.error(ws, 'bad_message', 'Messages are JSON objects; see docs/live-protocol.md.');
    }
    if (attachment.role === 'facilitator') {
      const parsed = facilitatorMessageSchema.safeParse(data);
      if (!parsed.success) return this.error(ws, 'bad_message', parsed.error.issues.map((i) => i.message).join('; '));
      return this.control(ws, parsed.data);
    }
    if (attachment.role === 'projector') return this.error(ws, 'forbidden', 'The projector view only listens.');
    const parsed = participantMessageSchema.safeParse(data);
    if (!parsed.success) {
      const forbidden = facilitatorMessageSchema.safeParse(data).success;
      return this.error(ws, forbidden ? 'forbidden' : 'bad_message', forbidden ? 'Only the facilitator controls the session.' : parsed.error.issues.map((i) => i.message).join('; '));
    }
    const msg = parsed.data;
    if (msg.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
    if (msg.type === 'join') return this.join(ws, attachment, msg.nickname, msg.team);
    return this.vote(ws, attachment, msg.choiceId, msg.reason);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    ws.close(code, reason);
  }

  /** Closes a vote whose time is up, and sends the batched tally; one alarm serves both. */
  override async alarm(): Promise<void> {
    const round = this.room.round;
    if (round?.status === 'open' && round.closesAt !== null && round.closesAt <= Date.now()) await this.closeRound();
    if (this.tallyDirty) this.broadcastTally();
    await this.scheduleAlarm();
  }

  // ---- participants ----

  private async join(ws: WebSocket, attachment: Attachment, nickname: string, team: string | undefined) {
    const config = this.config!;
    if (attachment.participantId) return this.error(ws, 'already_joined', 'You have already joined.');
    if (this.room.phase === 'ended') return this.error(ws, 'ended', 'This session has ended.');
    if (this.participants.size >= config.maxParticipants) return this.error(ws, 'full', 'The session is full.');
    if ([...this.participants.values()].some((p) => p.nickname.toLowerCase() === nickname.toLowerCase())) {
      return this.error(ws, 'nickname_taken', 'Someone already uses this nickname; choose another.');
    }
    const participant: Participant = {
      id: crypto.randomUUID(),
      token: crypto.randomUUID(),
      nickname,
      team: config.mode === 'teams' ? this.teamFor(team) : null,
    };
    this.participants.set(participant.id, participant);
    await this.ctx.storage.put(`p:${participant.id}`, participant);
    attachment.participantId = participant.id;
    ws.serializeAttachment(attachment);
    ws.send(JSON.stringify({ type: 'welcome', participantId: participant.id, token: participant.token, nickname, team: participant.team }));
    ws.send(JSON.stringify(this.snapshot(attachment)));
    // The roster goes to the facilitator and the projector; everyone else only needs the count.
    this.broadcastState(['facilitator', 'projector']);
    const count = JSON.stringify({ type: 'participants', count: this.participants.size });
    for (const socket of this.ctx.getWebSockets('participant')) if (socket !== ws) this.send(socket, count);
  }

  /** The requested team if it is a playable side, otherwise the smaller team (automatic balance). */
  private teamFor(requested: string | undefined): string {
    const sides = this.config!.scenario.sides.filter((s) => s.playable).map((s) => s.id);
    if (requested && sides.includes(requested)) return requested;
    const sizes = sides.map((side) => [...this.participants.values()].filter((p) => p.team === side).length);
    return sides[sizes.indexOf(Math.min(...sizes))]!;
  }

  private async vote(ws: WebSocket, attachment: Attachment, choiceId: string, reason: string | undefined) {
    const round = this.room.round;
    const participant = attachment.participantId ? this.participants.get(attachment.participantId) : undefined;
    if (!participant) return this.error(ws, 'not_joined', 'Join with a nickname first.');
    if (!round || round.status !== 'open' || this.room.paused) return this.error(ws, 'voting_closed', 'Voting is not open.');
    const node = this.node(round.nodeId);
    if (this.config!.mode === 'teams' && node.side !== participant.team) return this.error(ws, 'not_your_turn', "The other team decides this one.");
    if (!node.choices?.some((c) => c.id === choiceId)) return this.error(ws, 'unknown_choice', 'That is not one of the choices.');
    const vote: Vote = reason ? { choiceId, reason } : { choiceId };
    this.votes.set(participant.id, vote);
    await this.ctx.storage.put(`v:${round.index}:${participant.id}`, vote);
    ws.send(JSON.stringify({ type: 'voted', choiceId, reason: reason ?? null }));
    // Tallies go out at most every 100 ms, however fast votes arrive: the first vote since the last tally sets the alarm.
    if (!this.tallyDirty) {
      this.tallyDirty = true;
      await this.scheduleAlarm(Date.now() + TALLY_EVERY_MS);
    }
  }

  // ---- the facilitator ----

  private async control(ws: WebSocket, msg: ReturnType<typeof facilitatorMessageSchema.parse>) {
    const room = this.room;
    switch (msg.type) {
      case 'ping':
        return ws.send(JSON.stringify({ type: 'pong' }));
      case 'open': {
        const state = this.state();
        if (room.phase === 'ended' || state.nodeId === null) return this.error(ws, 'ended', 'The scenario has ended.');
        if (room.round?.status === 'open') return this.error(ws, 'already_open', 'Voting is already open.');
        const index = room.decided.length;
        // Votes from an earlier attempt at this step (after a step back) no longer count.
        await this.ctx.storage.delete([...(await this.ctx.storage.list({ prefix: `v:${index}:` })).keys()]);
        this.votes.clear();
        const seconds = msg.seconds ?? this.node(state.nodeId).timeLimit?.seconds ?? DEFAULT_VOTE_SECONDS;
        room.phase = 'deciding';
        room.round = { index, nodeId: state.nodeId, status: 'open', closesAt: Date.now() + seconds * 1000, remainingMs: null };
        break;
      }
      case 'close':
        if (room.round?.status !== 'open') return this.error(ws, 'not_open', 'No vote is open.');
        await this.closeRound();
        return;
      case 'advance': {
        const round = room.round;
        if (!round || round.status !== 'closed') return this.error(ws, 'not_closed', 'Close the vote before advancing.');
        const tally = this.tally();
        const top = Math.max(0, ...Object.values(tally));
        const leaders = Object.keys(tally).filter((id) => tally[id] === top && top > 0);
        const choiceId = msg.choiceId ?? (leaders.length === 1 ? leaders[0] : undefined);
        if (!choiceId) return this.error(ws, 'tie', leaders.length > 1 ? `A tie between ${leaders.join(' and ')}: choose one.` : 'Nobody voted: choose for the room.');
        const next = choose(this.state(), choiceId);
        if (!next.ok) return this.error(ws, 'unknown_choice', next.error.message);
        room.decided.push({ nodeId: round.nodeId, choiceId, decidedBy: msg.choiceId && !(leaders.length === 1 && leaders[0] === msg.choiceId) ? 'facilitator' : 'majority', tally });
        room.round = null;
        room.phase = next.value.nodeId === null ? 'ended' : 'deciding';
        if (room.phase === 'ended') await this.writeResults();
        break;
      }
      case 'pause':
        if (room.round?.status === 'open' && room.round.closesAt !== null) {
          room.round.remainingMs = Math.max(0, room.round.closesAt - Date.now());
          room.round.closesAt = null;
        }
        room.paused = true;
        break;
      case 'resume':
        if (room.round?.status === 'open' && room.round.remainingMs !== null) {
          room.round.closesAt = Date.now() + room.round.remainingMs;
          room.round.remainingMs = null;
        }
        room.paused = false;
        break;
      case 'back':
        if (room.decided.length === 0) return this.error(ws, 'nothing_to_undo', 'There is no decision to take back.');
        room.decided.pop();
        room.round = null;
        room.phase = 'deciding';
        this.votes.clear();
        break;
      case 'end':
        room.phase = 'ended';
        room.round = null;
        await this.writeResults();
        break;
      case 'move': {
        const p = this.participants.get(msg.participantId);
        if (!p || this.config!.mode !== 'teams') return this.error(ws, 'not_found', 'No such participant, or not a team session.');
        p.team = this.teamFor(msg.team);
        await this.ctx.storage.put(`p:${p.id}`, p);
        break;
      }
      case 'remove': {
        const p = this.participants.get(msg.participantId);
        if (!p) return this.error(ws, 'not_found', 'No such participant.');
        this.participants.delete(p.id);
        this.votes.delete(p.id);
        await this.ctx.storage.delete([`p:${p.id}`, ...(room.round ? [`v:${room.round.index}:${p.id}`] : [])]);
        for (const socket of this.ctx.getWebSockets('participant')) {
          if ((socket.deserializeAttachment() as Attachment).participantId === p.id) socket.close(4001, 'Removed by the facilitator.');
        }
        break;
      }
    }
    await this.save();
    await this.scheduleAlarm();
    this.broadcastState();
  }

  private async closeRound() {
    if (!this.room.round) return;
    this.room.round.status = 'closed';
    this.room.round.closesAt = null;
    await this.save();
    this.broadcastState();
  }

  private async save() {
    await this.ctx.storage.put('room', this.room);
  }

  private async scheduleAlarm(at?: number) {
    const round = this.room.round;
    const candidates = [at, round?.status === 'open' && !this.room.paused ? round.closesAt : null].filter((t): t is number => typeof t === 'number');
    const existing = await this.ctx.storage.getAlarm();
    const next = Math.min(...candidates, existing ?? Infinity);
    if (Number.isFinite(next) && next !== existing) await this.ctx.storage.setAlarm(next);
  }

  /** Writes participants, every round's votes and reasons, the path and the ending to D1. */
  private async writeResults() {
    const config = this.config!;
    const votes = await this.ctx.storage.list<Vote>({ prefix: 'v:' });
    const rounds = this.room.decided.map((d, index) => ({
      ...d,
      votes: [...votes]
        .filter(([key]) => key.startsWith(`v:${index}:`))
        .map(([key, vote]) => ({ participantId: key.split(':')[2]!, ...vote })),
    }));
    const results = {
      participants: [...this.participants.values()].map(({ id, nickname, team }) => ({ id, nickname, team })),
      rounds,
      ending: this.state().endingId,
    };
    await this.env.DB.prepare('UPDATE live_sessions SET status = ?, results = ?, ended_at = ? WHERE id = ?')
      .bind('ended', JSON.stringify(results), Date.now(), config.sessionId)
      .run();
  }

  // ---- what each connection sees ----

  private state(): RunState {
    const config = this.config!;
    const result = replay(config.scenario, config.mode === 'room' ? config.side! : EVERY_SIDE, config.seed, this.room.decided.map((d) => d.choiceId));
    if (!result.ok) throw new Error(`live session ${config.code} does not replay: ${result.error.message}`);
    return result.value;
  }

  private node(id: string) {
    return this.config!.scenario.nodes.find((n) => n.id === id)!;
  }

  private tally(): Record<string, number> {
    const round = this.room.round;
    const counts: Record<string, number> = {};
    if (!round) return counts;
    for (const choice of this.node(round.nodeId).choices ?? []) counts[choice.id] = 0;
    for (const vote of this.votes.values()) counts[vote.choiceId] = (counts[vote.choiceId] ?? 0) + 1;
    return counts;
  }

  /** Everything one connection may see now: never others' votes before the reveal, never a choice's effects. */
  private snapshot(attachment: Attachment, cache: SnapshotCache = { views: new Map(), debriefs: new Map() }) {
    const config = this.config!;
    const room = this.room;
    const state = (cache.state ??= this.state());
    const participant = attachment.participantId ? this.participants.get(attachment.participantId) : undefined;
    const seesAll = attachment.role !== 'participant';
    // A team sees its own side's view; the room, the facilitator and the projector see the room's side or the shared one.
    const viewSide = participant?.team ?? config.side ?? config.scenario.sides.find((s) => s.playable)!.id;
    const sideView = cache.views.get(viewSide) ?? view({ ...state, side: viewSide });
    cache.views.set(viewSide, sideView);
    const node = state.nodeId ? this.node(state.nodeId) : null;
    const mayDecide = node && (seesAll || config.mode === 'room' || node.side === participant?.team);
    const round = room.round;
    const revealed = round?.status === 'closed';
    const lastDecided = room.decided.at(-1);
    const lastNode = lastDecided ? this.node(lastDecided.nodeId) : null;
    const lastChoice = lastNode?.choices?.find((c) => c.id === lastDecided!.choiceId);
    const ownSide = lastNode && (config.mode === 'room' || lastNode.side === participant?.team || seesAll);
    return {
      type: 'state',
      code: config.code,
      mode: config.mode,
      scenario: { title: config.scenario.title },
      phase: room.phase,
      paused: room.paused,
      you: participant ? { id: participant.id, nickname: participant.nickname, team: participant.team } : null,
      participants: seesAll
        ? [...this.participants.values()].map(({ id, nickname, team }) => ({ id, nickname, team }))
        : this.participants.size,
      decision:
        node && room.phase !== 'ended'
          ? mayDecide
            ? { nodeId: node.id, side: node.side, title: node.title, body: node.body, choices: (node.choices ?? []).map(({ id, label, detail }) => ({ id, label, detail })) }
            : { nodeId: node.id, side: node.side, title: node.title, body: null, choices: [] }
          : null,
      round: round
        ? {
            status: round.status,
            closesAt: round.closesAt,
            paused: room.paused,
            votes: this.votes.size,
            yourVote: participant ? (this.votes.get(participant.id) ?? null) : null,
            tally: seesAll || revealed ? (cache.tally ??= this.tally()) : null,
          }
        : null,
      lastOutcome: lastChoice
        ? { title: lastNode!.title, choice: lastChoice.label, text: ownSide ? lastChoice.feedback : (lastChoice.seenByOthers ?? lastChoice.label), tally: lastDecided!.tally }
        : null,
      path: (cache.path ??= room.decided.map((d) => {
        const n = this.node(d.nodeId);
        return {
          title: n.title,
          side: n.side,
          choice: n.choices?.find((c) => c.id === d.choiceId)?.label ?? d.choiceId,
          decidedBy: d.decidedBy,
          // Shown beside the room's choice only once the session has ended (the debrief).
          historical: room.phase === 'ended' ? (n.choices?.find((c) => c.historical)?.label ?? null) : null,
          onHistoricalPath: room.phase === 'ended' ? historicalNodeIds(this.config!.scenario).has(n.id) : null,
        };
      })),
      metrics: sideView.metrics,
      ending: room.phase === 'ended' ? this.cachedDebrief(cache, state, viewSide) : null,
    };
  }

  private cachedDebrief(cache: SnapshotCache, state: RunState, side: string) {
    const debrief = cache.debriefs.get(side) ?? this.debrief(state, side);
    cache.debriefs.set(side, debrief);
    return debrief;
  }

  private debrief(state: RunState, side: string) {
    const ending = state.endingId ? this.config!.scenario.endings.find((e) => e.id === state.endingId) : undefined;
    const historical = historicalRun(this.config!.scenario).path.filter((p) => p.kind !== 'event').map((p) => p.choiceId);
    // As in a solo run's alignment, only decisions that really arose count.
    const onPath = historicalNodeIds(this.config!.scenario);
    const counted = this.room.decided.filter((d) => onPath.has(d.nodeId));
    return {
      title: ending?.title ?? 'Session ended before the scenario did',
      text: ending?.text ?? '',
      debrief: ending ? debriefView(state, ending, side) : null,
      matchedHistory: counted.filter((d) => historical.includes(d.choiceId)).length,
      decisions: counted.length,
      score: state.endingId ? score({ ...state, side }).score : null,
      timeline: view({ ...state, side }).timeline.map(({ title, kind, metrics, changes }) => ({ title, kind, metrics, changes })),
    };
  }

  private broadcastState(roles: Role[] = ['facilitator', 'projector', 'participant']) {
    // The replay, the views and the tally are the same for every socket: work them out once per broadcast.
    const cache: SnapshotCache = { views: new Map(), debriefs: new Map() };
    for (const role of roles) {
      for (const ws of this.ctx.getWebSockets(role)) this.send(ws, JSON.stringify(this.snapshot(ws.deserializeAttachment() as Attachment, cache)));
    }
  }

  private send(ws: WebSocket, message: string) {
    try {
      ws.send(message);
    } catch {
      // A socket closing mid-broadcast is fine; it reconnects and gets the state then.
    }
  }

  /** The live tally goes to the facilitator and the projector only; participants see it at the reveal. */
  private broadcastTally() {
    this.tallyDirty = false;
    const message = JSON.stringify({ type: 'tally', nodeId: this.room.round?.nodeId ?? null, counts: this.tally(), votes: this.votes.size });
    for (const role of ['facilitator', 'projector'] as const) for (const ws of this.ctx.getWebSockets(role)) this.send(ws, message);
    const count = JSON.stringify({ type: 'votes', votes: this.votes.size });
    for (const ws of this.ctx.getWebSockets('participant')) this.send(ws, count);
  }

  private error(ws: WebSocket, code: string, message: string) {
    ws.send(JSON.stringify({ type: 'error', code, message }));
  }
}
