import type { Scenario } from '../engine';
import type { LiveErrorCode, Role } from './protocol';
import type { AskedQuestion, Question } from './questions';

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
  /** The points board starts on (the facilitator's choice when creating the session; off by default). */
  points?: boolean;
  /** Fan-out objects holding the participants' sockets and votes (sharding.ts); 0 or absent: this object holds them. */
  shards?: number;
};

export type Participant = {
  id: string;
  token: string;
  nickname: string;
  team: string | null;
  removed?: boolean;
  /** The fan-out object they connect through, in a sharded session. */
  shard?: number;
  /** The device they joined from (a random id in an HTTP-only cookie): a removal can bar it. */
  device?: string;
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
  /** The knowledge-check question on screen (questions.ts); absent in rooms stored before questions. */
  question?: Question | null;
  /** Every question asked so far, in order: its answers are stored under `q:<index>:<participant>`. */
  asked?: AskedQuestion[];
  /** Whether the points board shows (off by default). */
  points?: boolean;
  /**
   * How many of the narrated steps since the room's last decision (events, the other side's moves) the facilitator
   * has advanced past; absent counts as none.
   */
  narrated?: number;
  /** Devices the facilitator barred by removing someone: they cannot connect or join again this session. */
  barred?: string[];
};

/** Who a shared state is for: each gets one serialised copy per broadcast. */
export type Audience = 'facilitator' | 'projector' | `team:${string}` | 'participants';

/**
 * What an accepted action changed, for the shell to persist and announce. Storage keys: `room`, `p:<participant>`,
 * `v:<round>:<participant>`, `q:<question>:<participant>` (an answer to a question, stored like a vote), and in a
 * sharded session `t:<shard>` (a shard's partial tally of the open round).
 */
export type Change = {
  put: Record<string, unknown>;
  delete: string[];
  /** The room's state changed: every audience gets the new state. */
  broadcast: boolean;
  /** Votes changed: a batched tally is due. */
  tally: boolean;
  /** Answers to the question on screen changed: batched answer counts are due. */
  answers: boolean;
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

/** A change with nothing in it but what `partial` says. */
export const change = (partial: Partial<Change> = {}): Change => ({
  put: {},
  delete: [],
  broadcast: false,
  tally: false,
  answers: false,
  roster: false,
  ended: false,
  removed: [],
  changedFor: [],
  clearVotesOf: null,
  ...partial,
});

export const refuse = (code: LiveErrorCode, message: string): Outcome<never> => ({
  ok: false,
  code,
  message,
});

/** The round's id as clients see it. */
export function roundId(round: Round): string {
  return round.id ?? String(round.index);
}

/** The audience a connection belongs to. */
export function audienceOf(role: Role, participant: Participant | undefined): Audience {
  if (role !== 'participant') return role;
  return participant?.team ? `team:${participant.team}` : 'participants';
}
