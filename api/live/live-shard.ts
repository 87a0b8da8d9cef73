import { DurableObject } from 'cloudflare:workers';
import { ShardRoom } from './shard';
import { parseShardName, type Counts, type ShardParticipant, type ShardSnapshot } from './sharding';
import { send, sendError, sendRaw, Sockets } from './sockets';
import { audienceOf, type Vote } from './state';
import { deleteKeys } from './storage';

/** A shard's partial tally goes to the room at most this often, however fast votes arrive. */
const BATCH_EVERY_MS = 100;

/**
 * A fan-out object of a sharded live session (`<code>/shard-<n>`, docs/live-protocol.md): a thin shell around
 * `ShardRoom` (shard.ts). It holds its participants' sockets and votes: the room's object admits joins, pushes each
 * state here by RPC (forwarded to the sockets as the same strings), gets this shard's partial tally at most every
 * 100 ms, and collects its votes when it closes the round. Votes are stored before `voted` goes out, so an eviction
 * loses none.
 */
export class LiveShard extends DurableObject<Env> {
  private shard: ShardRoom | null = null;
  private where: { code: string; shard: number } | null = null;
  private loading: Promise<ShardRoom> | null = null;
  private readonly sockets: Sockets;
  private tallyDue = false;
  private readonly joining = new Set<WebSocket>();
  /** Set until the first alarm: a partial tally pending at an eviction is sent by the alarm it had set. */
  private woke = true;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sockets = new Sockets(ctx);
  }

  /** Accepts a participant's WebSocket that the room sent here (`X-Live-Shard` names this object). */
  override async fetch(request: Request): Promise<Response> {
    const shard = await this.ready(request.headers.get('X-Live-Shard') ?? undefined);
    const token = new URL(request.url).searchParams.get('token');
    const returning = token ? shard.byToken(token) : undefined;
    const { 0: client, 1: server } = new WebSocketPair();
    const device = request.headers.get('X-Live-Device') ?? undefined;
    this.sockets.accept(server, {
      role: 'participant',
      participantId: returning?.id ?? null,
      ...(device ? { device } : {}),
    });
    send(server, { type: 'hello', room: shard.snapshot.code, role: 'participant' });
    if (returning)
      send(server, {
        type: 'welcome',
        participantId: returning.id,
        token: returning.token,
        nickname: returning.nickname,
        team: returning.team,
      });
    sendRaw(server, this.viewFor(shard, returning?.id ?? null));
    for (const count of Object.values(shard.snapshot.counts)) sendRaw(server, count);
    // Answers are kept by the room's object: a returning participant's comes from there (one RPC per reconnect).
    if (returning) send(server, shard.you(returning.id, await this.room().ownAnswer(returning.id)));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const incoming = this.sockets.read(ws, message);
    if (!incoming || incoming.role !== 'participant') return;
    const shard = await this.ready();
    const msg = incoming.msg;
    const participantId = this.sockets.of(ws).participantId;
    if (msg.type === 'join') {
      // A second `join` while the room is still answering the first would make a second participant.
      if (participantId || this.joining.has(ws))
        return sendError(ws, 'already_joined', 'You have already joined.');
      this.joining.add(ws);
      const admitted = await this.room()
        .admit(this.where!.shard, msg.nickname, msg.team, this.sockets.of(ws).device)
        .finally(() => this.joining.delete(ws));
      if (!admitted.ok) return sendError(ws, admitted.code, admitted.message);
      const p = admitted.participant;
      // Not awaited: the output gate holds the `welcome` until it is stored (storage.ts).
      void this.ctx.storage.put(`p:${p.id}`, p);
      shard.add(p);
      this.sockets.joined(ws, p.id);
      send(ws, { type: 'welcome', participantId: p.id, token: p.token, nickname: p.nickname, team: p.team });
      sendRaw(ws, this.viewFor(shard, p.id));
      return send(ws, shard.you(p.id));
    }
    if (msg.type === 'answer') {
      // Answers go to the room's object, which stores and counts them (one RPC per answer).
      const answered = await this.room().answer(participantId, msg.questionId, msg.optionIds);
      if (!answered.ok) return sendError(ws, answered.code, answered.message);
      return send(ws, { type: 'answered', ...answered.value });
    }
    const outcome = shard.vote(participantId, msg.choiceId, msg.reason, Date.now());
    if (!outcome.ok) return sendError(ws, outcome.code, outcome.message);
    // Not awaited: votes arriving together are committed together, and the output gate holds `voted` (and the
    // partial tally) until this one is durable (storage.ts).
    void this.ctx.storage.put(outcome.key, outcome.vote);
    send(ws, {
      type: 'voted',
      roundId: outcome.value.roundId,
      choiceId: outcome.value.choiceId,
      reason: outcome.value.reason ?? null,
    });
    await this.tallyLater();
  }

  /** The room's update (RPC): a new state for every socket, and/or count messages; a new round drops the old votes. */
  async push(name: string, update: { snapshot?: ShardSnapshot; counts?: Counts }): Promise<void> {
    const shard = await this.ready(name, update.snapshot);
    let dropRound: string | null = null;
    if (update.snapshot) {
      dropRound = shard.receive(update.snapshot).dropRound;
      for (const ws of this.sockets.withRole('participant'))
        sendRaw(ws, this.viewFor(shard, this.sockets.of(ws).participantId));
    }
    for (const message of Object.values(update.counts ?? {}))
      for (const ws of this.sockets.withRole('participant')) sendRaw(ws, message);
    if (update.counts) shard.snapshot.counts = { ...shard.snapshot.counts, ...update.counts };
    if (dropRound) {
      const keys = [...(await this.ctx.storage.list({ prefix: `v:${dropRound}:` })).keys()];
      deleteKeys(this.ctx.storage, keys);
    }
  }

  /** The room closes round `roundId` (RPC): this shard stops taking votes and returns every vote it holds. */
  async collect(name: string, roundId: string): Promise<[string, Vote][]> {
    return (await this.ready(name)).close(roundId);
  }

  /** The room moved or removed a participant of this shard (RPC). */
  async update(name: string, participant: ShardParticipant): Promise<void> {
    const shard = await this.ready(name);
    const { dropped } = shard.update(participant);
    await this.ctx.storage.put(`p:${participant.id}`, participant);
    if (dropped) {
      await this.ctx.storage.delete(dropped);
      await this.tallyLater();
    }
    for (const ws of this.sockets.ofParticipant(participant.id)) {
      if (participant.removed) ws.close(4001, 'Removed by the facilitator.');
      else send(ws, shard.you(participant.id));
    }
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    this.sockets.forget(ws);
    ws.close(code, reason);
  }

  override webSocketError(ws: WebSocket): void {
    this.sockets.forget(ws);
  }

  /** Sends this shard's partial tally to the room. */
  override async alarm(): Promise<void> {
    const shard = await this.ready();
    if (this.woke) this.tallyDue = true;
    this.woke = false;
    if (!this.tallyDue) return;
    this.tallyDue = false;
    const tally = shard.tally();
    if (tally) await this.room().partial(this.where!.shard, tally);
  }

  private async tallyLater() {
    if (this.tallyDue) return;
    this.tallyDue = true;
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + BATCH_EVERY_MS);
  }

  /**
   * The shard, loaded once per wake: its name (stored the first time), its participants, the room's snapshot (as
   * pushed, or asked of the room) and the votes of the snapshot's round.
   */
  private ready(name?: string, snapshot?: ShardSnapshot): Promise<ShardRoom> {
    if (this.shard) return Promise.resolve(this.shard);
    this.loading ??= this.load(name, snapshot).finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(name: string | undefined, pushed: ShardSnapshot | undefined): Promise<ShardRoom> {
    const storage = this.ctx.storage;
    const stored = await storage.get<string>('name');
    const where = parseShardName(stored ?? name ?? '');
    if (!where) throw new Error('This fan-out object has no live session.');
    if (!stored) await storage.put('name', name);
    this.where = where;
    const snapshot = pushed ?? (await this.room().snapshot());
    if (!snapshot) throw new Error(`Live session ${where.code} does not exist.`);
    const participants = (await storage.list<ShardParticipant>({ prefix: 'p:' })).values();
    const votes: [string, Vote][] = [];
    if (snapshot.round)
      for (const [key, vote] of await storage.list<Vote>({ prefix: `v:${snapshot.round.id}:` }))
        votes.push([key.split(':')[2]!, vote]);
    return (this.shard = new ShardRoom(snapshot, participants, votes));
  }

  private room() {
    return this.env.LIVE_SESSION.getByName(this.where!.code);
  }

  /** The state of a socket's audience, as the room serialised it. */
  private viewFor(shard: ShardRoom, participantId: string | null): string {
    const p = participantId ? shard.participants.get(participantId) : undefined;
    const views = shard.snapshot.views;
    return views[audienceOf('participant', p)] ?? views.participants!;
  }
}
