import { choose, EVERY_SIDE, replay, type PathStep, type RunState, type ScenarioNode } from '../engine';
import { countVotes, leadersOf, voteRefusal } from './ballot';
import type { FacilitatorMessage, OwnAnswer, OwnVote, RosterEntry, RoomView } from './protocol';
import { Questions, type Answer } from './questions';
import { liveResults, type LiveResults } from './results';
import { mergeTallies, type ShardRound, type ShardTally } from './sharding';
import { Roster } from './roster';
import { roomView } from './room-view';
import {
  change,
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

export type {
  Audience,
  Change,
  Decided,
  LiveConfig,
  Outcome,
  Participant,
  Round,
  RoomState,
  Vote,
} from './state';
export type { LiveResults } from './results';
export type { Answer } from './questions';
export { audienceOf } from './state';
export { leadersOf } from './ballot';

const DEFAULT_VOTE_SECONDS = 60;

/**
 * A live room's rules, with no sockets, storage or clocks of its own (the time comes in as `now`): joining, voting,
 * and the facilitator's open, close, advance, back and end. The Durable Object keeps one, persists each `Change` it
 * returns and sends what it says; the unit tests drive it directly in Node. The parts live beside it: the roster
 * and its indexes (roster.ts), counting and the vote rule (ballot.ts), what each audience sees (room-view.ts) and
 * the results (results.ts).
 */
export class Room {
  readonly people: Roster;
  /** This round's votes, by participant. */
  readonly votes = new Map<string, Vote>();
  /** In a sharded session, each shard's partial tally of the open round (its votes stay in the shard until the close). */
  readonly partials = new Map<number, ShardTally>();
  /** Knowledge-check questions put to the room, and their answers (questions.ts). */
  readonly questions: Questions;
  private replayed: RunState | null = null;

  constructor(
    readonly config: LiveConfig,
    public state: RoomState = { phase: 'lobby', paused: false, decided: [], round: null },
    participants: Iterable<Participant> = [],
    votes: Iterable<[string, Vote]> = [],
    partials: Iterable<[number, ShardTally]> = [],
    /** Stored answers, `q:<question>:<participant>` → answer. */
    answers: Iterable<[string, Answer]> = [],
  ) {
    this.people = new Roster(participants);
    for (const [id, vote] of votes) this.votes.set(id, vote);
    for (const [shard, tally] of partials) this.partials.set(shard, tally);
    this.questions = new Questions(config.scenario, answers);
  }

  /** How many fan-out objects hold the participants (0: this room's object holds them all). */
  get shards(): number {
    return this.config.shards ?? 0;
  }

  /** The storage keys of the shards' partial tallies, deleted whenever a round opens, closes or goes. */
  private partialKeys(): string[] {
    this.partials.clear();
    return Array.from({ length: this.shards }, (_, i) => `t:${i}`);
  }

  /** Everyone who joined, removed ones included, by id. */
  get participants(): ReadonlyMap<string, Participant> {
    return this.people.all;
  }

  get participantCount(): number {
    return this.people.count;
  }

  byTokenOf(token: string): Participant | undefined {
    return this.people.byToken(token);
  }

  /** The playable sides' ids: the teams in team mode. */
  get sides(): string[] {
    return this.config.scenario.sides.filter((s) => s.playable).map((s) => s.id);
  }

  /** Whether the facilitator barred this device for the session (by removing someone who joined from it). */
  barred(device: string | undefined): boolean {
    return !!device && !!this.state.barred?.includes(device);
  }

  /**
   * Adds a participant (the nickname already normalised by the protocol schema), through `shard` if sharded, from
   * `device` (refused if barred).
   */
  join(nickname: string, team: string | undefined, shard?: number, device?: string): Outcome<Participant> {
    if (this.state.phase === 'ended') return refuse('ended', 'This session has ended.');
    if (this.barred(device)) return refuse('barred', 'The facilitator removed you from this session.');
    if (this.people.count >= this.config.maxParticipants) return refuse('full', 'The session is full.');
    if (this.people.taken(nickname)) {
      return refuse(
        'nickname_taken',
        'Someone already uses this nickname, or one that looks the same; choose another.',
      );
    }
    const participant: Participant = {
      id: crypto.randomUUID(),
      token: crypto.randomUUID(),
      nickname,
      team: this.config.mode === 'teams' ? this.people.teamFor(this.sides, team) : null,
      ...(shard !== undefined ? { shard } : {}),
      ...(device ? { device } : {}),
    };
    this.people.add(participant);
    return {
      ok: true,
      value: participant,
      change: change({ put: { [`p:${participant.id}`]: participant }, roster: true }),
    };
  }

  /** Records (or replaces) a participant's vote in the open round, if it arrives (`now`) before the deadline. */
  vote(
    participantId: string | null,
    choiceId: string,
    reason: string | undefined,
    now: number,
  ): Outcome<OwnVote> {
    const round = this.state.round;
    const participant = this.people.get(participantId);
    const refused = voteRefusal(
      this.config.mode,
      round?.status === 'open' && !this.state.paused,
      round ? this.node(round.nodeId) : undefined,
      participant,
      choiceId,
      round?.closesAt ?? null,
      now,
    );
    if (refused) return refused;
    const vote: Vote = reason ? { choiceId, reason } : { choiceId };
    this.votes.set(participant!.id, vote);
    return {
      ok: true,
      value: { roundId: roundId(round!), ...vote },
      change: change({ put: { [`v:${round!.index}:${participant!.id}`]: vote }, tally: true }),
    };
  }

  /** Records a participant's answer to the question on screen (questions.ts). */
  answer(
    participantId: string | null,
    questionId: string,
    optionIds: readonly string[],
    now: number,
  ): Outcome<OwnAnswer> {
    return this.questions.answer(this.state, this.people.get(participantId), questionId, optionIds, now);
  }

  /** Whether the points board shows. */
  get pointsOn(): boolean {
    return this.questions.pointsOn(this.state, this.config.points);
  }

  /** Applies one facilitator message at time `now`. */
  control(msg: Exclude<FacilitatorMessage, { type: 'ping' }>, now: number): Outcome {
    const room = this.state;
    const done = (partial: Partial<Change> = {}): Outcome => {
      this.replayed = null;
      return {
        ok: true,
        value: null,
        change: change({ broadcast: true, ...partial, put: { room, ...partial.put } }),
      };
    };
    switch (msg.type) {
      case 'open': {
        const state = this.runState();
        if (room.phase === 'ended' || state.nodeId === null)
          return refuse('ended', 'The scenario has ended.');
        if (room.round?.status === 'open') return refuse('already_open', 'Voting is already open.');
        if (room.question?.status === 'open')
          return refuse('question_open', 'Reveal the question on screen before opening the vote.');
        // Opening the vote moves past any event still on screen.
        room.narrated = this.narration().length;
        // The decision takes the screen: a question answered and revealed before it leaves.
        room.question = null;
        const index = room.decided.length;
        // Votes from an earlier attempt at this step (after a step back) no longer count.
        this.votes.clear();
        const seconds = msg.seconds ?? this.node(state.nodeId).timeLimit?.seconds ?? DEFAULT_VOTE_SECONDS;
        room.phase = 'deciding';
        room.round = {
          id: crypto.randomUUID(),
          index,
          nodeId: state.nodeId,
          status: 'open',
          closesAt: now + seconds * 1000,
          remainingMs: null,
        };
        return done({ clearVotesOf: index, delete: this.partialKeys() });
      }
      case 'close':
        if (room.round?.status !== 'open') return refuse('not_open', 'No vote is open.');
        return this.closeRound();
      case 'advance': {
        const round = room.round;
        // Between votes, advancing moves past the event on screen to the next one, or to the decision.
        if (!round && this.onScreen()) {
          room.narrated = (room.narrated ?? 0) + 1;
          return done();
        }
        if (!round || round.status !== 'closed')
          return refuse('not_closed', 'Close the vote before advancing.');
        const tally = this.tally();
        const leaders = leadersOf(tally);
        const choiceId = msg.choiceId ?? (leaders.length === 1 ? leaders[0] : undefined);
        if (!choiceId) {
          const label = (id: string) => `“${this.choiceLabel(round.nodeId, id)}”`;
          return refuse(
            'tie',
            leaders.length > 1
              ? `A tie between ${leaders.map(label).join(' and ')}: choose one for the room.`
              : 'Nobody voted: choose for the room.',
          );
        }
        const next = choose(this.runState(), choiceId);
        if (!next.ok) return refuse('unknown_choice', next.error.message);
        // Breaking a tie in favour of one of the tied choices is still the facilitator's decision.
        const decidedBy =
          msg.choiceId && !(leaders.length === 1 && leaders[0] === msg.choiceId) ? 'facilitator' : 'majority';
        room.decided.push({ nodeId: round.nodeId, choiceId, decidedBy, tally });
        room.round = null;
        room.narrated = 0;
        room.phase = next.value.nodeId === null ? 'ended' : 'deciding';
        this.votes.clear();
        return done({ ended: room.phase === 'ended', delete: this.partialKeys() });
      }
      case 'pause':
        this.questions.pause(room, now);
        if (room.round?.status === 'open' && room.round.closesAt !== null) {
          room.round.remainingMs = Math.max(0, room.round.closesAt - now);
          room.round.closesAt = null;
        }
        room.paused = true;
        return done();
      case 'resume':
        this.questions.resume(room, now);
        if (room.round?.status === 'open' && room.round.remainingMs !== null) {
          room.round.closesAt = now + room.round.remainingMs;
          room.round.remainingMs = null;
        }
        room.paused = false;
        return done();
      case 'back':
        if (room.decided.length === 0) return refuse('nothing_to_undo', 'There is no decision to take back.');
        room.decided.pop();
        room.round = null;
        room.phase = 'deciding';
        this.votes.clear();
        // Back to the decision itself, not the events before it.
        this.replayed = null;
        room.narrated = this.narration().length;
        return done({ delete: this.partialKeys() });
      case 'end':
        if (room.phase === 'ended') return refuse('ended', 'This session has ended.');
        room.phase = 'ended';
        room.round = null;
        if (room.question) this.questions.close(room.question);
        return done({ ended: true, delete: this.partialKeys() });
      case 'move': {
        const p = this.people.get(msg.participantId);
        if (!p || p.removed || this.config.mode !== 'teams')
          return refuse('not_found', 'No such participant, or not a team session.');
        this.people.drop(p);
        p.team = this.people.teamFor(this.sides, msg.team);
        this.people.add(p);
        // A vote cast for the old team's decision would count for the wrong side.
        const vote = room.round?.status === 'open' && this.votes.delete(p.id);
        return done({
          put: { [`p:${p.id}`]: p },
          delete: vote ? [`v:${room.round!.index}:${p.id}`] : [],
          roster: true,
          tally: !!vote,
          changedFor: [p.id],
        });
      }
      case 'remove': {
        const p = this.people.get(msg.participantId);
        if (!p || p.removed) return refuse('not_found', 'No such participant.');
        this.people.drop(p);
        p.removed = true;
        // Their device may not come back under another nickname (unless the facilitator says `bar: false`).
        if (msg.bar !== false && p.device && !this.barred(p.device))
          room.barred = [...(room.barred ?? []), p.device];
        // An open vote loses their vote; a closed one keeps it, so the revealed tally and the results stay as shown.
        const open = room.round?.status === 'open';
        if (open) this.votes.delete(p.id);
        return done({
          put: { [`p:${p.id}`]: p },
          delete: open ? [`v:${room.round!.index}:${p.id}`] : [],
          roster: true,
          tally: open,
          removed: [p.id],
        });
      }
      case 'hideReason': {
        const vote = room.round?.status === 'closed' ? this.votes.get(msg.participantId) : undefined;
        if (!vote?.reason) return refuse('not_found', 'No such reason in this round.');
        if (msg.hidden) vote.hidden = true;
        else delete vote.hidden;
        return done({ put: { [`v:${room.round!.index}:${msg.participantId}`]: vote } });
      }
      case 'project':
        room.projector = {
          ...this.projector,
          ...(msg.tally !== undefined ? { tally: msg.tally } : {}),
          ...(msg.reasons !== undefined ? { reasons: msg.reasons } : {}),
        };
        return done();
      case 'ask':
        return this.questions.ask(room, msg.checkId, msg.seconds, now);
      case 'reveal':
        return this.questions.reveal(room);
      case 'dismiss':
        return this.questions.dismiss(room);
      case 'points':
        return this.questions.setPoints(room, msg.on);
    }
  }

  /** Closes the round or the question if its time is up (the alarm calls this). */
  due(now: number): Outcome | null {
    const round = this.state.round;
    if (round?.status === 'open' && !this.state.paused && round.closesAt !== null && round.closesAt <= now)
      return this.closeRound();
    return this.questions.due(this.state, now);
  }

  /** When the open round's or question's timer runs out, if one is running. */
  deadline(): number | null {
    const round = this.state.round;
    const times = [
      round?.status === 'open' && !this.state.paused ? round.closesAt : null,
      this.questions.deadline(this.state),
    ].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /**
   * A shard's partial tally of the open round (sharded sessions): kept, stored as `t:<shard>`, and merged into the
   * live tally. One for another round, late or early, is ignored.
   */
  acceptPartial(shard: number, tally: ShardTally): Change | null {
    const round = this.state.round;
    if (round?.status !== 'open' || roundId(round) !== tally.roundId || !(shard >= 0 && shard < this.shards))
      return null;
    this.partials.set(shard, tally);
    return change({ put: { [`t:${shard}`]: tally }, tally: true });
  }

  /**
   * Closes the open round of a sharded session with the votes its shards held (the shell asks each shard for them,
   * and each stops taking votes as it answers): the frozen tally is counted from these votes, not from the partial
   * tallies, so it is exact even if a partial was late. The votes are stored here as in an unsharded room.
   */
  closeWith(collected: Iterable<[string, Vote]>): Outcome {
    const round = this.state.round;
    if (round?.status !== 'open') return refuse('not_open', 'No vote is open.');
    const put: Record<string, unknown> = {};
    for (const [id, vote] of collected) {
      const p = this.people.get(id);
      if (!p || p.removed) continue;
      this.votes.set(id, vote);
      put[`v:${round.index}:${id}`] = vote;
    }
    const deleted = this.partialKeys();
    const closed = this.closeRound();
    if (closed.ok) Object.assign(closed.change, { put: { ...put, ...closed.change.put }, delete: deleted });
    return closed;
  }

  /** The round as the shards need it to check votes; `closing` while the shell collects votes to close it. */
  shardRound(closing: boolean): ShardRound | null {
    const round = this.state.round;
    if (!round) return null;
    const node = this.node(round.nodeId);
    return {
      id: roundId(round),
      index: round.index,
      side: this.config.mode === 'teams' ? node.side : null,
      choices: (node.choices ?? []).map((c) => c.id),
      open: round.status === 'open' && !this.state.paused && !closing,
      closesAt: round.status === 'open' && !this.state.paused ? round.closesAt : null,
    };
  }

  private closeRound(): Outcome {
    const round = this.state.round!;
    round.tally = this.tally();
    round.status = 'closed';
    round.closesAt = null;
    round.remainingMs = null;
    return { ok: true, value: null, change: change({ broadcast: true, put: { room: this.state } }) };
  }

  /** What the facilitator shows on the projector besides the dilemma. */
  get projector(): { tally: boolean; reasons: boolean } {
    return this.state.projector ?? { tally: false, reasons: false };
  }

  /** Votes per choice this round: live while open, frozen from the close on. */
  tally(): Record<string, number> {
    const round = this.state.round;
    if (!round) return {};
    if (round.status === 'closed' && round.tally) return round.tally;
    const own = countVotes(this.node(round.nodeId), this.votes.values());
    return this.partials.size ? mergeTallies(own, this.partials.values(), roundId(round)).counts : own;
  }

  /** How many votes the round has (frozen at the close, like the tally). */
  voteCount(): number {
    const round = this.state.round;
    if (round?.status === 'closed' && round.tally)
      return Object.values(round.tally).reduce((a, b) => a + b, 0);
    if (!round || !this.partials.size) return this.votes.size;
    return this.votes.size + mergeTallies({}, this.partials.values(), roundId(round)).votes;
  }

  roster(): RosterEntry[] {
    return this.people.entries();
  }

  /** The engine's state after the room's decisions (cached until the next one). */
  runState(): RunState {
    if (this.replayed) return this.replayed;
    const config = this.config;
    const result = replay(
      config.scenario,
      config.mode === 'room' ? config.side! : EVERY_SIDE,
      config.seed,
      this.state.decided.map((d) => d.choiceId),
    );
    if (!result.ok) throw new Error(`live session ${config.code} does not replay: ${result.error.message}`);
    return (this.replayed = result.value);
  }

  /** The narrated steps since the room's last decision: the events and the other side's moves, in order. */
  narration(): readonly PathStep[] {
    const path = this.runState().path;
    let from = path.length;
    while (from > 0 && path[from - 1]!.kind !== 'decision') from--;
    return path.slice(from);
  }

  /**
   * The narrated step on every screen until the facilitator advances past it (with its place among them), while no
   * vote is open or revealed and the session goes on; null otherwise. The lobby shows how to join instead: what
   * precedes the first decision is its setting, which the first vote moves past.
   */
  onScreen(): { step: PathStep; number: number; of: number } | null {
    if (this.state.phase !== 'deciding' || this.state.round) return null;
    const steps = this.narration();
    const seen = this.state.narrated ?? 0;
    return seen < steps.length ? { step: steps[seen]!, number: seen + 1, of: steps.length } : null;
  }

  node(id: string): ScenarioNode {
    return this.config.scenario.nodes.find((n) => n.id === id)!;
  }

  choiceLabel(nodeId: string, choiceId: string): string {
    return this.node(nodeId).choices?.find((c) => c.id === choiceId)?.label ?? choiceId;
  }

  /** The room as one audience may see it (room-view.ts). */
  view(audience: Audience): RoomView {
    return roomView(this, audience);
  }

  /** The results written to D1 at the end, from every stored vote (`v:<round>:<participant>` → vote). */
  results(storedVotes: Iterable<[string, Vote]>): LiveResults {
    return liveResults(
      this.people.all.values(),
      this.state.decided,
      storedVotes,
      this.runState().endingId,
      this.questions.results(this.state),
    );
  }
}
