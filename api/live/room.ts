import {
  choose,
  debriefView,
  EVERY_SIDE,
  historicalNodeIds,
  historicalRun,
  replay,
  score,
  view,
  type RunState,
  type Scenario,
} from '../engine';
import { nicknameKeys } from './nickname';
import type {
  FacilitatorMessage,
  LiveErrorCode,
  OwnVote,
  ReasonGroup,
  Role,
  RosterEntry,
  RoomView,
  ServerMessage,
} from './protocol';

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

export type Participant = {
  id: string;
  token: string;
  nickname: string;
  team: string | null;
  removed?: boolean;
};
export type Vote = { choiceId: string; reason?: string; hidden?: boolean };
export type Round = {
  /** Unique per opening (older stored rounds have none: their index stands in). */
  id?: string;
  index: number;
  nodeId: string;
  status: 'open' | 'closed';
  closesAt: number | null;
  remainingMs: number | null;
  /** The counts when the vote closed: what the room saw is what counts, whatever happens to the roster later. */
  tally?: Record<string, number>;
};
export type Decided = {
  nodeId: string;
  choiceId: string;
  decidedBy: 'majority' | 'facilitator';
  tally: Record<string, number>;
};
export type RoomState = {
  phase: 'lobby' | 'deciding' | 'ended';
  paused: boolean;
  decided: Decided[];
  round: Round | null;
  projector?: { tally: boolean; reasons: boolean };
};

/** Who a shared state is for: each gets one serialised copy per broadcast. */
export type Audience = 'facilitator' | 'projector' | `team:${string}` | 'participants';

/**
 * What an accepted action changed, for the shell to persist and announce. Storage keys: `room`, `p:<participant>`,
 * `v:<round>:<participant>`.
 */
export type Change = {
  put: Record<string, unknown>;
  delete: string[];
  /** The room's state changed: every audience gets the new state. */
  broadcast: boolean;
  /** Votes changed: a batched tally is due. */
  tally: boolean;
  /** Someone joined, left or moved: a batched roster is due. */
  roster: boolean;
  /** The session ended: write the results to D1. */
  ended: boolean;
  /** Sockets of these participants close (removed by the facilitator). */
  removed: string[];
  /** These participants' own data changed (their team): they get a `you` message. */
  changedFor: string[];
  /** Before the round opens, the shell deletes any stored votes of an earlier attempt at this step. */
  clearVotesOf: number | null;
};

export type Outcome<T = null> =
  { ok: true; value: T; change: Change } | { ok: false; code: LiveErrorCode; message: string };

const DEFAULT_VOTE_SECONDS = 60;

const change = (partial: Partial<Change> = {}): Change => ({
  put: {},
  delete: [],
  broadcast: false,
  tally: false,
  roster: false,
  ended: false,
  removed: [],
  changedFor: [],
  clearVotesOf: null,
  ...partial,
});
const refuse = (code: LiveErrorCode, message: string): Outcome<never> => ({ ok: false, code, message });

/** The audience a connection belongs to. */
export function audienceOf(role: Role, participant: Participant | undefined): Audience {
  if (role !== 'participant') return role;
  return participant?.team ? `team:${participant.team}` : 'participants';
}

/**
 * A live room's rules, with no sockets, storage or clocks of its own (the time comes in as `now`): joining, voting,
 * and the facilitator's open, close, advance, back and end. The Durable Object keeps one, persists each `Change` it
 * returns and sends what it says; the unit tests drive it directly in Node.
 */
export class Room {
  readonly participants = new Map<string, Participant>();
  /** This round's votes, by participant. */
  readonly votes = new Map<string, Vote>();
  private readonly byKey = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly teamSizes = new Map<string, number>();
  private active = 0;
  private replayed: RunState | null = null;

  constructor(
    readonly config: LiveConfig,
    public state: RoomState = { phase: 'lobby', paused: false, decided: [], round: null },
    participants: Iterable<Participant> = [],
    votes: Iterable<[string, Vote]> = [],
  ) {
    for (const p of participants) this.index(p);
    for (const [id, vote] of votes) this.votes.set(id, vote);
  }

  get participantCount(): number {
    return this.active;
  }

  byTokenOf(token: string): Participant | undefined {
    const id = this.byToken.get(token);
    return id ? this.participants.get(id) : undefined;
  }

  private index(p: Participant) {
    this.participants.set(p.id, p);
    if (p.removed) return;
    for (const key of nicknameKeys(p.nickname)) this.byKey.set(key, p.id);
    this.byToken.set(p.token, p.id);
    if (p.team) this.teamSizes.set(p.team, (this.teamSizes.get(p.team) ?? 0) + 1);
    this.active++;
  }

  private unindex(p: Participant) {
    for (const key of nicknameKeys(p.nickname)) if (this.byKey.get(key) === p.id) this.byKey.delete(key);
    this.byToken.delete(p.token);
    if (p.team) this.teamSizes.set(p.team, (this.teamSizes.get(p.team) ?? 1) - 1);
    this.active--;
  }

  private get sides(): string[] {
    return this.config.scenario.sides.filter((s) => s.playable).map((s) => s.id);
  }

  /** The requested team if it is a playable side, otherwise the smaller team (automatic balance). */
  private teamFor(requested: string | undefined): string {
    const sides = this.sides;
    if (requested && sides.includes(requested)) return requested;
    const sizes = sides.map((side) => this.teamSizes.get(side) ?? 0);
    return sides[sizes.indexOf(Math.min(...sizes))]!;
  }

  /** Adds a participant (the nickname already normalised by the protocol schema). */
  join(nickname: string, team: string | undefined): Outcome<Participant> {
    if (this.state.phase === 'ended') return refuse('ended', 'This session has ended.');
    if (this.active >= this.config.maxParticipants) return refuse('full', 'The session is full.');
    if (nicknameKeys(nickname).some((key) => this.byKey.has(key))) {
      return refuse(
        'nickname_taken',
        'Someone already uses this nickname, or one that looks the same; choose another.',
      );
    }
    const participant: Participant = {
      id: crypto.randomUUID(),
      token: crypto.randomUUID(),
      nickname,
      team: this.config.mode === 'teams' ? this.teamFor(team) : null,
    };
    this.index(participant);
    return {
      ok: true,
      value: participant,
      change: change({ put: { [`p:${participant.id}`]: participant }, roster: true }),
    };
  }

  /** Records (or replaces) a participant's vote in the open round. */
  vote(participantId: string | null, choiceId: string, reason: string | undefined): Outcome<OwnVote> {
    const round = this.state.round;
    const participant = participantId ? this.participants.get(participantId) : undefined;
    if (!participant || participant.removed) return refuse('not_joined', 'Join with a nickname first.');
    if (!round || round.status !== 'open' || this.state.paused)
      return refuse('voting_closed', 'Voting is not open.');
    const node = this.node(round.nodeId);
    if (this.config.mode === 'teams' && node.side !== participant.team)
      return refuse('not_your_turn', 'The other team decides this one.');
    if (!node.choices?.some((c) => c.id === choiceId))
      return refuse('unknown_choice', 'That is not one of the choices.');
    const vote: Vote = reason ? { choiceId, reason } : { choiceId };
    this.votes.set(participant.id, vote);
    return {
      ok: true,
      value: { roundId: roundId(round), ...vote },
      change: change({ put: { [`v:${round.index}:${participant.id}`]: vote }, tally: true }),
    };
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
        return done({ clearVotesOf: index });
      }
      case 'close':
        if (room.round?.status !== 'open') return refuse('not_open', 'No vote is open.');
        return this.closeRound();
      case 'advance': {
        const round = room.round;
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
        room.phase = next.value.nodeId === null ? 'ended' : 'deciding';
        this.votes.clear();
        return done({ ended: room.phase === 'ended' });
      }
      case 'pause':
        if (room.round?.status === 'open' && room.round.closesAt !== null) {
          room.round.remainingMs = Math.max(0, room.round.closesAt - now);
          room.round.closesAt = null;
        }
        room.paused = true;
        return done();
      case 'resume':
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
        return done();
      case 'end':
        if (room.phase === 'ended') return refuse('ended', 'This session has ended.');
        room.phase = 'ended';
        room.round = null;
        return done({ ended: true });
      case 'move': {
        const p = this.participants.get(msg.participantId);
        if (!p || p.removed || this.config.mode !== 'teams')
          return refuse('not_found', 'No such participant, or not a team session.');
        this.unindex(p);
        p.team = this.teamFor(msg.team);
        this.index(p);
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
        const p = this.participants.get(msg.participantId);
        if (!p || p.removed) return refuse('not_found', 'No such participant.');
        this.unindex(p);
        p.removed = true;
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
    }
  }

  /** Closes the round if its time is up (the alarm calls this). */
  due(now: number): Outcome | null {
    const round = this.state.round;
    if (round?.status === 'open' && !this.state.paused && round.closesAt !== null && round.closesAt <= now)
      return this.closeRound();
    return null;
  }

  /** When the open round's timer runs out, if one is running. */
  deadline(): number | null {
    const round = this.state.round;
    return round?.status === 'open' && !this.state.paused ? round.closesAt : null;
  }

  private closeRound(): Outcome {
    const round = this.state.round!;
    round.tally = this.tally();
    round.status = 'closed';
    round.closesAt = null;
    round.remainingMs = null;
    return { ok: true, value: null, change: change({ broadcast: true, put: { room: this.state } }) };
  }

  private get projector() {
    return this.state.projector ?? { tally: false, reasons: false };
  }

  /** Votes per choice this round: live while open, frozen from the close on. */
  tally(): Record<string, number> {
    const round = this.state.round;
    if (!round) return {};
    if (round.status === 'closed' && round.tally) return round.tally;
    const counts: Record<string, number> = {};
    for (const choice of this.node(round.nodeId).choices ?? []) counts[choice.id] = 0;
    for (const vote of this.votes.values()) counts[vote.choiceId] = (counts[vote.choiceId] ?? 0) + 1;
    return counts;
  }

  /** How many votes the round has (frozen at the close, like the tally). */
  voteCount(): number {
    const round = this.state.round;
    if (round?.status === 'closed' && round.tally)
      return Object.values(round.tally).reduce((a, b) => a + b, 0);
    return this.votes.size;
  }

  tallyMessage(): ServerMessage {
    return {
      type: 'tally',
      nodeId: this.state.round?.nodeId ?? null,
      counts: this.tally(),
      votes: this.voteCount(),
    } satisfies ServerMessage;
  }

  roster(): RosterEntry[] {
    const entries: RosterEntry[] = [];
    for (const { id, nickname, team, removed } of this.participants.values())
      if (!removed) entries.push({ id, nickname, team });
    return entries;
  }

  /** A participant's own data: who they are and their vote in this round. */
  you(participantId: string | null): ServerMessage {
    const p = participantId ? this.participants.get(participantId) : undefined;
    const round = this.state.round;
    const vote = p && round ? this.votes.get(p.id) : undefined;
    return {
      type: 'you',
      participant: p && !p.removed ? { id: p.id, nickname: p.nickname, team: p.team } : null,
      vote:
        vote && round
          ? {
              roundId: roundId(round),
              choiceId: vote.choiceId,
              ...(vote.reason ? { reason: vote.reason } : {}),
            }
          : null,
    } satisfies ServerMessage;
  }

  private runState(): RunState {
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

  private node(id: string) {
    return this.config.scenario.nodes.find((n) => n.id === id)!;
  }

  private choiceLabel(nodeId: string, choiceId: string): string {
    return this.node(nodeId).choices?.find((c) => c.id === choiceId)?.label ?? choiceId;
  }

  private reasons(round: Round, withHidden: boolean): ReasonGroup[] {
    const groups = (this.node(round.nodeId).choices ?? []).map((c): ReasonGroup => ({
      choiceId: c.id,
      label: c.label,
      reasons: [],
    }));
    for (const [participantId, vote] of this.votes) {
      if (!vote.reason || (vote.hidden && !withHidden)) continue;
      const nickname = this.participants.get(participantId)?.nickname ?? '';
      groups
        .find((g) => g.choiceId === vote.choiceId)
        ?.reasons.push({ participantId, nickname, reason: vote.reason, hidden: !!vote.hidden });
    }
    return groups;
  }

  /** The room as one audience may see it: never votes before the reveal to participants, never a choice's effects. */
  view(audience: Audience): RoomView {
    const config = this.config;
    const room = this.state;
    const state = this.runState();
    const staff = audience === 'facilitator' || audience === 'projector';
    const team = audience.startsWith('team:') ? audience.slice(5) : null;
    // A team sees its own side's view; the room, the facilitator and the projector see the room's side or the first.
    const viewSide = team ?? config.side ?? this.sides[0]!;
    const sideView = view({ ...state, side: viewSide });
    const node = state.nodeId ? this.node(state.nodeId) : null;
    const round = room.round;
    const revealed = round?.status === 'closed';
    const tally = round && (staff || revealed) ? this.tally() : null;
    const lastDecided = room.decided.at(-1);
    const lastNode = lastDecided ? this.node(lastDecided.nodeId) : null;
    const lastChoice = lastNode?.choices?.find((c) => c.id === lastDecided!.choiceId);
    const ownSide = lastNode && (config.mode === 'room' || staff || lastNode.side === team);
    const showReasons =
      revealed && (audience === 'facilitator' || (audience === 'projector' && this.projector.reasons));
    return {
      type: 'state',
      code: config.code,
      mode: config.mode,
      scenario: { title: config.scenario.title },
      teams:
        config.mode === 'teams'
          ? config.scenario.sides.filter((s) => s.playable).map(({ id, label }) => ({ id, label }))
          : [],
      phase: room.phase,
      paused: room.paused,
      participants: staff ? this.roster() : this.active,
      decision:
        node && room.phase !== 'ended'
          ? {
              nodeId: node.id,
              side: node.side,
              title: node.title,
              body: node.body,
              choices: (node.choices ?? []).map(({ id, label, detail }) =>
                detail ? { id, label, detail } : { id, label },
              ),
              yourTurn: !staff && (config.mode === 'room' || node.side === team),
            }
          : null,
      round: round
        ? {
            id: roundId(round),
            status: round.status,
            closesAt: round.closesAt,
            paused: room.paused,
            votes: this.voteCount(),
            tally,
            tied: revealed ? (leadersOf(this.tally()).length > 1 ? leadersOf(this.tally()) : []) : [],
            reasons: showReasons ? this.reasons(round, audience === 'facilitator') : null,
          }
        : null,
      projector: this.projector,
      lastOutcome: lastChoice
        ? {
            title: lastNode!.title,
            choice: lastChoice.label,
            text: ownSide ? lastChoice.feedback : (lastChoice.seenByOthers ?? lastChoice.label),
            tally: lastDecided!.tally,
          }
        : null,
      path: room.decided.map((d) => {
        const n = this.node(d.nodeId);
        return {
          title: n.title,
          side: n.side,
          choice: this.choiceLabel(d.nodeId, d.choiceId),
          decidedBy: d.decidedBy,
          // Shown beside the room's choice only once the session has ended (the debrief).
          historical: room.phase === 'ended' ? (n.choices?.find((c) => c.historical)?.label ?? null) : null,
          onHistoricalPath: room.phase === 'ended' ? historicalNodeIds(config.scenario).has(n.id) : null,
        };
      }),
      metrics: sideView.metrics,
      ending: room.phase === 'ended' ? this.debrief(state, viewSide) : null,
    } satisfies RoomView;
  }

  private debrief(state: RunState, side: string): RoomView['ending'] {
    const ending = state.endingId
      ? this.config.scenario.endings.find((e) => e.id === state.endingId)
      : undefined;
    const historical = historicalRun(this.config.scenario)
      .path.filter((p) => p.kind !== 'event')
      .map((p) => p.choiceId);
    // As in a solo run's alignment, only decisions that really arose count.
    const onPath = historicalNodeIds(this.config.scenario);
    const counted = this.state.decided.filter((d) => onPath.has(d.nodeId));
    return {
      title: ending?.title ?? 'Session ended before the scenario did',
      text: ending?.text ?? '',
      debrief: ending ? debriefView(state, ending, side) : null,
      matchedHistory: counted.filter((d) => historical.includes(d.choiceId)).length,
      decisions: counted.length,
      score: state.endingId ? score({ ...state, side }).score : null,
      timeline: view({ ...state, side }).timeline.map(({ title, kind, metrics, changes }) => ({
        title,
        kind,
        metrics,
        changes,
      })),
    };
  }

  /** The results written to D1 at the end, from every stored vote (`v:<round>:<participant>` → vote). */
  results(storedVotes: Iterable<[string, Vote]>): LiveResults {
    const all = [...storedVotes];
    return {
      participants: [...this.participants.values()].map(({ id, nickname, team, removed }) => ({
        id,
        nickname,
        team,
        ...(removed ? { removed } : {}),
      })),
      rounds: this.state.decided.map((d, index) => ({
        ...d,
        votes: all
          .filter(([key]) => key.startsWith(`v:${index}:`))
          .map(([key, { choiceId, reason, hidden }]) => ({
            participantId: key.split(':')[2]!,
            choiceId,
            ...(reason ? { reason } : {}),
            ...(hidden ? { hidden } : {}),
          })),
      })),
      ending: this.runState().endingId,
    };
  }
}

/** What `live_sessions.results` holds. */
export type LiveResults = {
  participants: { id: string; nickname: string; team: string | null; removed?: boolean }[];
  rounds: (Decided & {
    votes: { participantId: string; choiceId: string; reason?: string; hidden?: boolean }[];
  })[];
  ending: string | null;
};

function roundId(round: Round): string {
  return round.id ?? String(round.index);
}

/** The choices with the most votes (none when nobody voted). */
export function leadersOf(tally: Record<string, number>): string[] {
  const top = Math.max(0, ...Object.values(tally));
  return top > 0 ? Object.keys(tally).filter((id) => tally[id] === top) : [];
}
